package org.takedown.propagation.webhook;

import java.time.Duration;
import java.util.Optional;

/**
 * How one delivery attempt went.
 *
 * @param status the HTTP status, or 0 when no answer came (refused, timed out, connection failed)
 * @param retryAfter the wait the receiver asked for with {@code Retry-After} on 429 or 503
 * @param error why the attempt did not count as delivered; null when it did
 * @param refused the outbound guard refused the target: retrying the same address cannot help
 */
public record DeliveryResult(int status, Optional<Duration> retryAfter, String error, boolean refused) {

    public static DeliveryResult answered(int status, Optional<Duration> retryAfter) {
        boolean ok = status >= 200 && status < 300;
        return new DeliveryResult(status, retryAfter, ok ? null : "HTTP " + status, false);
    }

    public static DeliveryResult noAnswer(String error) {
        return new DeliveryResult(0, Optional.empty(), error, false);
    }

    public static DeliveryResult refusedBy(String reason) {
        return new DeliveryResult(0, Optional.empty(), reason, true);
    }

    public boolean delivered() {
        return error == null;
    }

    public boolean gone() {
        return status == 410;
    }
}
