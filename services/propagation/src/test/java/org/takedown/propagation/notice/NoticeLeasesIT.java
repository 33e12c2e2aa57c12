package org.takedown.propagation.notice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.takedown.testing.RealInfrastructureResource;

/**
 * The one-statement lease: due order, per-endpoint and overall limits, skipped endpoints, leases that run out, and
 * leases given back.
 * Each test inserts its notices (due in the year 2000, so before anything else), leases and checks in one transaction
 * that it rolls back: the running dispatcher never sees them, and no other notice keeps a lease.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
class NoticeLeasesIT {

    private static final String VENDOR = "lease-test";

    @Inject
    NoticeLeases leases;

    @Inject
    NoticeRepository notices;

    @Inject
    jakarta.transaction.UserTransaction transaction;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Instant due = Instant.parse("2000-01-01T00:00:00Z");
    private final Instant asOf = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final Instant until = asOf.plus(Duration.ofMinutes(1));

    @Test
    void leasesAtMostTheFreeSlotsPerEndpointInDueOrderAndSkipsBlockedEndpoints() {
        String a = url("a");
        String b = url("b");
        String c = url("c");
        rolledBack(() -> {
            List<UUID> ofA = insert(a, 5);
            insert(b, 5);
            insert(c, 5);

            List<NoticeLeases.Leased> leased = leases.lease(asOf, until, 100, 100, List.of(c), Map.of(b, 1), 2).stream()
                    .filter(l -> l.notice().endpointUrl.contains(run)).toList();

            Map<String, Long> perEndpoint = leased.stream().collect(Collectors.groupingBy(l -> l.notice().endpointUrl, Collectors.counting()));
            assertEquals(Map.of(a, 2L, b, 1L), perEndpoint, "a takes the default 2, b its 1 free slot, c is skipped");
            assertEquals(ofA.subList(0, 2), leased.stream().filter(l -> l.notice().endpointUrl.equals(a)).map(l -> l.notice().id).toList(),
                    "the earliest due first");
            for (NoticeLeases.Leased l : leased) {
                assertEquals(until, leasedUntil(l.notice().id), "leased until the end of the lease");
                assertEquals(l.dueBefore(), nextAttemptAt(l.notice().id), "the lease leaves the due time as it was");
                assertTrue(l.notice().payload.contains(l.notice().id.toString()), "the payload comes along");
            }
            assertEquals(due, nextAttemptAt(ofA.get(0)));
            assertNull(leasedUntil(ofA.get(2)), "not leased: untouched");
        });
    }

    @Test
    void leasesNoMoreThanTheLimitAndGivesUnusedLeasesBack() {
        String a = url("a");
        String b = url("b");
        rolledBack(() -> {
            insert(a, 3);
            insert(b, 3);

            List<NoticeLeases.Leased> leased = leases.lease(asOf, until, 100, 4, List.of(), Map.of(), 10);
            assertEquals(4, leased.size());
            assertTrue(leased.stream().allMatch(l -> l.notice().endpointUrl.contains(run)), "ours are due first");

            NoticeLeases.Leased unused = leased.get(3);
            leases.release(List.of(unused));
            assertNull(leasedUntil(unused.notice().id), "the lease is given back");
            assertEquals(unused.dueBefore(), nextAttemptAt(unused.notice().id), "due again as before");
            assertEquals(until, leasedUntil(leased.get(0).notice().id), "the others stay leased");

            List<UUID> again = leases.lease(asOf, until, 100, 100, List.of(), Map.of(), 10).stream()
                    .map(l -> l.notice().id).filter(id -> leased.stream().anyMatch(l -> l.notice().id.equals(id))).toList();
            assertEquals(List.of(unused.notice().id), again, "of ours only the one given back is due again");
        });
    }

    @Test
    void aLeaseThatRanOutIsDueAgain() {
        String a = url("a");
        rolledBack(() -> {
            UUID id = insert(a, 1).get(0);
            assertEquals(1, leases.lease(asOf, until, 100, 100, List.of(), Map.of(), 10).stream()
                    .filter(l -> l.notice().id.equals(id)).count());

            assertEquals(0, leases.lease(until.minusMillis(1), until.plusSeconds(60), 100, 100, List.of(), Map.of(), 10).stream()
                    .filter(l -> l.notice().id.equals(id)).count(), "leased: not due until the lease runs out");
            Instant later = until.plusSeconds(60);
            List<NoticeLeases.Leased> released = leases.lease(until, later, 100, 100, List.of(), Map.of(), 10).stream()
                    .filter(l -> l.notice().id.equals(id)).toList();
            assertEquals(1, released.size(), "the lease ran out: due again (the vendor may have had it; same webhook-id)");
            assertEquals(later, leasedUntil(id));
        });
    }

    @Test
    void marksOnlyPendingNoticesDeliveredAndSetsTheAcknowledgementDeadlineOfUnappliedRemovals() {
        Instant at = Instant.parse("2026-01-02T03:04:05.678Z");
        Instant ackDue = at.plus(Duration.ofDays(7));
        rolledBack(() -> {
            UUID removal = insert(url("a"), 1).get(0);
            UUID applied = insert(url("b"), 1).get(0);
            UUID reminder = insert(url("c"), 1).get(0);
            UUID failed = insert(url("d"), 1).get(0);
            notices.findById(applied).vendorState = VendorState.APPLIED;
            notices.findById(reminder).kind = Notice.Kind.REMINDER;
            notices.findById(failed).status = Notice.Status.FAILED;
            notices.findById(removal).lastError = "timeout";
            notices.flush();
            notices.getEntityManager().clear();

            Map<UUID, NoticeLeases.Delivered> marked = leases.delivered(List.of(removal, applied, reminder, failed), at, ackDue)
                    .stream().collect(Collectors.toMap(NoticeLeases.Delivered::id, d -> d));

            assertEquals(java.util.Set.of(removal, applied, reminder), marked.keySet(), "a failed notice stays failed");
            assertEquals(Notice.Kind.REMINDER, marked.get(reminder).kind());
            Notice n = notices.findById(removal);
            assertEquals(Notice.Status.DELIVERED, n.status);
            assertEquals(1, n.attempts);
            assertEquals(at, n.deliveredAt);
            assertEquals(null, n.lastError);
            assertEquals(ackDue, n.acknowledgementDueAt);
            assertEquals(null, notices.findById(applied).acknowledgementDueAt, "already applied: nothing to acknowledge");
            assertEquals(null, notices.findById(reminder).acknowledgementDueAt, "a reminder has no deadline of its own");
            assertEquals(Notice.Status.FAILED, notices.findById(failed).status);
            assertEquals(0, notices.findById(failed).attempts);
        });
    }

    /** Runs {@code work} in a transaction that is always rolled back. */
    private void rolledBack(Runnable work) {
        try {
            transaction.begin();
            try {
                work.run();
            } finally {
                transaction.rollback();
            }
        } catch (jakarta.transaction.NotSupportedException | jakarta.transaction.SystemException e) {
            throw new IllegalStateException(e);
        }
    }

    private String url(String name) {
        return "http://127.0.0.1:9/" + run + "/" + name;
    }

    /** Notices to {@code url}, due one millisecond apart; their ids in due order. */
    private List<UUID> insert(String url, int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Notice notice = new Notice();
            notice.id = UUID.randomUUID();
            notice.kind = Notice.Kind.REMOVAL;
            notice.requestId = UUID.randomUUID();
            notice.vendorId = VENDOR;
            notice.endpointUrl = url;
            notice.itemCount = 1;
            notice.payload = "{\"noticeId\":\"" + notice.id + "\"}";
            notice.status = Notice.Status.PENDING;
            notice.nextAttemptAt = due.plusMillis(i);
            notice.createdAt = Instant.now();
            notices.persist(notice);
            ids.add(notice.id);
        }
        notices.flush();
        return ids;
    }

    private Instant nextAttemptAt(UUID id) {
        return instant("next_attempt_at", id);
    }

    private Instant leasedUntil(UUID id) {
        return instant("leased_until", id);
    }

    private Instant instant(String column, UUID id) {
        // Read past Hibernate: the lease is a plain SQL statement.
        Object at = notices.getEntityManager().createNativeQuery("SELECT " + column + " FROM notice WHERE id = ?1")
                .setParameter(1, id).getSingleResult();
        if (at == null) {
            return null;
        }
        if (at instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (at instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        return (Instant) at;
    }
}
