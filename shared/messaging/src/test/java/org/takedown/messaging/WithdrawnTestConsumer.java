package org.takedown.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.takedown.events.RequestWithdrawn;

/**
 * A consumer written in the one idiom, for the failure policy's tests: it keeps, per request, the
 * events whose transaction committed, in the order they were applied; it can be told to fail an event
 * once as a database outage would, or to refuse one as a violated invariant.
 */
@ApplicationScoped
public class WithdrawnTestConsumer {

    private final Inbox inbox;
    private final TransactionSynchronizationRegistry transactions;
    private final Map<UUID, List<UUID>> committed = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Set<UUID> failOnce = ConcurrentHashMap.newKeySet();
    private final Set<UUID> violating = ConcurrentHashMap.newKeySet();

    WithdrawnTestConsumer(Inbox inbox, TransactionSynchronizationRegistry transactions) {
        this.inbox = inbox;
        this.transactions = transactions;
    }

    @Incoming("withdrawn-test")
    public CompletionStage<Void> consume(Message<String> message) {
        return inbox.consume(message, RequestWithdrawn.class, this::apply);
    }

    /** The event ids of {@code requestId}, in the order their transactions committed. */
    public List<UUID> committed(UUID requestId) {
        return List.copyOf(committed.getOrDefault(requestId, List.of()));
    }

    /** How often the effect ran for {@code eventId}, committed or not. */
    public int attempts(UUID eventId) {
        AtomicInteger count = attempts.get(eventId);
        return count == null ? 0 : count.get();
    }

    public void failOnceTransiently(UUID eventId) {
        failOnce.add(eventId);
    }

    public void violateInvariant(UUID eventId) {
        violating.add(eventId);
    }

    /**
     * Events of one transaction (a batch) in the order they were applied in it; kept when it commits.
     * One synchronisation per transaction: the order in which a transaction manager calls several is its own.
     */
    @SuppressWarnings("unchecked")
    private List<RequestWithdrawn> appliedInThisTransaction() {
        List<RequestWithdrawn> applied = (List<RequestWithdrawn>) transactions.getResource(WithdrawnTestConsumer.class);
        if (applied == null) {
            List<RequestWithdrawn> fresh = new ArrayList<>();
            transactions.putResource(WithdrawnTestConsumer.class, fresh);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        fresh.forEach(e -> committed.computeIfAbsent(e.requestId(), id -> new CopyOnWriteArrayList<>()).add(e.eventId()));
                    }
                }
            });
            applied = fresh;
        }
        return applied;
    }

    private void apply(RequestWithdrawn event) {
        attempts.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet();
        if (violating.contains(event.eventId())) {
            throw new InvariantViolation("request " + event.requestId() + " was never filed here");
        }
        if (failOnce.remove(event.eventId())) {
            throw new IllegalStateException("store failed", new SQLTransientConnectionException("connection refused (simulated)", "08001"));
        }
        appliedInThisTransaction().add(event);
    }
}
