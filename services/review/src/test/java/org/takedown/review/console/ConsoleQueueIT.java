package org.takedown.review.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.ClaimType;
import org.takedown.events.MatchCandidate;
import org.takedown.events.MatchesFound;
import org.takedown.review.cases.ReviewCaseRepository.QueueFilter;
import org.takedown.review.console.ConsoleViews.QueueRow;
import org.takedown.review.console.ConsoleViews.Urgency;
import org.takedown.review.Cases;
import org.takedown.testing.EventSender;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/** What the queue page lists: open cases by deadline, narrowed by claim type, data set and overdue. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "review"))
class ConsoleQueueIT {


    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    ConsoleViews views;

    @Inject
    EntityManager entityManager;

    @Test
    void filtersNarrowTheQueueAndOverdueCasesComeFirstAndAreCounted() {
        String dataset = "queue-" + UUID.randomUUID().toString().substring(0, 8);
        String onTime = Cases.awaitCase(openCase(dataset, ClaimType.COPYRIGHT));
        String overdue = Cases.awaitCase(openCase(dataset, ClaimType.LIKENESS));
        String soon = Cases.awaitCase(openCase(dataset, ClaimType.COPYRIGHT));
        setDue(overdue, Instant.now().minus(Duration.ofDays(2)));
        setDue(soon, Instant.now().plus(Duration.ofDays(2)));
        long overdueBefore = views.queue(new QueueFilter(null, null, false)).counts().overdue();

        List<QueueRow> all = views.queue(new QueueFilter(null, dataset, false)).rows();
        assertEquals(List.of(overdue, soon, onTime), all.stream().map(r -> r.id().toString()).toList(), "by deadline");
        assertEquals(List.of(Urgency.OVERDUE, Urgency.DUE_SOON, Urgency.NONE), all.stream().map(QueueRow::urgency).toList());
        assertEquals(List.of(overdue), views.queue(new QueueFilter(null, dataset, true)).rows().stream()
                .map(r -> r.id().toString()).toList());
        assertEquals(List.of(soon, onTime), views.queue(new QueueFilter(ClaimType.COPYRIGHT, dataset, false)).rows().stream()
                .map(r -> r.id().toString()).toList());
        ConsoleViews.Queue queue = views.queue(new QueueFilter(null, dataset, false));
        assertTrue(queue.datasets().contains(dataset));
        assertTrue(queue.counts().overdue() >= 1 && queue.counts().overdue() == overdueBefore, "counts cover all open cases");
        assertTrue(queue.counts().dueSoon() >= 1);
        assertEquals(2, all.get(0).candidates());
    }

    @Test
    void theQueueIsPagedAndSortedBeyondOnePage() {
        String dataset = "pages-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(Cases.awaitCase(openCase(dataset, ClaimType.COPYRIGHT)));
        }
        // Deadlines in the reverse order of creation, so "by deadline" and "oldest first" disagree.
        for (int i = 0; i < ids.size(); i++) {
            setDue(ids.get(i), Instant.now().plus(Duration.ofDays(20 - i)));
        }
        List<String> byDeadline = List.of(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));

        ConsoleViews.Queue first = views.queue(filter(dataset, QueueFilter.Order.DEFAULT, 0), 2);
        ConsoleViews.Queue second = views.queue(filter(dataset, QueueFilter.Order.DEFAULT, 1), 2);
        ConsoleViews.Queue third = views.queue(filter(dataset, QueueFilter.Order.DEFAULT, 2), 2);
        assertEquals(byDeadline.subList(0, 2), idsOf(first));
        assertEquals(byDeadline.subList(2, 4), idsOf(second));
        assertEquals(byDeadline.subList(4, 5), idsOf(third));
        assertTrue(first.hasNext() && !first.hasPrevious());
        assertTrue(second.hasNext() && second.hasPrevious());
        assertTrue(!third.hasNext() && third.hasPrevious());
        assertEquals(3, second.fromRow());
        assertEquals(4, second.toRow());

        ConsoleViews.Queue oldest = views.queue(filter(dataset, QueueFilter.Order.OLDEST, 0), 10);
        assertEquals(Set.copyOf(ids), Set.copyOf(idsOf(oldest)));
        List<Instant> opened = oldest.rows().stream().map(QueueRow::openedAt).toList();
        assertEquals(opened.stream().sorted().toList(), opened, "oldest first");
        List<Instant> newest = views.queue(filter(dataset, QueueFilter.Order.NEWEST, 0), 10).rows().stream()
                .map(QueueRow::openedAt).toList();
        assertEquals(newest.stream().sorted(java.util.Comparator.reverseOrder()).toList(), newest, "newest first");
        assertEquals(5, newest.size());
    }

    @Test
    void keysetPagesAreTheSamePagesAsCountedOnesInEveryOrder() {
        String dataset = "keyset-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(Cases.awaitCase(openCase(dataset, ClaimType.COPYRIGHT)));
        }
        // Two cases share a deadline, so that the id breaks the tie on both sides of a page boundary.
        for (int i = 0; i < ids.size(); i++) {
            setDue(ids.get(i), Instant.parse("2027-01-10T00:00:00Z").plus(Duration.ofDays(i == 3 ? 2 : i)));
        }
        for (QueueFilter.Order order : QueueFilter.Order.values()) {
            List<String> counted = idsOf(views.queue(filter(dataset, order, 0), 10));
            List<String> walked = new java.util.ArrayList<>();
            UUID after = null;
            for (int page = 0; page < 3; page++) {
                ConsoleViews.Queue queue = views.queue(new QueueFilter(null, dataset, false, QueueFilter.Assignee.ANYONE, null,
                        QueueFilter.Show.OPEN, order, page, null, after), 2);
                walked.addAll(idsOf(queue));
                after = queue.lastId();
                assertEquals(page < 2, queue.hasNext(), order + " page " + page);
            }
            assertEquals(counted, walked, order.name());
        }
    }

    private static QueueFilter filter(String dataset, QueueFilter.Order order, int page) {
        return new QueueFilter(null, dataset, false, QueueFilter.Assignee.ANYONE, null, QueueFilter.Show.OPEN, order, page);
    }

    private static List<String> idsOf(ConsoleViews.Queue queue) {
        return queue.rows().stream().map(r -> r.id().toString()).toList();
    }

    private void setDue(String caseId, Instant dueAt) {
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("update review_case set due_at = :due where id = cast(:id as uuid)")
                .setParameter("due", dueAt).setParameter("id", caseId).executeUpdate());
    }

    private UUID openCase(String dataset, ClaimType type) {
        UUID requestId = UUID.randomUUID();
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new MatchesFound(UUID.randomUUID(), Instant.now(), requestId, type, dataset, "2026-11",
                    List.of(new MatchCandidate("q-1", "https://q.example/1.jpg", "one", List.of("EXACT_URL"), 1.0),
                            new MatchCandidate("q-2", "https://q.example/2.jpg", "two", List.of("DOMAIN"), 0.5)),
                    2));
        }
        return requestId;
    }

}
