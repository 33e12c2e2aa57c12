package org.takedown.intake.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.takedown.testing.RealInfrastructureResource;

/**
 * Sustained submissions against intake alone (on real Kafka, PostgreSQL and Keycloak from shared/testing):
 * closed-loop clients (Java HttpClient) each send a multipart request with one 1024×768 photo-like JPEG
 * (about 73 KB) and ten image URLs, the mix of deploy/local's IntakeBench, for a fixed time after a
 * warm-up; as a baseline in the same run, the same clients against {@code /q/health/live}. Reports
 * requests/s and p50/p95/p99 to stdout and target/benchmark/submissions.txt.
 *
 * <p>Not part of the normal build: it runs only with {@code -Dbenchmark=true}
 * ({@code -Dbenchmark.clients=16 -Dbenchmark.seconds=20}). With {@code -Dbenchmark.jfr=true} the measured
 * submission phase is recorded with Java Flight Recorder to target/benchmark/submissions.jfr.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class SubmissionBenchmarkIT {

    static final int CLIENTS = Integer.getInteger("benchmark.clients", 16);
    static final int SECONDS = Integer.getInteger("benchmark.seconds", 20);
    static final int WARM_UP_SECONDS = Integer.getInteger("benchmark.warm-up", 10);
    static final boolean JFR = Boolean.getBoolean("benchmark.jfr");
    /** HTTP_2 (the Java client's default, as deploy/local's IntakeBench: h2c, all clients on one connection) or HTTP_1_1. */
    static final HttpClient.Version HTTP = HttpClient.Version.valueOf(System.getProperty("benchmark.http", "HTTP_2"));

    @TestHTTPResource("/")
    URL base;

    @Test
    void sustainedSubmissionsWithOneImageAndTenUrls() throws Exception {
        String intake = base.toString().replaceAll("/$", "");
        HttpClient http = HttpClient.newBuilder().version(HTTP).connectTimeout(Duration.ofSeconds(5)).build();
        byte[] image = photoLikeJpeg(1024, 768);
        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "intake submissions benchmark: %d closed-loop clients, %d s warm-up, %d s per"
                + " phase, image %d bytes (1024x768 JPEG) + 10 image URLs; client %s; %d cores, Java %s", CLIENTS,
                WARM_UP_SECONDS, SECONDS, image.length, HTTP, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));

        run(http, WARM_UP_SECONDS, () -> submission(intake, image), 201);
        Result baseline = run(http, SECONDS, () -> HttpRequest.newBuilder(URI.create(intake + "/q/health/live")).GET().build(),
                200);
        report.add(baseline.line("baseline GET /q/health/live"));
        jdk.jfr.Recording recording = null;
        if (JFR) {
            recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            recording.start();
        }
        Result submissions = run(http, SECONDS, () -> submission(intake, image), 201);
        if (recording != null) {
            recording.stop();
            Path jfr = Path.of("target", "benchmark", "submissions.jfr");
            Files.createDirectories(jfr.getParent());
            recording.dump(jfr);
            recording.close();
        }
        report.add(submissions.line("submissions (1 image + 10 URLs)"));
        report.add(String.format(Locale.ROOT, "target >= 200/s with p99 < 250 ms: %s",
                submissions.perSecond() >= 200 && submissions.percentile(99) < 250 ? "met" : "NOT met"));

        Path out = Path.of("target", "benchmark", "submissions.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
        report.forEach(System.out::println);

        assertEquals(0, submissions.failed(), "failed submissions; first: " + submissions.firstFailure());
        assertTrue(submissions.ok() > 0, "no submission answered 201");
    }

    record Result(int ok, int failed, String firstFailure, double seconds, List<Double> latenciesMs) {

        double perSecond() {
            return ok / seconds;
        }

        double percentile(int p) {
            if (latenciesMs.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = new ArrayList<>(latenciesMs);
            Collections.sort(sorted);
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
        }

        String line(String what) {
            return String.format(Locale.ROOT, "%-34s %8.1f req/s  p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  %d ok, %d failed",
                    what, perSecond(), percentile(50), percentile(95), percentile(99), ok, failed);
        }
    }

    /** Closed loop: each client sends its next request when the previous one has answered. */
    private static Result run(HttpClient http, int seconds, Supplier<HttpRequest> requests, int expected)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(requests.get(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == expected) {
                            ok.incrementAndGet();
                            latencies.add((System.nanoTime() - sent) / 1e6);
                        } else {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, "HTTP " + response.statusCode() + " " + response.body());
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e.toString());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "bench-client-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Result(ok.get(), failed.get(), firstFailure.get(), (System.nanoTime() - start) / 1e9, latencies);
    }

    private static HttpRequest submission(String intake, byte[] image) {
        String id = UUID.randomUUID().toString();
        StringBuilder urls = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            urls.append(i == 0 ? "" : ",").append("\"https://images.example.org/bench/").append(id).append('/').append(i)
                    .append(".jpg\"");
        }
        String json = "{\"claimType\":\"LIKENESS\",\"claimant\":{\"email\":\"bench-" + id + "@example.org\"},"
                + "\"imageUrls\":[" + urls + "],\"statements\":{\"depictedPersonOrMandate\":\"self\",\"jurisdiction\":\"DE\","
                + "\"noConsentStatement\":true}}";
        String boundary = "bench-" + id;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"request\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + json + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"images\"; filename=\"me.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(image);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(intake + "/api/v1/requests"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    /** Smooth gradients with a little grain: compresses like a photograph (the same image as IntakeBench). */
    static byte[] photoLikeJpeg(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int grain = random.nextInt(16);
                int r = Math.min(255, x * 255 / width + grain);
                int g = Math.min(255, y * 255 / height + grain);
                int b = Math.min(255, (x + y) * 127 / (width + height) + 64 + grain);
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }
}
