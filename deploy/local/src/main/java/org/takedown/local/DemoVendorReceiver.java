package org.takedown.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for an AI vendor's webhook endpoint: verifies every request on {@value #PATH} with the official Standard
 * Webhooks library against {@link #DEV_SECRET} (propagation's configured secret of vendor {@code acme} on the dev
 * stack), answers 204 and keeps it, so the demo and end-to-end tests can see the signed removal notices that
 * propagation delivers. A delivery that does not verify (a wrong secret, a rotated one, a changed body) is answered
 * 401, logged as refused and not kept. Once {@link #applyRemovals told how}, it also does what a diligent vendor
 * does next: reports each removal notice {@code APPLIED} through propagation's vendor API, with
 * its own client-credentials token, which lets the request reach {@code COMPLETED}.
 */
public final class DemoVendorReceiver implements AutoCloseable {

    public static final String PATH = "/webhook";
    /** The dev stack's signing secret of the demo vendor (dev only, like the realm's demo secrets). */
    public static final String DEV_SECRET = "whsec_ZGV2LXZlbmRvci1hY21lLXNpZ25pbmctc2VjcmV0";

    /** One received request. Header names are case-insensitive. */
    public record Notice(Instant receivedAt, String method, String path, Map<String, List<String>> headers, String body) {

        public Notice {
            TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            caseInsensitive.putAll(headers);
            headers = Collections.unmodifiableMap(caseInsensitive);
        }

        /** The first value of the header, or null. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(DemoVendorReceiver.class.getName());

    private final HttpServer server;
    private final List<Notice> notices = new ArrayList<>();
    private final List<String> applied = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private final Webhook verifier;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService acknowledger = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "demo-vendor-acknowledger");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Acknowledging acknowledging;

    private record Acknowledging(String propagationUrl, String tokenUrl, String clientId, String clientSecret) {
    }

    private DemoVendorReceiver(HttpServer server, String secret) {
        this.server = server;
        this.verifier = new Webhook(secret);
    }

    /** Listens on 127.0.0.1:{@code port} ({@code 0}: a free port), verifying with {@link #DEV_SECRET}. */
    public static DemoVendorReceiver start(int port) {
        return start(port, DEV_SECRET);
    }

    /** Listens on 127.0.0.1:{@code port}, verifying deliveries with {@code secret} ({@code whsec_…}). */
    public static DemoVendorReceiver start(int port, String secret) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            DemoVendorReceiver receiver = new DemoVendorReceiver(server, secret);
            server.createContext(PATH, receiver::receive);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String webhookUrl() {
        return "http://127.0.0.1:" + port() + PATH;
    }

    /** Everything received so far, oldest first. */
    public synchronized List<Notice> notices() {
        return List.copyOf(notices);
    }

    /**
     * Waits until at least {@code count} notices have arrived and returns all of them.
     *
     * @throws IllegalStateException on timeout, saying how many did arrive
     */
    public synchronized List<Notice> awaitNotices(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (notices.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("Expected " + count + " notices at " + webhookUrl() + " within " + timeout
                        + ", received " + notices.size());
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(notices);
    }

    public synchronized void clear() {
        notices.clear();
    }

    /**
     * From now on, reports every removal notice received as {@code APPLIED} at
     * {@code propagationUrl}, as the vendor client {@code clientId} (token from {@code tokenUrl}).
     */
    public void applyRemovals(String propagationUrl, String tokenUrl, String clientId, String clientSecret) {
        acknowledging = new Acknowledging(propagationUrl, tokenUrl, clientId, clientSecret);
    }

    /** The {@code webhook-id}s of deliveries refused for a signature that did not verify, oldest first. */
    public synchronized List<String> refused() {
        return List.copyOf(refused);
    }

    /** Ids of the notices this vendor reported APPLIED, oldest first. */
    public synchronized List<String> applied() {
        return List.copyOf(applied);
    }

    @Override
    public void close() {
        acknowledger.shutdownNow();
        server.stop(0);
    }

    private void applyLater(Notice notice) {
        Acknowledging how = acknowledging;
        String noticeId = notice.header("webhook-id");
        if (how == null || noticeId == null || !isRemoval(notice.body())) {
            return;
        }
        // After the 204 went out: propagation records the delivery first.
        acknowledger.schedule(() -> apply(how, noticeId, 1), 300, TimeUnit.MILLISECONDS);
    }

    private void apply(Acknowledging how, String noticeId, int attempt) {
        try {
            String token = JSON.readTree(send(HttpRequest.newBuilder(URI.create(how.tokenUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + how.clientId()
                            + "&client_secret=" + how.clientSecret())), 200)).path("access_token").asText();
            send(HttpRequest.newBuilder(URI.create(how.propagationUrl() + "/api/v1/vendor/notices/" + noticeId + "/acknowledgement"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"state\":\"APPLIED\",\"note\":\"demo vendor: removed from its copy of the data set\"}")), 200);
            synchronized (this) {
                applied.add(noticeId);
                notifyAll();
            }
        } catch (IOException | RuntimeException e) {
            if (attempt < 5) {
                acknowledger.schedule(() -> apply(how, noticeId, attempt + 1), attempt, TimeUnit.SECONDS);
            } else {
                LOG.warning("demo vendor could not report notice " + noticeId + " applied: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException(request.build().uri().getPath() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static boolean isRemoval(String body) {
        try {
            return "takedown.removal".equals(JSON.readTree(body).path("type").asText());
        } catch (IOException e) {
            return false;
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            Notice notice = new Notice(Instant.now(), exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            try {
                verifier.verify(notice.body(), exchange.getRequestHeaders());
            } catch (WebhookVerificationException e) {
                LOG.warning("demo vendor refused delivery " + notice.header("webhook-id") + ": the signature does not verify"
                        + " with its secret (" + e.getMessage() + "); answered 401");
                synchronized (this) {
                    refused.add(String.valueOf(notice.header("webhook-id")));
                }
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            record(notice);
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private void record(Notice notice) {
        synchronized (this) {
            notices.add(notice);
            notifyAll();
        }
        applyLater(notice);
    }
}
