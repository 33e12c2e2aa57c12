package org.takedown.local.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.takedown.local.LocalStack;

/**
 * Sustained submissions against intake: each request is multipart with one image (a 1024×768
 * photo-like JPEG, about the size phones upload after resizing) and ten image URLs, as the intake
 * issue asks. Reports
 * requests/s and latency percentiles; as a baseline from the same run, the same clients against
 * intake's liveness endpoint (the HTTP stack alone).
 *
 * <pre>deploy/local/bench [clients] [seconds] [intake-url]</pre>
 * Without a URL it starts its own stack on free ports (and stops it afterwards).
 */
public final class IntakeBench {

    private IntakeBench() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        LocalStack stack = null;
        String intake;
        if (args.length > 2) {
            intake = args[2];
        } else {
            System.out.println("starting a throwaway stack on free ports ...");
            stack = LocalStack.builder().fixedPorts(false).autoApprove(true)
                    .repositoryRoot(Path.of(System.getProperty("takedown.repository.root", ".")).toAbsolutePath())
                    .progress(line -> System.out.println("  " + line)).start();
            intake = stack.url("intake");
        }
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            byte[] image = photoLikeJpeg(1024, 768);
            System.out.printf("%d clients, %d s each phase, image %d bytes, target %s%n", clients, seconds, image.length, intake);

            run("warm-up", http, clients, Math.max(5, seconds / 3), () -> submission(intake, image), 201);
            Result baseline = run("baseline: GET /q/health/live", http, clients, seconds,
                    () -> HttpRequest.newBuilder(URI.create(intake + "/q/health/live")).GET().build(), 200);
            Result submissions = run("submissions: 1 image + 10 URLs", http, clients, seconds,
                    () -> submission(intake, image), 201);
            System.out.printf("%nsubmissions/s = %.1f (%.4f× the liveness baseline of %.1f/s); p99 %.1f ms%n",
                    submissions.perSecond(), submissions.perSecond() / baseline.perSecond(), baseline.perSecond(),
                    submissions.percentile(99));
            System.out.printf("machine: %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    private interface RequestFactory {
        HttpRequest next() throws IOException;
    }

    private record Result(int ok, int failed, double seconds, List<Double> latenciesMs) {
        double perSecond() {
            return ok / seconds;
        }

        double percentile(int p) {
            if (latenciesMs.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = new ArrayList<>(latenciesMs);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        }
    }

    /** Closed loop: each client sends its next request when the previous one answered. */
    private static Result run(String name, HttpClient http, int clients, int seconds, RequestFactory requests, int expected)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(requests.next(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == expected) {
                            ok.incrementAndGet();
                            latencies.add((System.nanoTime() - sent) / 1e6);
                        } else if (failed.incrementAndGet() == 1) {
                            System.out.printf("  first failure: HTTP %d %s%n", response.statusCode(),
                                    response.body().length() > 300 ? response.body().substring(0, 300) : response.body());
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(5_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            System.out.printf("  %s: %d ok, %d failed so far%n", name, ok.get(), failed.get());
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Result result = new Result(ok.get(), failed.get(), elapsed, latencies);
        System.out.printf("%s: %.1f req/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, %d failed%n", name, result.perSecond(),
                result.percentile(50), result.percentile(95), result.percentile(99), result.failed());
        return result;
    }

    private static HttpRequest submission(String intake, byte[] image) {
        String id = UUID.randomUUID().toString();
        StringBuilder urls = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            urls.append(i == 0 ? "" : ",").append("\"https://images.example.org/bench/").append(id).append('/').append(i).append(".jpg\"");
        }
        String json = "{\"claimType\":\"LIKENESS\",\"claimant\":{\"email\":\"bench-" + id + "@example.org\"},"
                + "\"imageUrls\":[" + urls + "],\"statements\":{\"depictedPersonOrMandate\":\"self\",\"jurisdiction\":\"DE\","
                + "\"noConsentStatement\":true}}";
        return Submissions.withImage(intake, json, image, null);
    }

    /** Smooth gradients with a little grain: compresses like a photograph, not like noise or a flat fill. */
    private static byte[] photoLikeJpeg(int width, int height) throws IOException {
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
