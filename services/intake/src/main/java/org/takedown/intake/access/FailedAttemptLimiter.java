package org.takedown.intake.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failures per key in a sliding window. A key with {@code maxFailures} failures inside the
 * window is blocked until the oldest of them leaves it. Kept in memory: each replica counts on its
 * own, which still caps guessing at (replicas × maxFailures) per window.
 */
public final class FailedAttemptLimiter {

    private final int maxFailures;
    private final Duration window;
    private final int maxTrackedKeys;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public FailedAttemptLimiter(int maxFailures, Duration window, int maxTrackedKeys, Clock clock) {
        if (maxFailures < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("need at least one failure in a positive window");
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.maxTrackedKeys = maxTrackedKeys;
        this.clock = clock;
    }

    /** How long the key stays blocked, or empty when it may try now. */
    public Optional<Duration> blockedFor(String key) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        synchronized (times) {
            expire(times, now);
            if (times.size() < maxFailures) {
                return Optional.empty();
            }
            return Optional.of(Duration.between(now, times.peekFirst().plus(window)));
        }
    }

    public void recordFailure(String key) {
        Instant now = clock.instant();
        if (failures.size() >= maxTrackedKeys) {
            sweep(now);
        }
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            expire(times, now);
            times.addLast(now);
            // More than maxFailures timestamps would never change an answer.
            while (times.size() > maxFailures) {
                times.removeFirst();
            }
        }
    }

    int trackedKeys() {
        return failures.size();
    }

    private void sweep(Instant now) {
        failures.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                expire(entry.getValue(), now);
                return entry.getValue().isEmpty();
            }
        });
    }

    private void expire(Deque<Instant> times, Instant now) {
        Instant oldestKept = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldestKept)) {
            times.removeFirst();
        }
    }
}
