package org.takedown.propagation.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.takedown.propagation.apikey.ApiKeyService;
import org.takedown.propagation.apikey.ApiKeys;
import org.takedown.propagation.removal.index.RemovalIndex;
import org.takedown.propagation.removal.index.UrlFingerprint;
import org.takedown.propagation.vendor.VendorApi;
import org.takedown.propagation.vendor.VendorService;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;
import org.takedown.web.ProblemException;

/**
 * Bulk check benchmark (not a test; run on demand, see the README).
 *
 * <p>Set-up: {@code -Dbench.real=N} (default 10,000) real removals go into PostgreSQL and reach the in-memory index
 * through the feed, as in production; the index is then loaded again from PostgreSQL, timed (the start-up load); then
 * the registry is made up to {@code -Dbench.registry=N} (default 100,000,000) with <b>synthetic</b> fingerprints of
 * the URLs {@code https://bench.example/img/<1..N-real>.jpg}, generated straight into the index (filling
 * PostgreSQL with 100 M rows would take this machine hours; the check path never reads PostgreSQL once the index is
 * loaded, so the rows would change nothing but the start-up time, measured separately).
 *
 * <p>Measured: {@code -Dbench.batches=N} (default 1,000) batches of 10,000 URLs (half of them in the registry), posted
 * from {@code -Dbench.clients=N} (default 2) threads with the JDK HTTP client (100 distinct bodies built beforehand and
 * posted in turn; the client
 * reads the answer's bytes and takes {@code removed} from its head). The same batches are first posted against the
 * index holding only the real rows (the baseline of the same run); heap used is taken after a GC with the index full.
 * The real rows are checked for correctness (each answered removed, each unknown URL not) and deleted afterwards; the
 * index is reloaded from PostgreSQL to drop the synthetic fingerprints.
 *
 * <p>Rules ({@code -Dbench.rules=N}, default 0 = not measured): with the full registry, a second kind of batch is
 * posted before and after N domain rules on realistic hosts ({@link RuleHosts}: two words on 45 public suffixes) are
 * put into the index: per 10,000 URLs, half are removed URLs of the registry as above, a quarter lie on random
 * subdomains of ruled hosts ({@code https://cdn2.riverstone.co.uk/img/…}), a quarter on subdomains of hosts without a
 * rule. Without rules the rule quarter is not removed; with them it is, and every URL that is no exact hit is looked up
 * by its host and each parent domain.
 */
@QuarkusTest
@TestProfile(BenchmarkProfile.class)
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
class CheckBenchmark {

    private static final String DATASET = "bench-check";
    private static final int BATCH = 10_000;
    /** Bodies built beforehand and posted in turn (100 × 370 KB; more would crowd the 2 GB heap the index shares). */
    private static final int DISTINCT_BODIES = 100;

    @Inject
    EntityManager entityManager;

    @Inject
    RemovalIndex index;

    @TestHTTPResource("/api/v1/check")
    URL checkUrl;

    @TestHTTPResource("/api/v2/query/urls/")
    URL spawningUrl;

    @Inject
    VendorService vendors;

    @Inject
    ApiKeyService apiKeys;

    @Inject
    ApiKeys keyMap;

    @Test
    void bulkCheck() throws Exception {
        long size = Long.getLong("bench.registry", 100_000_000L);
        int real = Integer.getInteger("bench.real", 10_000);
        int batches = Integer.getInteger("bench.batches", 1000);
        int clients = Integer.getInteger("bench.clients", 2);
        String token = Tokens.shared().vendor("acme");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI check = checkUrl.toURI();
        try {
            while (!index.ready()) {
                Thread.sleep(100);
            }
            QuarkusTransaction.requiringNew().timeout(600).run(() -> entityManager.createNativeQuery("""
                    INSERT INTO removal (request_id, dataset_id, release_id, item_id, url, removed_at)
                    SELECT '00000000-0000-0000-0000-00000000bec0'::uuid, :dataset, 'r', 'i' || g,
                           'https://bench-real.example/img/' || g || '.jpg', now()
                    FROM generate_series(1, :real) g""").setParameter("dataset", DATASET).setParameter("real", real).executeUpdate());
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("ANALYZE removal").executeUpdate());
            long head = QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                    .createNativeQuery("SELECT max(id) FROM removal").getSingleResult()).longValue());
            while (index.cursor() < head) {
                Thread.sleep(100);
            }
            // Start-up time: the index loaded again from PostgreSQL, as at start-up, with the real rows in it.
            long loadStart = System.nanoTime();
            index.reload();
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            correctness(http, check, token, real);

            List<byte[]> bodies = new ArrayList<>();
            Random random = new Random(1);
            for (int b = 0; b < DISTINCT_BODIES; b++) {
                bodies.add(body(random, size - real));
            }
            run(http, check, token, clients, bodies, 100); // warm-up
            Result baseline = run(http, check, token, clients, bodies, batches);

            long fillStart = System.nanoTime();
            fill(size - real);
            double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
            System.gc();
            long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            correctness(http, check, token, real);
            run(http, check, token, clients, bodies, 100); // warm-up
            Result full = run(http, check, token, clients, bodies, batches);
            assertEquals((long) batches * BATCH / 2, full.removed, "every URL of the synthetic half answered removed");

            // The same batches through the Spawning-compatible path with an API key (no trailing line break: that would
            // be a 10,001st, empty line there).
            String key = apiKey();
            List<byte[]> lines = bodies.stream().map(b -> Arrays.copyOf(b, b.length - 1)).toList();
            URI spawning = spawningUrl.toURI();
            runSpawning(http, spawning, key, clients, lines, 100); // warm-up
            Result compatible = runSpawning(http, spawning, key, clients, lines, batches);
            assertEquals((long) batches * BATCH / 2, compatible.removed, "every URL of the synthetic half answered optOut");

            String rulesReport = "";
            int ruleCount = Integer.getInteger("bench.rules", 0);
            if (ruleCount > 0) {
                List<byte[]> ruleBodies = new ArrayList<>();
                for (int b = 0; b < DISTINCT_BODIES; b++) {
                    ruleBodies.add(ruleBody(random, size - real, ruleCount));
                }
                run(http, check, token, clients, ruleBodies, 100); // warm-up
                Result withoutRules = run(http, check, token, clients, ruleBodies, batches);
                assertEquals((long) batches * BATCH / 2, withoutRules.removed, "without rules only the exact half");
                long rulesStart = System.nanoTime();
                List<String> hosts = new ArrayList<>(100_000);
                for (int n = 0; n < ruleCount; n++) {
                    hosts.add(RuleHosts.ruled(n));
                    if (hosts.size() == 100_000) {
                        index.addDomainRulesForBenchmark(hosts);
                        hosts.clear();
                    }
                }
                index.addDomainRulesForBenchmark(hosts);
                double rulesSeconds = (System.nanoTime() - rulesStart) / 1e9;
                run(http, check, token, clients, ruleBodies, 100); // warm-up
                Result withRules = run(http, check, token, clients, ruleBodies, batches);
                assertEquals((long) batches * BATCH * 3 / 4, withRules.removed, "with rules the ruled quarter too");
                rulesReport = String.format("""
                          rules: %,d domain rules on realistic hosts added in %.1f s (rule tables %d MB; e.g. %s, %s)
                          batches of half exact hits, a quarter under rules, a quarter on free hosts (subdomains):
                            without rules: %,.0f URLs/s (%.1f s, %,d removed answers)
                            with rules:    %,.0f URLs/s (%.1f s, %,d removed answers); ratio %.2f
                        """, index.ruleCount(), rulesSeconds, index.ruleBytes() >> 20, RuleHosts.ruled(1), RuleHosts.ruled(777_777),
                        withoutRules.rate(), withoutRules.seconds, withoutRules.removed, withRules.rate(), withRules.seconds,
                        withRules.removed, withRules.rate() / withoutRules.rate());
            }

            String report = String.format("""
                    bulk check benchmark, %s, %d cores, load average %s, max heap %d MB
                    registry: %,d synthetic fingerprints generated into the index in %.0f s + %,d real removals in PostgreSQL \
                    (via the feed); index %,d entries, table %d MB; heap used after GC %d MB
                    start-up load of the %,d real removals from PostgreSQL: %.1f s (%,.0f rows/s)
                    %d batches of %,d URLs (half removed) from %d clients over HTTP:
                      baseline (index with only the real rows): %,.0f URLs/s (%.1f s)
                      full registry:                            %,.0f URLs/s (%.1f s, %,d removed answers)
                      ratio full / baseline: %.2f
                      Spawning-compatible path, API key:        %,.0f URLs/s (%.1f s, %,d optOut answers); ratio to the check %.2f
                    """, Instant.now(), Runtime.getRuntime().availableProcessors(), loadAverage(),
                    Runtime.getRuntime().maxMemory() >> 20, size - real, fillSeconds, real, index.size(), index.tableBytes() >> 20,
                    heapUsed >> 20, real, loadSeconds, real / loadSeconds, batches, BATCH, clients, baseline.rate(),
                    baseline.seconds, full.rate(), full.seconds,
                    full.removed, full.rate() / baseline.rate(), compatible.rate(), compatible.seconds, compatible.removed,
                    compatible.rate() / full.rate()) + rulesReport;
            System.out.println(report);
            Path out = Path.of("target", "benchmarks", "check.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        } finally {
            QuarkusTransaction.requiringNew().timeout(600).run(() -> entityManager
                    .createNativeQuery("DELETE FROM removal WHERE dataset_id = :dataset").setParameter("dataset", DATASET)
                    .executeUpdate());
            index.reload();
        }
    }

    /** A key of a benchmark vendor, issued as an admin would and read into the key map. */
    private String apiKey() {
        try {
            vendors.register(new VendorApi.VendorRegistration("bench-check", "Benchmark", "bench@bench.example", true));
        } catch (ProblemException exists) {
            // registered by an earlier run
        }
        String key = apiKeys.issue("bench-check").key();
        keyMap.reload();
        return key;
    }

    /** As {@link #run}, to the Spawning-compatible path with {@code Authorization: API <key>}; counts {@code "optOut":true}. */
    private static Result runSpawning(HttpClient http, URI uri, String key, int clients, List<byte[]> bodies, int batches)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<Long>> done = new ArrayList<>();
        byte[] optOut = "\"optOut\":true".getBytes(StandardCharsets.US_ASCII);
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                long removed = 0;
                for (int i = next.getAndIncrement(); i < batches; i = next.getAndIncrement()) {
                    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).header("Authorization", "API " + key)
                            .header("Content-Type", "text/plain")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i % bodies.size()))).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() != 200) {
                        throw new AssertionError("the compatible check answered " + response.statusCode());
                    }
                    removed += occurrences(response.body(), optOut);
                }
                return removed;
            }));
        }
        long removed = 0;
        for (Future<Long> f : done) {
            removed += f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result((long) batches * BATCH, removed, seconds);
    }

    private static long occurrences(byte[] haystack, byte[] needle) {
        long count = 0;
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            count++;
        }
        return count;
    }

    /** The real rows are answered removed through the index, URLs next to them are not. */
    private static void correctness(HttpClient http, URI check, String token, int real) throws Exception {
        StringBuilder body = new StringBuilder();
        int n = Math.min(real, BATCH / 2);
        for (int i = 1; i <= n; i++) {
            body.append("https://bench-real.example/img/").append(i).append(".jpg\n");
            body.append("https://bench-real.example/img/").append(real + i).append(".jpg\n");
        }
        String answer = post(http, check, token, body.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(n, removedOf(answer), "exactly the real removals are answered removed");
    }

    private void fill(long size) {
        index.reserveForBenchmark(size);
        long[] chunk = new long[1 << 20];
        byte[] buf = new byte[64];
        byte[] prefix = "https://bench.example/img/".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, buf, 0, prefix.length);
        int n = 0;
        for (long k = 1; k <= size; k++) {
            int p = prefix.length;
            String digits = Long.toString(k);
            for (int i = 0; i < digits.length(); i++) {
                buf[p++] = (byte) digits.charAt(i);
            }
            buf[p++] = '.';
            buf[p++] = 'j';
            buf[p++] = 'p';
            buf[p++] = 'g';
            chunk[n++] = UrlFingerprint.of(buf, 0, p);
            if (n == chunk.length) {
                index.addForBenchmark(chunk, n);
                n = 0;
            }
        }
        index.addForBenchmark(chunk, n);
    }

    private record Result(long urls, long removed, double seconds) {
        double rate() {
            return urls / seconds;
        }
    }

    /** Posts {@code batches} bodies, going round the distinct ones, from {@code clients} threads. */
    private static Result run(HttpClient http, URI check, String token, int clients, List<byte[]> bodies, int batches)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<Long>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                long removed = 0;
                for (int i = next.getAndIncrement(); i < batches; i = next.getAndIncrement()) {
                    removed += removedOf(post(http, check, token, bodies.get(i % bodies.size())));
                }
                return removed;
            }));
        }
        long removed = 0;
        for (Future<Long> f : done) {
            removed += f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result((long) batches * BATCH, removed, seconds);
    }

    private static String post(HttpClient http, URI check, String token, byte[] body) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(check).header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new AssertionError("check answered " + response.statusCode());
        }
        // {"checked":N,"removed":M,...: only the head is decoded.
        return new String(response.body(), 0, Math.min(64, response.body().length), StandardCharsets.US_ASCII);
    }

    private static long removedOf(String head) {
        int at = head.indexOf("\"removed\":") + 10;
        int end = at;
        while (Character.isDigit(head.charAt(end))) {
            end++;
        }
        return Long.parseLong(head.substring(at, end));
    }

    /** Half removed URLs (random ones of the {@code size} synthetic ones), half unknown. */
    private static byte[] body(Random random, long size) {
        StringBuilder body = new StringBuilder(BATCH * 40);
        for (int i = 0; i < BATCH; i++) {
            if (i % 2 == 0) {
                body.append("https://bench.example/img/").append(1 + (long) (random.nextDouble() * size)).append(".jpg\n");
            } else {
                body.append("https://bench.example/other/").append(random.nextInt() & Integer.MAX_VALUE).append(".jpg\n");
            }
        }
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Half removed URLs of the registry, a quarter on subdomains of ruled hosts, a quarter on subdomains of free hosts,
     * with realistic paths.
     */
    private static byte[] ruleBody(Random random, long size, int rules) {
        String[] subdomains = { "www.", "cdn.", "img.", "static.", "media.", "cdn2.images.", "assets.", "" };
        StringBuilder body = new StringBuilder(BATCH * 60);
        for (int i = 0; i < BATCH; i++) {
            if (i % 2 == 0) {
                body.append("https://bench.example/img/").append(1 + (long) (random.nextDouble() * size)).append(".jpg\n");
                continue;
            }
            String host = i % 4 == 1 ? RuleHosts.ruled(random.nextInt(rules)) : RuleHosts.free(random.nextInt(rules));
            body.append("https://").append(subdomains[random.nextInt(subdomains.length)]).append(host).append("/uploads/")
                    .append(2000 + random.nextInt(30)).append('/').append(random.nextInt() & Integer.MAX_VALUE).append(".jpg\n");
        }
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (Exception e) {
            return "?";
        }
    }
}
