package org.takedown.intake.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.takedown.intake.request.RequestTarget;
import org.takedown.intake.request.TakedownRequest;
import org.takedown.intake.status.ClaimantTexts;
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
        boolean personalDataErased,
        @JsonInclude(JsonInclude.Include.NON_NULL) String message) {

    public record Targets(List<String> imageUrls, List<String> domains, long textQueries) {
    }

    /**
     * {@code explanation}: what the entry means for the claimant, in plain words. {@code note}: set on
     * entries that did not change the status (e.g. {@code TOKEN_ROTATED}).
     */
    public record TimelineEntry(String status, Instant at, String detail,
            @JsonInclude(JsonInclude.Include.NON_NULL) String note, String explanation) {
    }

    public static RequestView of(TakedownRequest request, ClaimantTexts texts) {
        String latestDetail = request.timeline.stream().filter(c -> c.note == null && c.status == request.status)
                .reduce((a, b) -> b).map(c -> c.detail).orElse(null);
        return new RequestView(request.id, request.claimType.name(), request.status.name(),
                texts.explain(request.status, latestDetail), request.createdAt, request.updatedAt,
                new Targets(request.targetValues(RequestTarget.Kind.IMAGE_URL),
                        request.targetValues(RequestTarget.Kind.DOMAIN), request.targetCount(RequestTarget.Kind.TEXT_QUERY)),
                request.timeline.stream().map(c -> entry(c, texts)).toList(), null,
                request.status.closed() ? null : request.answerDueAt, request.personalDataErased(), null);
    }

    /**
     * With what the claimant of a site opt-out must publish per domain (from verification);
     * {@code available: false} when verification could not be asked just now.
     */
    public RequestView withDomainProofs(DomainProofLookup.Result proofs) {
        return new RequestView(id, claimType, status, explanation, createdAt, updatedAt, targets, timeline, proofs,
                answerDueAt, personalDataErased, message);
    }

    /** With our team's words for the current status (a question, the reasons of a denial or reversal). */
    public RequestView withMessage(String text) {
        return new RequestView(id, claimType, status, explanation, createdAt, updatedAt, targets, timeline, domainProofs,
                answerDueAt, personalDataErased, text);
    }

    private static TimelineEntry entry(StatusChange change, ClaimantTexts texts) {
        String explanation = change.note != null ? texts.note(change.note, change.detail) : texts.explain(change.status, change.detail);
        return new TimelineEntry(change.status.name(), change.occurredAt, change.detail, change.note, explanation);
    }
}
