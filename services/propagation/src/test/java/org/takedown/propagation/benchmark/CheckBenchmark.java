package org.takedown.propagation.benchmark;

import static io.restassured.RestAssured.given;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.takedown.testing.Tokens;
import org.takedown.testing.RealInfrastructureResource;

/**
 * Bulk check benchmark (not a test; run on demand, see the README): fills the registry with
 * {@code -Dbench.registry=N} removed URLs (default 2,000,000) straight in PostgreSQL, then posts
 * {@code -Dbench.batches=N} (default 60) batches of 10,000 URLs (half of them removed) over HTTP from
 * {@code -Dbench.clients=N} (default 2) clients, and reports URLs checked per second. The rows are
 * deleted afterwards.
 */
@QuarkusTest
@TestProfile(BenchmarkProfile.class)
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
class CheckBenchmark {

    private static final String DATASET = "bench-check";
    private static final int BATCH = 10_000;

    @Inject
    EntityManager entityManager;

    @Test
    void bulkCheck() throws Exception {
        int size = Integer.getInteger("bench.registry", 2_000_000);
        int batches = Integer.getInteger("bench.batches", 60);
        int clients = Integer.getInteger("bench.clients", 2);
        String token = Tokens.shared().vendor("acme");
        try {
            long fillStart = System.nanoTime();
            QuarkusTransaction.requiringNew().timeout(1800).run(() -> entityManager.createNativeQuery("""
                    INSERT INTO removal (request_id, dataset_id, release_id, item_id, url, removed_at)
                    SELECT '00000000-0000-0000-0000-00000000bec0'::uuid, :dataset, 'r', 'i' || g,
                           'https://bench.example/img/' || g || '.jpg', now()
                    FROM generate_series(1, :size) g""").setParameter("dataset", DATASET).setParameter("size", size).executeUpdate());
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("ANALYZE removal").executeUpdate());
            double fillSeconds = (System.nanoTime() - fillStart) / 1e9;

            check(token, body(size)); // warm-up
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long start = System.nanoTime();
            List<Future<Integer>> done = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                String body = body(size);
                done.add(pool.submit(() -> check(token, body)));
            }
            long removed = 0;
            for (Future<Integer> f : done) {
                removed += f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            long urls = (long) batches * BATCH;
            String report = String.format("""
                    bulk check benchmark, %s, %d cores, max heap %d MB
                    registry: %,d removed URLs (filled in %.0f s)
                    %d batches of %,d URLs from %d clients: %,d URLs in %.1f s = %,.0f URLs/s (%d removed answers)
                    """, Instant.now(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                    size, fillSeconds, batches, BATCH, clients, urls, seconds, urls / seconds, removed);
            System.out.println(report);
            Path out = Path.of("target", "benchmarks", "check.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        } finally {
            QuarkusTransaction.requiringNew().timeout(1800).run(() -> entityManager
                    .createNativeQuery("DELETE FROM removal WHERE dataset_id = :dataset").setParameter("dataset", DATASET)
                    .executeUpdate());
        }
    }

    /** Half removed URLs (random ones of the registry), half unknown. */
    private static String body(int size) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return IntStream.range(0, BATCH).mapToObj(i -> i % 2 == 0
                ? "https://bench.example/img/" + (1 + random.nextInt(size)) + ".jpg"
                : "https://bench.example/other/" + random.nextInt() + ".jpg").collect(Collectors.joining("\n"));
    }

    private static int check(String token, String body) {
        return given().auth().oauth2(token).contentType("text/plain").body(body).post("/api/v1/check")
                .then().statusCode(200).extract().path("removed");
    }
}
