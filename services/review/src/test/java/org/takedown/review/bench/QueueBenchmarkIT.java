package org.takedown.review.bench;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.takedown.review.console.FakeIntake;
import org.takedown.testing.HeadlessChromium;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * The queue with 10,000 open cases: seeds them into PostgreSQL, then loads the queue page (logged in
 * through Keycloak in Chromium) and the queue API 200 times each and reports the server time
 * ({@code Server-Timing}, see metrics.ServerTiming) at p50 and p95, and the round trip as the client saw
 * it. Not part of the normal build (it only runs with {@code -Dbenchmark=true}, see the README); the
 * figures go to stdout and target/benchmark/queue.txt. Target: p95 under 300 ms.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "review"))
@WithTestResource(FakeIntake.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class QueueBenchmarkIT {

    static final int CASES = Integer.getInteger("benchmark.cases", 10_000);
    static final int LOADS = Integer.getInteger("benchmark.loads", 200);
    static final int WARM_UP = 20;
    static final String DATASET = "benchmark";

    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium();

    @TestHTTPResource("/")
    URL base;

    @Inject
    EntityManager entityManager;

    private static final List<String> REPORT = new ArrayList<>();

    @BeforeAll
    static void header() {
        REPORT.add("queue benchmark: " + CASES + " open cases seeded, " + LOADS + " loads each after " + WARM_UP + " warm-up loads");
    }

    @AfterAll
    static void write() throws IOException {
        Path out = Path.of("target", "benchmark", "queue.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, REPORT);
        REPORT.forEach(System.out::println);
    }

    @Test
    void queuePageAndApiWith10000OpenCases() {
        seed();
        try {
            String token = Tokens.shared().user("reviewer");
            measure("GET /api/v1/cases?limit=200 (queue API)", () -> {
                Response response = given().auth().oauth2(token).queryParam("limit", 200).when().get("/api/v1/cases");
                assertEquals(200, response.statusCode());
                return new Sample(serverTime(response.header("Server-Timing")), response.getTimeIn(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e6);
            });
            measure("GET /api/v1/cases/counts (counts API)", () -> {
                Response response = given().auth().oauth2(token).when().get("/api/v1/cases/counts");
                assertEquals(200, response.statusCode());
                return new Sample(serverTime(response.header("Server-Timing")), response.getTimeIn(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e6);
            });

            Page page = chromium.page();
            page.navigate(url("console"));
            page.locator("#username").fill("reviewer");
            page.locator("#password").fill("takedown-demo");
            page.locator("#kc-login").click();
            assertEquals(200, page.locator("#queue tbody tr[data-case-id]").count(), "the queue shows its first 200 rows");
            assertTrue(Long.parseLong(page.locator("#count-open").textContent()) >= CASES);
            measure("GET /console (queue page, rendered)", () -> {
                long start = System.nanoTime();
                APIResponse response = page.request().get(url("console"));
                double client = (System.nanoTime() - start) / 1e6;
                assertEquals(200, response.status());
                return new Sample(serverTime(response.headers().get("server-timing")), client);
            });
        } finally {
            QuarkusTransaction.requiringNew().run(() -> {
                entityManager.createNativeQuery("delete from request_risk where request_id in"
                        + " (select request_id from review_case where dataset_id = :d)").setParameter("d", DATASET).executeUpdate();
                entityManager.createNativeQuery("delete from review_case where dataset_id = :d").setParameter("d", DATASET)
                        .executeUpdate();
            });
        }
    }

    record Sample(double server, double client) {
    }

    private void measure(String what, Supplier<Sample> load) {
        for (int i = 0; i < WARM_UP; i++) {
            load.get();
        }
        List<Double> server = new ArrayList<>();
        List<Double> client = new ArrayList<>();
        for (int i = 0; i < LOADS; i++) {
            Sample sample = load.get();
            server.add(sample.server());
            client.add(sample.client());
        }
        REPORT.add(String.format(Locale.ROOT, "%-40s server p50 %6.1f ms  p95 %6.1f ms  max %6.1f ms | client p50 %6.1f ms  p95 %6.1f ms",
                what, percentile(server, 50), percentile(server, 95), Collections.max(server), percentile(client, 50),
                percentile(client, 95)));
    }

    static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static double serverTime(String header) {
        if (header == null || !header.startsWith("app;dur=")) {
            throw new AssertionError("no Server-Timing header: " + header);
        }
        return Double.parseDouble(header.substring("app;dur=".length()));
    }

    /** 10,000 open cases in one statement: deadlines spread over two months back and forth, half with a risk score. */
    private void seed() {
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("""
                    insert into review_case (id, request_id, claim_type, status, dataset_id, release_id, total_candidates,
                        opened_at, received_at, due_at, version)
                    select gen_random_uuid(), gen_random_uuid(),
                        (array['GDPR_ERASURE','GDPR_OBJECTION','COPYRIGHT','LIKENESS','SITE_OPT_OUT'])[1 + n % 5], 'OPEN', :d, '2026-11', 1 + n % 500,
                        now() - (n % 60) * interval '1 day', now() - (n % 60) * interval '1 day',
                        now() + ((n % 90) - 30) * interval '1 day', 0
                    from generate_series(1, :n) as n
                    """).setParameter("d", DATASET).setParameter("n", CASES).executeUpdate();
            entityManager.createNativeQuery("""
                    insert into request_risk (request_id, risk_score, flags, verified_at)
                    select request_id, 10, 'MANY_TARGETS', now() from review_case
                    where dataset_id = :d and random() < 0.5
                    """).setParameter("d", DATASET).executeUpdate();
            entityManager.createNativeQuery("analyze review_case").executeUpdate();
        });
    }

    private String url(String path) {
        return "http://127.0.0.1:" + base.getPort() + "/" + path;
    }
}
