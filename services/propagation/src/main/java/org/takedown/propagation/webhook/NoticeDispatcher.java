package org.takedown.propagation.webhook;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;
import org.takedown.propagation.notice.Notice;
import org.takedown.propagation.notice.NoticesPlanned;
import org.takedown.propagation.notice.PropagationConfig;
import org.takedown.propagation.notice.PropagationService;
import org.takedown.propagation.outbound.OutboundConfig;

/**
 * Delivers due notices, concurrently: at most {@code max-concurrent-deliveries} at once, at most
 * {@code per-endpoint-concurrency} to one endpoint, none to an endpoint whose circuit is open (see
 * {@link CircuitBreakers}), so one dead vendor holds a few threads and slows nobody else.
 *
 * <p>The HTTP call happens outside any transaction: a notice is leased in one transaction and its
 * result recorded in another, so a slow vendor holds no database locks, and a crash mid-call leaves
 * the notice due again once the lease runs out. Only notices that can start at once are leased. The
 * signing secrets are read at each attempt, so a rotation applies to retries too. New notices are
 * looked for on a schedule and, as soon as the transaction that planned them commits, at once.
 */
@ApplicationScoped
public class NoticeDispatcher {

    private static final Logger LOG = Logger.getLogger(NoticeDispatcher.class);

    private final PropagationService propagation;
    private final SigningSecrets secrets;
    private final WebhookClient client;
    private final Duration lease;
    private final int perEndpoint;
    private final CircuitBreakers circuits;
    private final Semaphore slots;
    /** Free workers a round waits for (briefly) before leasing. */
    private final int roundMinimum;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final BlockingQueue<PropagationService.Attempt> results = new LinkedBlockingQueue<>();
    private final List<Thread> recorders = new ArrayList<>();
    private volatile boolean running = true;
    /** One dispatch loop at a time, whether the schedule or a wake-up started it. */
    private final ReentrantLock dispatching = new ReentrantLock();
    /** Set by a wake-up: the running loop looks once more before it stops. */
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final ExecutorService waker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "notice-dispatcher-wake-up");
        t.setDaemon(true);
        return t;
    });
    private final Scheduler scheduler;

    NoticeDispatcher(PropagationService propagation, SigningSecrets secrets, WebhookClient client, OutboundConfig outbound,
            PropagationConfig config, Scheduler scheduler) {
        this.scheduler = scheduler;
        this.propagation = propagation;
        this.secrets = secrets;
        this.client = client;
        this.lease = outbound.connectTimeout().plus(outbound.readTimeout()).multipliedBy(3);
        this.perEndpoint = Math.max(1, config.perEndpointConcurrency());
        this.circuits = new CircuitBreakers(config.circuit().failureThreshold(), config.circuit().coolDown(), Clock.systemUTC());
        int max = Math.max(1, config.maxConcurrentDeliveries());
        this.slots = new Semaphore(max);
        this.roundMinimum = Math.max(1, Math.min(16, max / 4));
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(max, r -> {
            Thread t = new Thread(r, "webhook-delivery-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 1; i <= Math.max(1, config.recorderThreads()); i++) {
            Thread recorder = new Thread(this::recordResults, "webhook-results-" + i);
            recorder.setDaemon(true);
            recorder.start();
            recorders.add(recorder);
        }
    }

    /**
     * Records the attempts' results in batches: whatever finished while the last batch was written, and in the next
     * 10 ms, goes into one transaction. Several recorders take batches from the same queue (each notice is in exactly one batch, since
     * it is in flight once), so one slow commit does not hold back the next batch. A worker is free again as soon as its HTTP call is over. A crash before a result is recorded
     * leaves that notice leased until the lease runs out; it is then sent again with the same {@code webhook-id}
     * (as when a crash hit between the answer and its single-row transaction).
     */
    private void recordResults() {
        List<PropagationService.Attempt> batch = new ArrayList<>();
        while (running || !results.isEmpty()) {
            try {
                PropagationService.Attempt first = results.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                results.drainTo(batch, RECORD_BATCH - 1);
                // Linger a moment for more: one transaction for many results costs less than one each.
                long lingerEnd = System.nanoTime() + RECORD_LINGER_NANOS;
                while (batch.size() < RECORD_BATCH) {
                    long left = lingerEnd - System.nanoTime();
                    PropagationService.Attempt next = left > 0 ? results.poll(left, TimeUnit.NANOSECONDS) : null;
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    results.drainTo(batch, RECORD_BATCH - batch.size());
                }
                record(batch);
            } catch (InterruptedException e) {
                // Whatever was gathered (an interrupt may come while lingering) is written, not dropped.
                if (!running) {
                    results.drainTo(batch);
                }
                record(batch);
                if (!running) {
                    return;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void record(List<PropagationService.Attempt> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            propagation.recordAll(batch);
        } catch (RuntimeException e) {
            // One by one, so that one notice that cannot be recorded does not hold back the others.
            for (PropagationService.Attempt attempt : batch) {
                try {
                    propagation.record(attempt.noticeId(), attempt.result());
                } catch (RuntimeException single) {
                    // The lease runs out and the notice is due again.
                    LOG.errorf(single, "notice %s: recording the attempt failed", attempt.noticeId());
                }
            }
        }
    }

    /** The circuit breakers, for the admin view and tests. */
    public CircuitBreakers circuits() {
        return circuits;
    }

    private static final int RECORD_BATCH = 200;
    /** How long a recorder waits for more results before it writes a batch smaller than {@link #RECORD_BATCH}. */
    private static final long RECORD_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** The scheduler identity of {@link #dispatchDue}. */
    public static final String JOB = "notice-dispatcher";

    @Scheduled(identity = JOB, every = "${takedown.propagation.dispatch-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void dispatchDue() throws InterruptedException {
        do {
            if (!dispatching.tryLock()) {
                return; // the loop that holds it looks again when it is done if it was woken meanwhile
            }
            try {
                again.set(false);
                dispatchUntilIdle();
            } finally {
                dispatching.unlock();
            }
        } while (again.get() && running);
    }

    /** Notices were planned and committed: deliver them now rather than at the next scheduled look. */
    void onPlanned(@Observes(during = TransactionPhase.AFTER_SUCCESS) NoticesPlanned planned) {
        wakeUp();
    }

    /** Starts a dispatch loop on the wake-up thread unless one runs (that one looks again) or the job is paused. */
    void wakeUp() {
        if (!running || scheduler.isPaused(JOB)) {
            return;
        }
        again.set(true);
        if (wakePending.compareAndSet(false, true)) {
            try {
                waker.execute(() -> {
                    wakePending.set(false);
                    try {
                        dispatchDue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        // The scheduled look retries within the dispatch interval.
                        LOG.warnf("dispatching after a wake-up failed: %s", e.getMessage());
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                wakePending.set(false);
            }
        }
    }

    private void dispatchUntilIdle() throws InterruptedException {
        while (running) {
            if (slots.availablePermits() == 0) {
                // Every worker is busy: wait for one to finish, then look again.
                if (slots.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                    slots.release();
                }
                continue;
            }
            // Wait a moment (at most 20 ms) until a few workers are free, so that a round leases several notices in
            // one transaction instead of one per worker that just finished.
            if (slots.tryAcquire(roundMinimum, 20, TimeUnit.MILLISECONDS)) {
                slots.release(roundMinimum);
            }
            if (dispatchRound() == 0) {
                return;
            }
        }
    }

    /** Leases what can start now and starts it; the number started. */
    int dispatchRound() {
        Set<String> skip = new HashSet<>(circuits.blocked());
        Map<String, Integer> free = new HashMap<>();
        inFlight.forEach((url, count) -> {
            int busy = count.get();
            if (busy >= perEndpoint) {
                skip.add(url);
            } else if (busy > 0) {
                free.put(url, perEndpoint - busy);
            }
        });
        List<Notice> admitted = new ArrayList<>();
        List<Notice> leased;
        try {
            leased = propagation.leaseDue(lease, slots.availablePermits(), skip, free, perEndpoint, notice -> {
                if (admit(notice)) {
                    admitted.add(notice);
                    return true;
                }
                return false;
            });
        } catch (RuntimeException e) {
            admitted.forEach(this::done);
            throw e;
        }
        // The signing secrets of this round's vendors in one query, read at each attempt as before (a rotation applies to retries).
        Map<String, List<String>> current;
        try {
            current = leased.isEmpty() ? Map.of() : secrets.current(leased.stream().map(n -> n.vendorId).distinct().toList());
        } catch (RuntimeException e) {
            admitted.forEach(this::done);
            throw e;
        }
        for (Notice notice : leased) {
            List<String> vendorSecrets = current.getOrDefault(notice.vendorId, List.of());
            workers.execute(() -> attempt(notice, vendorSecrets));
        }
        return leased.size();
    }

    /** Reserves a worker, an endpoint slot and (half-open) the probe; all or nothing. */
    private boolean admit(Notice notice) {
        AtomicInteger count = inFlight.computeIfAbsent(notice.endpointUrl, u -> new AtomicInteger());
        if (count.incrementAndGet() > perEndpoint) {
            count.decrementAndGet();
            return false;
        }
        if (!slots.tryAcquire()) {
            count.decrementAndGet();
            return false;
        }
        if (!circuits.tryAcquire(notice.endpointUrl)) {
            slots.release();
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    private void attempt(Notice notice, List<String> secrets) {
        try {
            DeliveryResult result = deliver(notice, secrets);
            circuits.record(notice.endpointUrl, result);
            results.add(new PropagationService.Attempt(notice.id, result));
        } catch (RuntimeException e) {
            // The lease runs out and the notice is due again.
            LOG.errorf(e, "notice %s: the attempt failed", notice.id);
        } finally {
            done(notice);
        }
    }

    private void done(Notice notice) {
        inFlight.get(notice.endpointUrl).decrementAndGet();
        slots.release();
    }

    private DeliveryResult deliver(Notice notice, List<String> current) {
        if (current == null || current.isEmpty()) {
            return DeliveryResult.noAnswer("vendor " + notice.vendorId + " has no valid signing secret");
        }
        return client.post(notice.endpointUrl, notice.id.toString(), notice.payload, current);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        waker.shutdownNow();
        workers.shutdownNow();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread recorder : recorders) {
            try {
                recorder.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
