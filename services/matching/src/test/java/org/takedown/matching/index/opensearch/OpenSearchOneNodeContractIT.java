package org.takedown.matching.index.opensearch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract on one OpenSearch node, the release in one shard. */
class OpenSearchOneNodeContractIT extends OpenSearchContract {

    @BeforeAll
    static void startCluster() throws IOException {
        start(1, 1);
    }

    @AfterAll
    static void stopCluster() throws IOException {
        stop();
    }

    @Override
    protected int pdqExactnessQueries() {
        return 1_000; // the two-node class asks 10,000
    }

    @Test
    void theReleaseIsOnTheOneNode() {
        assertEquals(1, shardNodes().size());
    }
}
