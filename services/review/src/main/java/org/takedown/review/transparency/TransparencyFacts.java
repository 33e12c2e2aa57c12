package org.takedown.review.transparency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.UUID;
import org.takedown.events.AppealFiled;
import org.takedown.events.ClaimType;
import org.takedown.events.DecisionReversed;
import org.takedown.events.InformationProvided;
import org.takedown.events.InformationRequested;
import org.takedown.events.LegalClock;
import org.takedown.events.MatchesFound;
import org.takedown.events.NoticeAcknowledged;
import org.takedown.events.NoticeDispatched;
import org.takedown.events.RemovalItem;
import org.takedown.events.RemovalsCarriedOver;
import org.takedown.events.RequestReceived;
import org.takedown.events.RequestRejected;
import org.takedown.events.RequestSubmitted;
import org.takedown.events.RequestVerified;
import org.takedown.events.RequestWithdrawn;
import org.takedown.events.ReviewDecided;

/**
 * Writes the facts of the transparency report as events bring them, in the inbox's transaction. Every write is
 * an upsert that gives the same rows in whichever order the topics are read (Kafka orders a request's events only
 * within one topic): facts are kept per event, and counted when the report is built.
 */
@ApplicationScoped
public class TransparencyFacts {

    /** Stages of the pipeline whose events carry the legal clock; a later stage's clock has more pauses in it. */
    private static final int SUBMITTED = 1;
    private static final int VERIFIED = 2;
    private static final int MATCHED = 3;

    private final EntityManager entityManager;

    TransparencyFacts(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    void received(RequestReceived event) {
        request(event.requestId(), event.claimType());
        fact(event.eventId(), event.requestId(), FactKind.RECEIVED, event.occurredAt(), null);
    }

    /** Submitted for processing: the confirmed request, received in the legal sense at its clock's start (ADR 019). */
    void confirmed(RequestSubmitted event) {
        request(event.requestId(), event.claimType());
        clock(event.requestId(), SUBMITTED, event.clock());
        Instant at = event.clock() == null ? event.occurredAt() : event.clock().receivedAt();
        fact(event.eventId(), event.requestId(), FactKind.CONFIRMED, at, null);
    }

    void verified(RequestVerified event) {
        request(event.requestId(), event.claimType());
        clock(event.requestId(), VERIFIED, event.clock());
    }

    void rejected(RequestRejected event) {
        fact(event.eventId(), event.requestId(), FactKind.REJECTED, event.occurredAt(), event.reasonCode());
    }

    void matched(MatchesFound event) {
        request(event.requestId(), event.claimType());
        clock(event.requestId(), MATCHED, event.clock());
    }

    /**
     * A request's own decision counts as decided (its first) or decided on appeal (a later one); a carry-over
     * case's decision only adds its approved items, carried over, to the removals.
     */
    void decided(ReviewDecided event) {
        request(event.requestId(), event.claimType());
        boolean carryOver = event.carriedToRelease() != null;
        if (!carryOver) {
            fact(event.eventId(), event.requestId(), FactKind.DECIDED, event.occurredAt(), event.outcome().name());
        }
        for (RemovalItem item : event.approvedItems()) {
            removal(item.datasetIn(event), item.releaseIn(event), item.itemId(), carryOver, event.occurredAt());
        }
    }

    void paused(InformationRequested event) {
        fact(event.eventId(), event.requestId(), FactKind.PAUSED, event.occurredAt(), null);
    }

    void resumed(InformationProvided event) {
        fact(event.eventId(), event.requestId(), FactKind.RESUMED, event.occurredAt(), null);
    }

    void withdrawn(RequestWithdrawn event) {
        fact(event.eventId(), event.requestId(), FactKind.WITHDRAWN, event.occurredAt(), null);
    }

    void appealed(AppealFiled event) {
        fact(event.eventId(), event.requestId(), FactKind.APPEALED, event.occurredAt(), null);
    }

    void reversed(DecisionReversed event) {
        fact(event.eventId(), event.requestId(), FactKind.REVERSED, event.occurredAt(), null);
        for (RemovalItem item : event.reversedItems()) {
            if (item.datasetId() != null && item.releaseId() != null) {
                entityManager.createNativeQuery("""
                        INSERT INTO transparency_reversed_item (dataset_id, release_id, item_id, reversed_at)
                        VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING""")
                        .setParameter(1, item.datasetId()).setParameter(2, item.releaseId()).setParameter(3, item.itemId())
                        .setParameter(4, event.occurredAt()).executeUpdate();
            }
        }
    }

    void carriedOver(RemovalsCarriedOver event) {
        for (RemovalItem item : event.removedAgain()) {
            String dataset = item.datasetId() != null ? item.datasetId() : event.datasetId();
            String release = item.releaseId() != null ? item.releaseId() : event.releaseId();
            removal(dataset, release, item.itemId(), true, event.occurredAt());
        }
    }

    void dispatched(NoticeDispatched event) {
        notice(event.noticeId(), event.vendorId());
        entityManager.createNativeQuery("""
                UPDATE transparency_notice SET dispatched_at = LEAST(coalesce(dispatched_at, ?2), ?2) WHERE notice_id = ?1""")
                .setParameter(1, event.noticeId()).setParameter(2, event.occurredAt()).executeUpdate();
    }

    /** Any answer counts as acknowledged; {@code APPLIED} and {@code DISPUTED} also as what they say. */
    void answered(NoticeAcknowledged event) {
        notice(event.noticeId(), event.vendorId());
        entityManager.createNativeQuery("""
                UPDATE transparency_notice SET answered_at = LEAST(coalesce(answered_at, ?2), ?2),
                    applied_at = CASE WHEN ?3 THEN LEAST(coalesce(applied_at, ?2), ?2) ELSE applied_at END,
                    disputed_at = CASE WHEN ?4 THEN LEAST(coalesce(disputed_at, ?2), ?2) ELSE disputed_at END
                WHERE notice_id = ?1""")
                .setParameter(1, event.noticeId()).setParameter(2, event.occurredAt())
                .setParameter(3, "APPLIED".equals(event.state())).setParameter(4, "DISPUTED".equals(event.state()))
                .executeUpdate();
    }

    private void request(UUID requestId, ClaimType claimType) {
        entityManager.createNativeQuery("""
                INSERT INTO transparency_request (request_id, claim_type) VALUES (?1, ?2)
                ON CONFLICT (request_id) DO UPDATE SET claim_type = coalesce(excluded.claim_type, transparency_request.claim_type)""")
                .setParameter(1, requestId).setParameter(2, claimType == null ? null : claimType.name()).executeUpdate();
    }

    /** Keeps the clock of the latest stage; of one stage, the latest event's (one topic, one key: in order). */
    private void clock(UUID requestId, int stage, LegalClock clock) {
        if (clock == null) {
            return;
        }
        entityManager.createNativeQuery("""
                UPDATE transparency_request SET clock_stage = ?2, clock_received_at = ?3, clock_paused_seconds = ?4,
                    clock_paused_since = ?5
                WHERE request_id = ?1 AND clock_stage <= ?2""")
                .setParameter(1, requestId).setParameter(2, stage).setParameter(3, clock.receivedAt())
                .setParameter(4, clock.pausedSeconds()).setParameter(5, clock.pausedSince()).executeUpdate();
    }

    private void fact(UUID eventId, UUID requestId, FactKind kind, Instant at, String detail) {
        entityManager.createNativeQuery("""
                INSERT INTO transparency_event (event_id, request_id, kind, at, detail) VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT DO NOTHING""")
                .setParameter(1, eventId).setParameter(2, requestId).setParameter(3, kind.name()).setParameter(4, at)
                .setParameter(5, detail).executeUpdate();
    }

    private void removal(String datasetId, String releaseId, String itemId, boolean carriedOver, Instant at) {
        if (datasetId == null || releaseId == null) {
            return; // from before decisions named their release: nowhere to count it
        }
        entityManager.createNativeQuery("""
                INSERT INTO transparency_removal (dataset_id, release_id, item_id, carried_over, removed_at)
                VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT (dataset_id, release_id, item_id) DO UPDATE
                    SET carried_over = transparency_removal.carried_over AND excluded.carried_over,
                        removed_at = LEAST(transparency_removal.removed_at, excluded.removed_at)""")
                .setParameter(1, datasetId).setParameter(2, releaseId).setParameter(3, itemId).setParameter(4, carriedOver)
                .setParameter(5, at).executeUpdate();
    }

    private void notice(UUID noticeId, String vendorId) {
        entityManager.createNativeQuery("""
                INSERT INTO transparency_notice (notice_id, vendor_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING""")
                .setParameter(1, noticeId).setParameter(2, vendorId).executeUpdate();
    }
}
