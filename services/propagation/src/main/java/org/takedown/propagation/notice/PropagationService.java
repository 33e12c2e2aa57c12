package org.takedown.propagation.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import org.takedown.events.NoticeDispatched;
import org.takedown.events.RemovalItem;
import org.takedown.events.ReviewDecided;
import org.takedown.events.ReviewOutcome;
import org.takedown.messaging.Outbox;
import org.takedown.propagation.carryover.CarryOverService;
import org.takedown.propagation.pdq.Pdq;
import org.takedown.propagation.removal.RemovalRegistry;
import org.takedown.propagation.vendor.VendorEndpoint;
import org.takedown.propagation.vendor.VendorService;
import org.takedown.propagation.webhook.DeliveryResult;
import org.takedown.web.ProblemException;

/** Plans one notice per subscribed vendor for each approved decision and records how deliveries went. */
@ApplicationScoped
public class PropagationService {

    private static final Logger LOG = Logger.getLogger(PropagationService.class);
    private static final int MAX_ERROR_LENGTH = 500;

    private final NoticeRepository notices;
    private final VendorService registry;
    private final RemovalRegistry removals;
    private final Completion completion;
    private final Outbox outbox;
    private final PropagationConfig config;
    private final ObjectMapper json;
    private final NoticeLeases leases;
    private final Event<NoticesPlanned> noticesPlanned;

    PropagationService(NoticeRepository notices, VendorService registry, RemovalRegistry removals, Completion completion,
            Outbox outbox, PropagationConfig config, ObjectMapper json, NoticeLeases leases, Event<NoticesPlanned> noticesPlanned) {
        this.noticesPlanned = noticesPlanned;
        this.leases = leases;
        this.notices = notices;
        this.registry = registry;
        this.removals = removals;
        this.completion = completion;
        this.outbox = outbox;
        this.config = config;
        this.json = json;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void plan(ReviewDecided decision) {
        plan(decision, Map.of());
    }

    /**
     * Records the approved items and plans the notices, in the caller's (the inbox's) transaction.
     *
     * @param pdq PDQ hashes by {@link Pdq#key item key}, where the decision carried them
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void plan(ReviewDecided decision, Map<String, String> pdq) {
        if (decision.outcome() == ReviewOutcome.DENIED) {
            return;
        }
        if (notices.isWithdrawn(decision.requestId())) {
            LOG.infof("request %s was withdrawn before its decision: no removal, no notices", decision.requestId());
            return;
        }
        List<RemovalItem> reversedEarly = notices.reversedSince(decision.requestId(), decision.occurredAt());
        if (!reversedEarly.isEmpty()) {
            List<RemovalItem> standing = decision.approvedItems().stream()
                    .filter(i -> reversedEarly.stream().noneMatch(r -> Reversals.same(r, i.itemId(), i.url()))).toList();
            LOG.infof("request %s: %d of its %d items were reversed before the decision arrived: not propagated",
                    decision.requestId(), decision.approvedItems().size() - standing.size(), decision.approvedItems().size());
            if (standing.isEmpty()) {
                return;
            }
            decision = decision.withApprovedItems(standing);
        }
        pdq = withItemHashes(decision, pdq);
        removals.record(decision, pdq);
        Instant now = Instant.now();
        List<NoticePayload.Rule> rules = RemovalRegistry.rulesOf(decision).stream()
                .map(r -> new NoticePayload.Rule(r.kind(), r.value())).toList();
        // A decision may span several data sets (matching searches every active release): each subscribed vendor gets
        // one notice (at the endpoint of the first of its data sets) with the items of the data sets it subscribes to;
        // when they are in several releases, the notice names "*" and each item its own data set and release.
        Map<String, VendorEndpoint> endpoints = new LinkedHashMap<>();
        Map<String, List<RemovalItem>> itemsOf = new LinkedHashMap<>();
        for (Map.Entry<String, List<RemovalItem>> dataset : byDataset(decision).entrySet()) {
            for (VendorEndpoint endpoint : registry.subscribers(NoticePayload.REMOVAL, dataset.getKey())) {
                endpoints.putIfAbsent(endpoint.vendorId, endpoint);
                itemsOf.computeIfAbsent(endpoint.vendorId, k -> new ArrayList<>()).addAll(dataset.getValue());
            }
        }
        List<Notice> planned = new ArrayList<>(endpoints.size());
        for (VendorEndpoint endpoint : endpoints.values()) {
            List<RemovalItem> chosen = itemsOf.get(endpoint.vendorId);
            List<String> release = oneRelease(decision, chosen);
            boolean several = release.get(0).equals(NoticePayload.SEVERAL);
            List<NoticePayload.Item> items = new ArrayList<>();
            for (RemovalItem item : chosen) {
                items.add(new NoticePayload.Item(item.itemId(), item.url(), pdq.get(Pdq.key(item.itemId(), item.url())),
                        several ? item.datasetIn(decision) : null, several ? item.releaseIn(decision) : null));
            }
            Notice notice = new Notice();
            notice.id = UUID.randomUUID();
            notice.kind = Notice.Kind.REMOVAL;
            notice.carriedToRelease = decision.carriedToRelease() == null ? null
                    : CarryOverService.reviewedKey(decision.datasetId(), decision.carriedToRelease());
            notice.requestId = decision.requestId();
            notice.vendorId = endpoint.vendorId;
            notice.endpointId = endpoint.id;
            notice.endpointUrl = endpoint.url;
            notice.itemCount = items.size();
            notice.payload = write(new NoticePayload(notice.id, NoticePayload.REMOVAL, release.get(0), release.get(1),
                    decision.claimType().name(), NoticePayload.REMOVAL_ACTIONS, items, rules, now));
            notice.status = Notice.Status.PENDING;
            notice.nextAttemptAt = now;
            notice.createdAt = now;
            planned.add(notice);
        }
        if (planned.isEmpty()) {
            LOG.warnf("request %s approved but no vendor subscribes to its data set(s) %s: nobody to notify",
                    decision.requestId(), byDataset(decision).keySet());
            if (decision.carriedToRelease() == null) {
                completion.completeWithoutNotices(decision.requestId());
            }
            return;
        }
        notices.insertAll(planned);
        noticesPlanned.fire(new NoticesPlanned(planned.size()));
        LOG.infof("request %s: %d notices planned", decision.requestId(), planned.size());
    }

    /** The decision's items by data set, in the order they first appear; a decision without items (rules only) is the decision's data set. */
    static Map<String, List<RemovalItem>> byDataset(ReviewDecided decision) {
        Map<String, List<RemovalItem>> groups = new LinkedHashMap<>();
        for (RemovalItem item : decision.approvedItems()) {
            groups.computeIfAbsent(item.datasetIn(decision), k -> new ArrayList<>()).add(item);
        }
        if (groups.isEmpty()) {
            groups.put(decision.datasetId(), List.of());
        }
        return groups;
    }

    /** {@code [dataset, release]} of a notice: the one all its items are in, else {@link NoticePayload#SEVERAL}. */
    private static List<String> oneRelease(ReviewDecided decision, List<RemovalItem> items) {
        Set<List<String>> releases = new LinkedHashSet<>();
        items.forEach(item -> releases.add(List.of(item.datasetIn(decision), item.releaseIn(decision))));
        if (releases.isEmpty()) {
            return List.of(decision.datasetId(), decision.releaseId());
        }
        return releases.size() == 1 ? releases.iterator().next() : List.of(NoticePayload.SEVERAL, NoticePayload.SEVERAL);
    }
    /**
     * Takes due notices and leases them for one delivery attempt, in one statement (see {@link NoticeLeases}).
     *
     * @param limit at most this many
     * @param skipUrls endpoints not to lease for (their circuit is open or they are at their concurrency limit)
     * @param free per endpoint URL with deliveries in flight, how many more may start there
     * @param perEndpoint how many may start at an endpoint not in {@code free}
     * @param admit asked for each leased notice in due order; the leases of those it refuses are given back in the
     *     same transaction (the notices stay due as they were)
     */
    @Transactional
    public List<Notice> leaseDue(Duration lease, int limit, Collection<String> skipUrls, Map<String, Integer> free,
            int perEndpoint, Predicate<Notice> admit) {
        Instant now = Instant.now();
        List<NoticeLeases.Leased> taken = leases.lease(now, now.plus(lease), Math.max(limit, config.batchSize()) * 2, limit,
                skipUrls, free, perEndpoint);
        List<Notice> leased = new ArrayList<>();
        List<NoticeLeases.Leased> refused = new ArrayList<>();
        for (NoticeLeases.Leased l : taken) {
            if (admit.test(l.notice())) {
                leased.add(l.notice());
            } else {
                refused.add(l);
            }
        }
        leases.release(refused);
        return leased;
    }

    /** Takes due notices and leases them for one delivery attempt. */
    @Transactional
    public List<Notice> leaseDue(Duration lease) {
        return leaseDue(lease, config.batchSize(), List.of(), Map.of(), Integer.MAX_VALUE, n -> true);
    }

    /** A leased notice that was not attempted after all (its endpoint's circuit is open): due again at {@code at}. */
    @Transactional
    public void postpone(UUID noticeId, Instant at) {
        Notice notice = notices.findById(noticeId);
        if (notice != null && notice.status == Notice.Status.PENDING) {
            notice.nextAttemptAt = at;
            notice.leasedUntil = null;
        }
    }

    /** One delivery attempt's result. */
    public record Attempt(UUID noticeId, DeliveryResult result) {
    }

    /** Records one delivery attempt: delivered, to be retried, or failed for good. */
    @Transactional
    public void record(UUID noticeId, DeliveryResult result) {
        apply(notices.findById(noticeId), result);
    }

    /**
     * Records several attempts in one transaction (one commit instead of one per delivery), each as
     * {@link #record(UUID, DeliveryResult)} would: the deliveries in one statement (no entity load or flush) plus their
     * {@code NoticeDispatched} events in one batch, the rest (retries, failures) one by one.
     */
    @Transactional
    public void recordAll(List<Attempt> attempts) {
        List<UUID> delivered = new ArrayList<>();
        List<Attempt> others = new ArrayList<>();
        for (Attempt attempt : attempts) {
            if (attempt.result().delivered()) {
                delivered.add(attempt.noticeId());
            } else {
                others.add(attempt);
            }
        }
        if (!delivered.isEmpty()) {
            Instant now = Instant.now();
            List<NoticeDispatched> dispatched = new ArrayList<>();
            for (NoticeLeases.Delivered d : leases.delivered(delivered, now, now.plus(config.acknowledgementDue()))) {
                if (d.kind() == Notice.Kind.REMOVAL) {
                    dispatched.add(NoticeDispatched.of(d.requestId(), d.id(), d.vendorId(), d.itemCount()));
                }
            }
            outbox.publishAll(dispatched);
        }
        if (others.isEmpty()) {
            return;
        }
        Map<UUID, Notice> found = new HashMap<>();
        notices.list("id in ?1", others.stream().map(Attempt::noticeId).toList()).forEach(n -> found.put(n.id, n));
        for (Attempt attempt : others) {
            apply(found.get(attempt.noticeId()), attempt.result());
        }
    }

    private void apply(Notice notice, DeliveryResult result) {
        if (notice == null || notice.status != Notice.Status.PENDING) {
            return;
        }
        notice.attempts++;
        notice.leasedUntil = null;
        if (result.delivered()) {
            delivered(notice);
        } else if (result.refused()) {
            fail(notice, "refused by the outbound guard: " + result.error());
        } else if (result.gone()) {
            if (notice.endpointId != null) {
                registry.disableEndpoint(notice.endpointId, "answered 410 Gone at " + Instant.now());
            }
            fail(notice, "HTTP 410 Gone: the endpoint is gone and was disabled");
        } else if (notice.attempts > config.retrySchedule().size()) {
            fail(notice, result.error());
        } else {
            Duration wait = result.retryAfter().orElseGet(() -> withJitter(config.retrySchedule().get(notice.attempts - 1)));
            notice.nextAttemptAt = Instant.now().plus(wait);
            notice.lastError = truncate(result.error());
            LOG.warnf("notice %s to %s failed (attempt %d), next at %s: %s", notice.id, notice.vendorId, notice.attempts,
                    notice.nextAttemptAt, notice.lastError);
        }
    }

    /** Failed notices, oldest first. */
    @Transactional
    public List<Notice> failed(int limit) {
        return notices.find("status = ?1 order by createdAt, id", Notice.Status.FAILED).page(0, limit).list();
    }

    /**
     * Sends a failed notice again from the start of the schedule: the same notice id (so the same
     * {@code webhook-id}: a receiver that did get it can tell), with a fresh timestamp and signature.
     */
    @Transactional
    public Notice replay(UUID noticeId) {
        Notice notice = notices.findById(noticeId);
        if (notice == null) {
            throw ProblemException.notFound("notice " + noticeId);
        }
        if (notice.status != Notice.Status.FAILED) {
            throw ProblemException.conflict("notice-not-failed", "only a failed notice can be replayed; this one is "
                    + notice.status);
        }
        notice.status = Notice.Status.PENDING;
        notice.attempts = 0;
        notice.nextAttemptAt = Instant.now();
        notice.leasedUntil = null;
        LOG.infof("notice %s to %s replayed", notice.id, notice.vendorId);
        return notice;
    }

    private void delivered(Notice notice) {
        Instant now = Instant.now();
        notice.status = Notice.Status.DELIVERED;
        notice.deliveredAt = now;
        notice.lastError = null;
        if (notice.kind != Notice.Kind.REMOVAL) {
            return;
        }
        if (notice.vendorState != VendorState.APPLIED) {
            notice.acknowledgementDueAt = now.plus(config.acknowledgementDue());
        }
        outbox.publish(NoticeDispatched.of(notice.requestId, notice.id, notice.vendorId, notice.itemCount));
    }

    private void fail(Notice notice, String reason) {
        notice.status = Notice.Status.FAILED;
        notice.lastError = truncate(reason);
        LOG.errorf("notice %s to %s failed for good after %d attempts: %s", notice.id, notice.vendorId, notice.attempts,
                notice.lastError);
    }

    /**
     * The items' PDQ hashes by {@link Pdq#key item key}: {@link RemovalItem#pdq()} where the event carries it, else
     * what {@link Pdq#fromDecision} read from the raw payload.
     */
    static Map<String, String> withItemHashes(ReviewDecided decision, Map<String, String> raw) {
        Map<String, String> hashes = new HashMap<>(raw);
        for (RemovalItem item : decision.approvedItems()) {
            Pdq.normalize(item.pdq()).ifPresent(h -> hashes.put(Pdq.key(item.itemId(), item.url()), h));
        }
        return hashes;
    }

    /** Up to 10 % more, so that notices that failed together do not all come back at the same instant. */
    private static Duration withJitter(Duration wait) {
        return wait.plusMillis((long) (wait.toMillis() * 0.1 * ThreadLocalRandom.current().nextDouble()));
    }

    static String truncate(String error) {
        return error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
    }

    private String write(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notice payload cannot be written", e);
        }
    }
}
