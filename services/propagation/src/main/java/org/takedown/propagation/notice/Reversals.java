package org.takedown.propagation.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.takedown.events.DecisionReversed;
import org.takedown.events.NormalizedUrl;
import org.takedown.events.RemovalItem;
import org.takedown.events.RequestWithdrawn;
import org.takedown.propagation.removal.Removal;
import org.takedown.propagation.removal.RemovalRegistry;

/**
 * A withdrawn request or a reversed decision: the registry marks the items reversed (and the feed
 * says so), a notice that was never sent is cancelled (or, when only some of its items are reversed,
 * sent without them), and every vendor that may have received the original gets a reversal notice,
 * delivered and signed like any other, with its own {@code webhook-id}. Runs in the inbox's transaction.
 */
@ApplicationScoped
public class Reversals {

    static final String WITHDRAWN = "WITHDRAWN";
    private static final Logger LOG = Logger.getLogger(Reversals.class);

    private final NoticeRepository notices;
    private final RemovalRegistry removals;
    private final ObjectMapper json;

    private final Event<NoticesPlanned> planned;

    Reversals(NoticeRepository notices, RemovalRegistry removals, ObjectMapper json, Event<NoticesPlanned> planned) {
        this.planned = planned;
        this.notices = notices;
        this.removals = removals;
        this.json = json;
    }

    /** The whole request is reversed, and a decision that comes later plans nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void withdrawn(RequestWithdrawn withdrawal) {
        notices.recordWithdrawal(withdrawal.requestId(), withdrawal.occurredAt());
        reverse(withdrawal.requestId(), (itemId, url) -> true, WITHDRAWN, Instant.now());
    }

    /** The reversed items of the request. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reversed(DecisionReversed reversal) {
        List<RemovalItem> items = reversal.reversedItems();
        // Remembered: the decision may not have arrived yet (another topic), and then must not propagate these items.
        notices.recordReversedItems(reversal.requestId(), items, reversal.reasonCode(), reversal.occurredAt());
        BiPredicate<String, String> selected = (itemId, url) -> items.stream().anyMatch(r -> same(r, itemId, url));
        reverse(reversal.requestId(), selected, reversal.reasonCode(), Instant.now());
    }

    private void reverse(UUID requestId, BiPredicate<String, String> selected, String reasonCode, Instant now) {
        List<Removal> reversedNow = removals.reverse(requestId, r -> selected.test(r.itemId, r.url), now);
        int registry = reversedNow.size();
        Set<NoticePayload.Rule> reversedRules = reversedNow.stream().filter(Removal::isRule)
                .map(r -> new NoticePayload.Rule(r.rule, r.url)).collect(Collectors.toSet());
        int cancelled = 0;
        int reversals = 0;
        for (Notice notice : notices.lockRemovalsOf(requestId)) {
            if (notice.status == Notice.Status.CANCELLED) {
                continue;
            }
            NoticePayload payload = read(notice.payload, NoticePayload.class);
            List<NoticePayload.Item> affected = payload.items().stream().filter(i -> selected.test(i.itemId(), i.url())).toList();
            List<NoticePayload.Rule> affectedRules = payload.rules().stream().filter(reversedRules::contains).toList();
            if (affected.isEmpty() && affectedRules.isEmpty()) {
                continue;
            }
            boolean all = affected.size() == payload.items().size() && affectedRules.size() == payload.rules().size();
            // Not attempted and never leased without a recorded outcome: a leased notice may be on the wire right now,
            // and one whose lease ran out may have reached its vendor before a crash. The row lock taken above keeps
            // the dispatcher, which skips locked rows, from leasing it until this transaction ends.
            boolean neverSent = notice.status == Notice.Status.PENDING && notice.attempts == 0 && notice.leasedUntil == null;
            if (all) {
                notice.acknowledgementDueAt = null;
                cancelReminders(notice.id);
            }
            if (neverSent && !all) {
                // Nobody has seen this body yet: send it without the reversed items.
                List<NoticePayload.Item> rest = payload.items().stream().filter(i -> !affected.contains(i)).toList();
                List<NoticePayload.Rule> restRules = payload.rules().stream().filter(r -> !affectedRules.contains(r)).toList();
                notice.payload = write(new NoticePayload(payload.noticeId(), payload.type(), payload.datasetId(),
                        payload.releaseId(), payload.legalBasis(), payload.actions(), rest, restRules, payload.issuedAt(),
                        payload.carriedOver()));
                notice.itemCount = rest.size();
                continue;
            }
            if (all && notice.status != Notice.Status.DELIVERED) {
                notice.status = Notice.Status.CANCELLED;
                notice.lastError = "cancelled: " + (WITHDRAWN.equals(reasonCode) ? "request withdrawn" : "decision reversed");
                cancelled++;
            }
            if (!neverSent) {
                planReversal(notice, payload, affected, affectedRules, reasonCode, now);
                reversals++;
            }
        }
        if (reversals > 0) {
            planned.fire(new NoticesPlanned(reversals));
        }
        LOG.infof("request %s reversed (%s): %d registry entries, %d notices cancelled, %d reversal notices planned",
                requestId, reasonCode, registry, cancelled, reversals);
    }

    /** Delivered, or possibly received (an attempt was made): the vendor hears of the reversal. */
    private void planReversal(Notice original, NoticePayload payload, List<NoticePayload.Item> items,
            List<NoticePayload.Rule> rules, String reasonCode, Instant now) {
        Notice reversal = new Notice();
        reversal.id = UUID.randomUUID();
        reversal.kind = Notice.Kind.REVERSAL;
        reversal.subjectNoticeId = original.id;
        reversal.requestId = original.requestId;
        reversal.vendorId = original.vendorId;
        reversal.endpointId = original.endpointId;
        reversal.endpointUrl = original.endpointUrl;
        reversal.itemCount = items.size();
        reversal.payload = write(new NoticePayload.Reversal(reversal.id, NoticePayload.REVERSAL, original.id,
                payload.datasetId(), payload.releaseId(), reasonCode, items, rules, now));
        reversal.status = Notice.Status.PENDING;
        reversal.nextAttemptAt = now;
        reversal.createdAt = now;
        notices.persist(reversal);
    }

    private void cancelReminders(UUID noticeId) {
        notices.update("status = ?1, lastError = ?2 where subjectNoticeId = ?3 and kind = ?4 and status = ?5",
                Notice.Status.CANCELLED, "cancelled: the items were reversed", noticeId, Notice.Kind.REMINDER,
                Notice.Status.PENDING);
    }

    /** Whether the reversed item is this one: the same item id when both have one, else the same normalised URL. */
    static boolean same(RemovalItem reversed, String itemId, String url) {
        if (reversed.itemId() != null && itemId != null) {
            return reversed.itemId().equals(itemId);
        }
        Optional<String> a = NormalizedUrl.parse(reversed.url());
        Optional<String> b = NormalizedUrl.parse(url);
        return a.isPresent() && a.equals(b);
    }

    private <T> T read(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored notice payload cannot be read", e);
        }
    }

    private String write(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notice payload cannot be written", e);
        }
    }
}
