package org.takedown.intake.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.takedown.intake.request.RequestTarget;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.status.TextBundle;
import org.takedown.intake.status.StatusChange;
import org.takedown.intake.verification.DomainProofLookup;

/** What a claimant sees of their request. */
public record RequestView(
        UUID id,
        String claimType,
        String status,
        String explanation,
        Instant createdAt,
        Instant updatedAt,
        Targets targets,
        List<TimelineEntry> timeline,
        @JsonInclude(JsonInclude.Include.NON_NULL) DomainProofLookup.Result domainProofs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant answerDueAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Deadline deadline,
        boolean personalDataErased,
        @JsonInclude(JsonInclude.Include.NON_NULL) String message) {

    /**
     * The legal deadline while the request is open: one month from receipt ({@code receivedAt}), extended once at
     * most, standing still ({@code paused}) while we wait for the claimant. {@code dueAt} is the date as it stands
     * now (the same as {@code answerDueAt}).
     */
    public record Deadline(Instant receivedAt, Instant dueAt, long daysLeft, boolean paused, int extensionMonths) {

        static Deadline of(TakedownRequest request, Instant now) {
            if (request.status.closed()) {
                return null;
            }
            return request.clock().map(c -> new Deadline(c.receivedAt(), request.answerDueAt(now).orElseThrow(),
                    request.answerDueAt != null ? Duration.between(now, request.answerDueAt).toDays() : c.daysLeft(now),
                    c.paused(), c.extensionMonths())).orElse(null);
        }
    }

    /** {@code datasets}: the data sets the claimant asked to be searched; empty: every ACTIVE release. */
    public record Targets(List<String> imageUrls, List<String> domains, long textQueries, List<String> datasets) {
    }

    /**
     * {@code explanation}: what the entry means for the claimant, in plain words. {@code note}: set on
     * entries that did not change the status (e.g. {@code TOKEN_ROTATED}).
     */
    public record TimelineEntry(String status, Instant at, String detail,
            @JsonInclude(JsonInclude.Include.NON_NULL) String note, String explanation) {
    }

    public static RequestView of(TakedownRequest request, TextBundle texts) {
        Instant now = Instant.now();
        String latestDetail = request.timeline.stream().filter(c -> c.note == null && c.status == request.status)
                .reduce((a, b) -> b).map(c -> c.detail).orElse(null);
        return new RequestView(request.id, request.claimType.name(), request.status.name(),
                texts.explain(request.status, latestDetail), request.createdAt, request.updatedAt,
                new Targets(request.targetValues(RequestTarget.Kind.IMAGE_URL),
                        request.targetValues(RequestTarget.Kind.DOMAIN), request.targetCount(RequestTarget.Kind.TEXT_QUERY),
                        request.datasetList()),
                request.timeline.stream().map(c -> entry(c, texts)).toList(), null,
                request.status.closed() ? null : request.answerDueAt(now).orElse(null), Deadline.of(request, now),
                request.personalDataErased(), null);
    }

    /**
     * With what the claimant of a site opt-out must publish per domain (from verification);
     * {@code available: false} when verification could not be asked just now.
     */
    public RequestView withDomainProofs(DomainProofLookup.Result proofs) {
        return new RequestView(id, claimType, status, explanation, createdAt, updatedAt, targets, timeline, proofs,
                answerDueAt, deadline, personalDataErased, message);
    }

    /** With our team's words for the current status (a question, the reasons of a denial or reversal). */
    public RequestView withMessage(String text) {
        return new RequestView(id, claimType, status, explanation, createdAt, updatedAt, targets, timeline, domainProofs,
                answerDueAt, deadline, personalDataErased, text);
    }

    private static TimelineEntry entry(StatusChange change, TextBundle texts) {
        String explanation = change.note != null ? texts.note(change.note, change.detail) : texts.explain(change.status, change.detail);
        return new TimelineEntry(change.status.name(), change.occurredAt, change.detail, change.note, explanation);
    }
}
