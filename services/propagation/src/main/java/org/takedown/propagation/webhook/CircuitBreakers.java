package org.takedown.propagation.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One circuit per endpoint URL. {@code failureThreshold} consecutive failed attempts (no answer, 5xx,
 * 429) open it: for {@code coolDown} no attempt goes to the endpoint (its notices stay due, and are
 * neither attempted nor counted). Then it is half-open: exactly one probe goes through; its success
 * closes the circuit, its failure opens it for another cool-down. Any answer other than those
 * failures (2xx, 4xx) counts as the endpoint being alive. Kept in memory, per replica: a restart
 * simply gives every endpoint a fresh chance.
 */
public final class CircuitBreakers {

    public enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private static final class Circuit {
        int failures;
        Instant openUntil;
        boolean probing;
    }

    private final int failureThreshold;
    private final Duration coolDown;
    private final Clock clock;
    private final Map<String, Circuit> circuits = new HashMap<>();

    public CircuitBreakers(int failureThreshold, Duration coolDown, Clock clock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("the failure threshold must be at least 1");
        }
        this.failureThreshold = failureThreshold;
        this.coolDown = coolDown;
        this.clock = clock;
    }

    /** Whether an attempt may go to the endpoint now; in the half-open state only the first caller gets the probe. */
    public synchronized boolean tryAcquire(String url) {
        Circuit circuit = circuits.get(url);
        if (circuit == null || circuit.openUntil == null) {
            return true;
        }
        if (clock.instant().isBefore(circuit.openUntil) || circuit.probing) {
            return false;
        }
        circuit.probing = true;
        return true;
    }

    /** Gives back a probe that was acquired but not used. */
    public synchronized void release(String url) {
        Circuit circuit = circuits.get(url);
        if (circuit != null) {
            circuit.probing = false;
        }
    }

    /** Records how an attempt went. */
    public synchronized void record(String url, DeliveryResult result) {
        if (result.refused()) {
            release(url);
            return;
        }
        if (!countsAsFailure(result)) {
            circuits.remove(url);
            return;
        }
        Circuit circuit = circuits.computeIfAbsent(url, u -> new Circuit());
        circuit.failures++;
        if (circuit.probing) {
            circuit.probing = false;
            circuit.openUntil = clock.instant().plus(coolDown);
        } else if (circuit.openUntil == null && circuit.failures >= failureThreshold) {
            circuit.openUntil = clock.instant().plus(coolDown);
        }
    }

    public synchronized State state(String url) {
        Circuit circuit = circuits.get(url);
        if (circuit == null || circuit.openUntil == null) {
            return State.CLOSED;
        }
        return clock.instant().isBefore(circuit.openUntil) ? State.OPEN : State.HALF_OPEN;
    }

    /** Endpoints that take no attempt now: open, or half-open with the probe under way. */
    public synchronized Set<String> blocked() {
        Instant now = clock.instant();
        Set<String> blocked = new HashSet<>();
        circuits.forEach((url, c) -> {
            if (c.openUntil != null && (now.isBefore(c.openUntil) || c.probing)) {
                blocked.add(url);
            }
        });
        return blocked;
    }

    static boolean countsAsFailure(DeliveryResult result) {
        return result.status() == 0 || result.status() >= 500 || result.status() == 429;
    }
}
