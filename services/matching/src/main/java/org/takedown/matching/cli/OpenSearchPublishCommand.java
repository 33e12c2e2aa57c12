package org.takedown.matching.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.takedown.matching.index.opensearch.OpenSearchDatasetIndex;
import org.takedown.matching.index.opensearch.OpenSearchHttp;
import org.takedown.matching.index.opensearch.OpenSearchPublisher;
import org.takedown.matching.ingest.ReleaseStore;

/**
 * {@code opensearch-publish INDEX_ROOT DATASET RELEASE OPENSEARCH_URL[,URL…] [SHARDS [REPLICAS [PREFIX]]]}: writes a
 * release published under {@code INDEX_ROOT} by {@code ingest} into its own OpenSearch index (ADR 018; defaults:
 * 2 shards, 0 replicas, prefix {@code takedown}); matching serves it from there once the release's backend is
 * {@code opensearch}. A secured cluster's user and CA come from the environment variables that configure the
 * service ({@code TAKEDOWN_MATCHING_OPENSEARCH_USERNAME}, {@code _PASSWORD}, {@code _CA_CERTIFICATE}). Exit status 0
 * when written, 1 on failure, 2 on a usage error.
 */
public final class OpenSearchPublishCommand {

    private OpenSearchPublishCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 5 || args.length > 8 || !"opensearch-publish".equals(args[0])) {
            err.println("usage: opensearch-publish INDEX_ROOT DATASET RELEASE OPENSEARCH_URL[,URL...] [SHARDS [REPLICAS [PREFIX]]]");
            return 2;
        }
        ReleaseStore store = new ReleaseStore(Path.of(args[1]));
        int shards;
        int replicas;
        try {
            ReleaseStore.checkId(args[2]);
            ReleaseStore.checkId(args[3]);
            shards = args.length > 5 ? Integer.parseInt(args[5]) : 2;
            replicas = args.length > 6 ? Integer.parseInt(args[6]) : 0;
            if (shards < 1 || replicas < 0) {
                throw new IllegalArgumentException("at least one shard and no negative replicas");
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        String prefix = args.length > 7 ? args[7] : "takedown";
        if (!store.isPublished(args[2], args[3])) {
            err.println("release " + args[2] + "/" + args[3] + " is not published under " + args[1] + ": ingest it first");
            return 1;
        }
        try {
            OpenSearchHttp http = new OpenSearchHttp(List.of(args[4].split(",")), new ObjectMapper(),
                    OpenSearchHttp.Access.fromEnvironment(System.getenv()));
            OpenSearchDatasetIndex index = OpenSearchPublisher.publish(store.published(args[2], args[3]), http, prefix,
                    args[2], args[3], shards, replicas);
            out.println("published " + args[2] + "/" + args[3] + " to OpenSearch index " + index.index() + ": "
                    + index.size() + " rows, " + index.hashedItems() + " with a matchable PDQ hash");
            return 0;
        } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException | OpenSearchHttp.OpenSearchException e) {
            err.println(e.getMessage());
            return 1;
        }
    }
}
