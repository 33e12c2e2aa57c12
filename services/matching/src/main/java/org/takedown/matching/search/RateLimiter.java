package org.takedown.matching.search;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A token bucket per client address, in memory. The address itself is never kept: buckets are
 * keyed by an HMAC of it under a key drawn at start-up and never stored, so the map says nothing
 * about who searched (nor after a restart); buckets that have refilled are dropped.
 */
public final class RateLimiter {

    /** A refused call: how long until enough tokens are back. */
    public record Refusal(long retryAfterSeconds) {
    }

    private static final int MAX_CLIENTS = 100_000;

    private final double capacity;
    private final double perNano;
    private final LongSupplier clock;
    private final byte[] key = new byte[32];
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int burst, int perMinute, LongSupplier nanoClock) {
        if (burst < 1 || perMinute < 1) {
            throw new IllegalArgumentException("burst and per-minute must be at least 1");
        }
        this.capacity = burst;
        this.perNano = perMinute / 60e9;
        this.clock = nanoClock;
        new SecureRandom().nextBytes(key);
    }

    /** Takes {@code cost} tokens from the client's bucket; null if granted, else when to retry. */
    public Refusal take(String clientAddress, int cost) {
        long now = clock.getAsLong();
        if (buckets.size() > MAX_CLIENTS) {
            buckets.values().removeIf(b -> b.full(now));
        }
        Bucket bucket = buckets.computeIfAbsent(pseudonym(clientAddress), k -> new Bucket(capacity, now));
        synchronized (bucket) {
            bucket.refill(now);
            double need = Math.min(cost, capacity); // a cost above the burst would never be granted
            if (bucket.tokens >= need) {
                bucket.tokens -= need;
                return null;
            }
            double missing = need - bucket.tokens;
            return new Refusal(Math.max(1, (long) Math.ceil(missing / perNano / 1e9)));
        }
    }

    /** Clients with a bucket (for tests: the map does not grow without bound). */
    int clients() {
        return buckets.size();
    }

    private String pseudonym(String address) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(String.valueOf(address).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - updated) * perNano);
            updated = now;
        }

        synchronized boolean full(long now) {
            return tokens + (now - updated) * perNano >= capacity;
        }
    }
}
