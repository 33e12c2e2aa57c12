package org.takedown.messaging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One of a channel's queues of events to apply: events whose Kafka keys (request ids) hash to it, in
 * the order the channel delivered them. A lane runs on a pooled thread while it has work and hands its
 * applier up to {@code batchSize} events at a time, so a channel's lanes apply in parallel while each
 * request's events stay in order. When a lane holds {@code capacity} events, {@link #offer} returns a
 * stage that completes only when it has room again: the channel then hands over nothing more, and
 * Kafka pauses its partitions, as it does while an event waits for a transient failure to pass.
 */
final class InboxLane<P> {

    private static final CompletableFuture<Void> ACCEPTED = CompletableFuture.completedFuture(null);

    private final Deque<P> queue = new ArrayDeque<>();
    private final Executor executor;
    private final int capacity;
    private final int batchSize;
    private final Consumer<List<P>> applier;
    private boolean running;
    private CompletableFuture<Void> room;

    InboxLane(Executor executor, int capacity, int batchSize, Consumer<List<P>> applier) {
        this.executor = executor;
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.applier = applier;
    }

    /** Queues {@code pending}; the stage completes when the lane has room for the next one. */
    CompletionStage<Void> offer(P pending) {
        synchronized (this) {
            if (!running) {
                try {
                    executor.execute(this::drain);
                } catch (RejectedExecutionException shuttingDown) {
                    // Not applied, not acknowledged: Kafka delivers it again after the restart.
                    return ACCEPTED;
                }
                running = true;
            }
            queue.add(pending);
            if (queue.size() < capacity) {
                return ACCEPTED;
            }
            room = new CompletableFuture<>();
            return room;
        }
    }

    private void drain() {
        while (true) {
            List<P> batch = new ArrayList<>(batchSize);
            CompletableFuture<Void> freed = null;
            synchronized (this) {
                while (batch.size() < batchSize && !queue.isEmpty()) {
                    batch.add(queue.poll());
                }
                if (batch.isEmpty()) {
                    running = false;
                    return;
                }
                if (room != null && queue.size() < capacity) {
                    freed = room;
                    room = null;
                }
            }
            if (freed != null) {
                freed.complete(null);
            }
            try {
                applier.accept(batch);
            } catch (RuntimeException e) {
                // The applier settles every event itself; this is a bug, and the lane must not die of it.
                synchronized (this) {
                    running = false;
                }
                throw e;
            }
        }
    }
}
