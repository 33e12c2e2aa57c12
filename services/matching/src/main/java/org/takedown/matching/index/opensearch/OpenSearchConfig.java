package org.takedown.matching.index.opensearch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Where releases kept in OpenSearch are served from (ADR 018); without hosts every release is embedded. */
@ConfigMapping(prefix = "takedown.matching.opensearch")
public interface OpenSearchConfig {

    /** The nodes' HTTP addresses, e.g. {@code http://opensearch:9200}; none: no OpenSearch backend. */
    Optional<List<String>> hosts();

    /** The cluster user matching acts as (HTTP basic authentication; the operator's security plugin); none: open. */
    Optional<String> username();

    /** That user's password (from a Secret, never the ConfigMap). */
    Optional<String> password();

    /** The PEM file of the CA that signed the cluster's HTTPS certificates; none: the JVM's trust store. */
    Optional<String> caCertificate();

    /** How to reach the cluster. */
    default OpenSearchHttp.Access access() {
        return new OpenSearchHttp.Access(username(), password(), caCertificate());
    }

    /** The start of every index and alias name matching writes ({@code <prefix>-<data set>--<release>-<digest>}). */
    @WithDefault("takedown")
    String indexPrefix();

    /**
     * Whether activating a release that is published only under the index root first writes it into OpenSearch
     * (as {@code opensearch-publish} does), so that it is served from there: the dev stack's {@code --opensearch}
     * and a deployment that ingests with the embedded ingester but serves from a cluster.
     */
    @WithDefault("false")
    boolean publishOnActivate();

    /** Primary shards of an index written on activation. */
    @WithDefault("2")
    int shards();

    /** Replicas of each shard of an index written on activation. */
    @WithDefault("0")
    int replicas();
}
