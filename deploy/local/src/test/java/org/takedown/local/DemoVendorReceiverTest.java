package org.takedown.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.standardwebhooks.Webhook;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DemoVendorReceiverTest {

    private final DemoVendorReceiver receiver = DemoVendorReceiver.start(0);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void answersANoticeWith204() throws Exception {
        assertEquals(204, post("{\"id\":1}", "sig-1").statusCode());
    }

    @Test
    void recordsHeadersAndBodyOfEveryNotice() throws Exception {
        post("{\"id\":1}", "sig-1");
        post("{\"id\":2}", "sig-2");

        List<DemoVendorReceiver.Notice> notices = receiver.notices();
        assertEquals(2, notices.size());
        assertEquals("{\"id\":2}", notices.get(1).body());
        assertEquals("POST", notices.get(1).method());
        assertEquals("/webhook", notices.get(1).path());
        assertEquals("sig-2", notices.get(1).header("Webhook-Id"), "header names are case-insensitive");
    }

    @Test
    void awaitNoticesReturnsOnceEnoughHaveArrived() throws Exception {
        CompletableFuture<List<DemoVendorReceiver.Notice>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return receiver.awaitNotices(2, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        post("{\"id\":1}", "sig-1");
        post("{\"id\":2}", "sig-2");

        assertEquals(2, waiting.get().size());
    }

    @Test
    void awaitNoticesTimesOutSayingHowManyArrived() throws Exception {
        post("{\"id\":1}", "sig-1");

        IllegalStateException timeout = assertThrows(IllegalStateException.class,
                () -> receiver.awaitNotices(2, Duration.ofMillis(200)));
        assertTrue(timeout.getMessage().contains("received 1"), timeout.getMessage());
    }

    @Test
    void aDeliverySignedWithAnotherSecretIsRefusedWith401AndALogLine() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger(DemoVendorReceiver.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            assertEquals(401, post("{\"id\":1}", "msg_wrong", "whsec_" + Base64.getEncoder()
                    .encodeToString("another-vendor-secret-000000000".getBytes())).statusCode());
        } finally {
            log.removeHandler(handler);
        }
        assertEquals(List.of(), receiver.notices(), "a refused delivery is not kept");
        assertEquals(List.of("msg_wrong"), receiver.refused());
        assertTrue(logged.stream().anyMatch(m -> m.contains("refused delivery msg_wrong") && m.contains("signature")), logged.toString());
    }

    @Test
    void aChangedBodyOrAMissingSignatureIsRefused() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String signature = new Webhook(DemoVendorReceiver.DEV_SECRET).sign("msg_1", now, "{\"id\":1}");
        assertEquals(401, send("{\"id\":2}", "msg_1", now, signature).statusCode());
        assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(receiver.webhookUrl()))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(0, receiver.notices().size());
    }

    /** A delivery signed as propagation signs it, with the dev stack's secret. */
    private HttpResponse<Void> post(String body, String webhookId) throws Exception {
        return post(body, webhookId, DemoVendorReceiver.DEV_SECRET);
    }

    private HttpResponse<Void> post(String body, String webhookId, String secret) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        return send(body, webhookId, now, new Webhook(secret).sign(webhookId, now, body));
    }

    private HttpResponse<Void> send(String body, String webhookId, long timestamp, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(receiver.webhookUrl()))
                .header("Content-Type", "application/json")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.discarding());
    }
}
