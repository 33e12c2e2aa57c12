package org.takedown.matching.index.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on a two-node cluster, the release in three shards over both nodes: hits gathered from several
 * shards, BM25 statistics summed over them, kNN candidates merged.
 */
class OpenSearchTwoNodeContractIT extends OpenSearchContract {

    static final int SHARDS = 3;

    @BeforeAll
    static void startCluster() throws IOException {
        start(2, SHARDS);
    }

    @AfterAll
    static void stopCluster() throws IOException {
        stop();
    }

    /**
     * 2,000 queries on CI (about 30 s here); the thorough run ({@code -Dthorough=true}, docs/operations.md) asks
     * 10,000, which took 145 s on two cores with both nodes on the one machine.
     */
    @Override
    protected int pdqExactnessQueries() {
        return Boolean.getBoolean("thorough") ? 10_000 : 2_000;
    }

    @Test
    void theReleaseIsSpreadOverBothNodes() {
        assertEquals(2, cluster.nodes());
        assertEquals(2, shardNodes().size(), "shards on both nodes");
        assertEquals(SHARDS, http.send("GET", openSearch.index() + "/_settings", null).path(openSearch.index())
                .path("settings").path("index").path("number_of_shards").asInt());
    }
}
