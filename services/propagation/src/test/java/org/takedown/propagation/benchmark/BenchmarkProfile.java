package org.takedown.propagation.benchmark;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Production delivery settings (pool 64, 4 per endpoint, circuit 5 failures / 30 s) for the benchmarks. */
public class BenchmarkProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "takedown.propagation.max-concurrent-deliveries", "64",
                "takedown.propagation.per-endpoint-concurrency", "4",
                "takedown.propagation.circuit.failure-threshold", "5",
                "takedown.propagation.circuit.cool-down", "30s",
                "takedown.propagation.dispatch-interval", "200ms",
                "quarkus.log.category.\"org.takedown.propagation\".level", "WARN");
    }
}
