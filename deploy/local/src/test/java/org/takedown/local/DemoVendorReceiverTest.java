package org.takedown.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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
        assertEquals("sig-2", notices.get(1).header("x-takedown-signature"), "header names are case-insensitive");
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

    private HttpResponse<Void> post(String body, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(receiver.webhookUrl()))
                .header("Content-Type", "application/json")
                .header("X-Takedown-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.discarding());
    }
}
