package org.takedown.propagation.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Our signer against the Standard Webhooks reference vectors (/work/shared/testdata/webhooks) and
 * the official Java verifier.
 */
class WebhookSignerTest {

    private static final String BODY = "{\"noticeId\":\"n-1\",\"items\":[{\"url\":\"https://a.example/1.jpg\"}]}";
    private static final String ID = "2f1c7a52-7d4e-4b8e-9c59-0b6d1f2e3a44";

    @Test
    void signsEveryPositiveReferenceVectorExactly() throws IOException {
        JsonNode vectors = vectors().path("positive_vectors");
        assertTrue(vectors.size() >= 2, "the reference file should hold the vectors");
        for (JsonNode v : vectors) {
            assertEquals(v.path("expected_signature").asText(), WebhookSigner.sign(v.path("secret").asText(),
                    v.path("msg_id").asText(), v.path("timestamp").asLong(), v.path("payload").asText()), v.path("name").asText());
        }
    }

    @Test
    void doesNotProduceTheNegativeReferenceSignatures() throws IOException {
        JsonNode a = vectors().path("positive_vectors").path(0);
        JsonNode negatives = vectors().path("negative_vectors");
        String ours = WebhookSigner.sign(a.path("secret").asText(), a.path("msg_id").asText(), a.path("timestamp").asLong(),
                a.path("payload").asText());
        assertNotEquals(negatives.path(0).path("signature_header").asText(), ours);
    }

    @Test
    void theOfficialVerifierAcceptsADelivery() throws Exception {
        String secret = WebhookSigner.newSecret();
        new Webhook(secret).verify(BODY, headers(ID, now(), WebhookSigner.signatureHeader(List.of(secret), ID, now(), BODY)));
    }

    @Test
    void theOfficialVerifierRejectsATamperedBody() {
        String secret = WebhookSigner.newSecret();
        Map<String, List<String>> headers = headers(ID, now(), WebhookSigner.signatureHeader(List.of(secret), ID, now(), BODY));
        assertThrows(WebhookVerificationException.class, () -> new Webhook(secret).verify(BODY.replace("1.jpg", "2.jpg"), headers));
    }

    @Test
    void theOfficialVerifierRejectsAReplayWithAnOldTimestamp() {
        String secret = WebhookSigner.newSecret();
        long tenMinutesAgo = now() - 600;
        Map<String, List<String>> headers = headers(ID, tenMinutesAgo,
                WebhookSigner.signatureHeader(List.of(secret), ID, tenMinutesAgo, BODY));
        assertThrows(WebhookVerificationException.class, () -> new Webhook(secret).verify(BODY, headers));
    }

    @Test
    void theOfficialVerifierRejectsAnotherSecret() {
        Map<String, List<String>> headers = headers(ID, now(),
                WebhookSigner.signatureHeader(List.of(WebhookSigner.newSecret()), ID, now(), BODY));
        assertThrows(WebhookVerificationException.class, () -> new Webhook(WebhookSigner.newSecret()).verify(BODY, headers));
    }

    @Test
    void duringARotationEitherSecretVerifies() throws Exception {
        String previous = WebhookSigner.newSecret();
        String next = WebhookSigner.newSecret();
        String header = WebhookSigner.signatureHeader(List.of(next, previous), ID, now(), BODY);
        assertEquals(2, header.split(" ").length);
        new Webhook(previous).verify(BODY, headers(ID, now(), header));
        new Webhook(next).verify(BODY, headers(ID, now(), header));
    }

    @Test
    void newSecretsAreWhsecWith256RandomBits() {
        String secret = WebhookSigner.newSecret();
        assertTrue(secret.startsWith("whsec_"));
        assertEquals(32, WebhookSigner.keyOf(secret).length);
        assertNotEquals(secret, WebhookSigner.newSecret());
    }

    @Test
    void refusesEmptyOrMalformedSecrets() {
        assertThrows(IllegalArgumentException.class, () -> WebhookSigner.keyOf(""));
        assertThrows(IllegalArgumentException.class, () -> WebhookSigner.keyOf("whsec_"));
        assertThrows(IllegalArgumentException.class, () -> WebhookSigner.keyOf("whsec_not base64!"));
    }

    @Test
    void refusesAnIdWithADot() {
        assertThrows(IllegalArgumentException.class, () -> WebhookSigner.sign(WebhookSigner.newSecret(), "a.b", now(), BODY));
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static Map<String, List<String>> headers(String id, long timestamp, String signature) {
        return Map.of("webhook-id", List.of(id), "webhook-timestamp", List.of(Long.toString(timestamp)),
                "webhook-signature", List.of(signature));
    }

    /** The reference file lives beside the project, in shared/testdata of the workspace. */
    private static JsonNode vectors() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("shared/testdata/webhooks/vectors.json");
            if (Files.exists(file)) {
                return new ObjectMapper().readTree(file.toFile());
            }
        }
        throw new IllegalStateException("shared/testdata/webhooks/vectors.json not found above " + Path.of("").toAbsolutePath());
    }
}
