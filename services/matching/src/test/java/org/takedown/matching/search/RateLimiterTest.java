package org.takedown.matching.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    /** 5 tokens, 60 a minute: one a second. */
    private final RateLimiter limiter = new RateLimiter(5, 60, now::get);

    @Test
    void aFullBucketAllowsTheBurstThenRefusesWithTheWaitForTheMissingTokens() {
        for (int i = 0; i < 5; i++) {
            assertNull(limiter.take("192.0.2.1", 1), "call " + i);
        }
        RateLimiter.Refusal refused = limiter.take("192.0.2.1", 1);
        assertNotNull(refused);
        assertEquals(1, refused.retryAfterSeconds());
        assertEquals(3, limiter.take("192.0.2.1", 3).retryAfterSeconds(), "three tokens take three seconds");
    }

    @Test
    void tokensComeBackAtTheConfiguredRate() {
        assertNull(limiter.take("192.0.2.1", 5));
        now.addAndGet(1_999_000_000L);
        assertNull(limiter.take("192.0.2.1", 1), "one token after a second");
        assertNotNull(limiter.take("192.0.2.1", 1), "not two");
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < 5; i++) {
            assertNull(limiter.take("192.0.2.1", 1));
        }
        assertNotNull(limiter.take("192.0.2.1", 1), "the bucket holds the burst at most");
    }

    @Test
    void eachAddressHasItsOwnBucket() {
        assertNull(limiter.take("192.0.2.1", 5));
        assertNotNull(limiter.take("192.0.2.1", 1));
        assertNull(limiter.take("2001:db8::1", 5));
    }

    @Test
    void aCostAboveTheBurstTakesTheWholeBucketRatherThanNeverBeingGranted() {
        assertNull(limiter.take("192.0.2.1", 50));
        assertTrue(limiter.take("192.0.2.1", 50).retryAfterSeconds() <= 5);
    }

    @Test
    void refilledBucketsAreForgottenWhenTheMapGrowsLarge() {
        for (int i = 0; i < 100_001; i++) {
            limiter.take("10.0." + (i >> 8) + "." + (i & 255) + "/" + i, 1);
        }
        now.addAndGet(10_000_000_000L);
        limiter.take("192.0.2.1", 1);
        assertTrue(limiter.clients() <= 2, "clients " + limiter.clients());
    }
}
