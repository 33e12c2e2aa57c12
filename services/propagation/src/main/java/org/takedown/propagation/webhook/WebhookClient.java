package org.takedown.propagation.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.takedown.propagation.outbound.OutboundGuard;
import org.takedown.propagation.outbound.OutboundRefusedException;

/**
 * Posts a notice to a vendor's endpoint as a Standard Webhooks delivery: {@code webhook-id} (the
 * notice id, the same on every attempt, so receivers can de-duplicate), {@code webhook-timestamp}
 * (this attempt) and {@code webhook-signature}. Everything goes through the {@link OutboundGuard}.
 */
@ApplicationScoped
public class WebhookClient {

    /** A {@code Retry-After} longer than this is treated as this: a vendor does not get to park notices for weeks. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    private final OutboundGuard guard;
    private final Clock clock;

    WebhookClient(OutboundGuard guard) {
        this.guard = guard;
        this.clock = Clock.systemUTC();
    }

    public DeliveryResult post(String url, String webhookId, String body, List<String> secrets) {
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = Map.of(
                "webhook-id", webhookId,
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", WebhookSigner.signatureHeader(secrets, webhookId, timestamp, body));
        try {
            OutboundGuard.Answer answer = guard.postJson(url, headers, body);
            Optional<Duration> retryAfter = answer.status() == 429 || answer.status() == 503
                    ? answer.retryAfter().flatMap(v -> RetryAfter.parse(v, clock.instant())).map(RetryAfter::capped)
                    : Optional.empty();
            return DeliveryResult.answered(answer.status(), retryAfter);
        } catch (OutboundRefusedException e) {
            return DeliveryResult.refusedBy(e.getMessage());
        } catch (IOException e) {
            return DeliveryResult.noAnswer(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.noAnswer("interrupted");
        }
    }
}
