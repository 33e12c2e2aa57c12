package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Verification found the request complete and plausible; matching may search for it: in every active
 * data set release, or only in those of {@code datasets} when it names any.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequestVerified(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        ClaimType claimType,
        List<String> imageUrls,
        List<String> domains,
        int textQueryCount,
        int evidenceImageCount,
        int riskScore,
        List<String> flags,
        List<String> datasets,
        LegalClock clock) implements TakedownEvent {

    @JsonCreator
    public RequestVerified {
        imageUrls = List.copyOf(imageUrls);
        domains = List.copyOf(domains);
        flags = List.copyOf(flags);
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
    }

    /** A request whose legal clock is not carried (events written before it was). */
    public RequestVerified(UUID eventId, Instant occurredAt, UUID requestId, ClaimType claimType, List<String> imageUrls,
            List<String> domains, int textQueryCount, int evidenceImageCount, int riskScore, List<String> flags,
            List<String> datasets) {
        this(eventId, occurredAt, requestId, claimType, imageUrls, domains, textQueryCount, evidenceImageCount, riskScore,
                flags, datasets, null);
    }

    /** A request matched against every active release. */
    public RequestVerified(UUID eventId, Instant occurredAt, UUID requestId, ClaimType claimType, List<String> imageUrls,
            List<String> domains, int textQueryCount, int evidenceImageCount, int riskScore, List<String> flags) {
        this(eventId, occurredAt, requestId, claimType, imageUrls, domains, textQueryCount, evidenceImageCount, riskScore,
                flags, List.of(), null);
    }

    /** Verification just found {@code submitted} complete and plausible, with its risk score and flags. */
    public static RequestVerified of(RequestSubmitted submitted, int riskScore, List<String> flags) {
        return of(submitted, riskScore, flags, submitted.clock());
    }

    /** As {@link #of(RequestSubmitted, int, List)}, with the legal clock as verification leaves it (its waits added). */
    public static RequestVerified of(RequestSubmitted submitted, int riskScore, List<String> flags, LegalClock clock) {
        return new RequestVerified(UUID.randomUUID(), Instant.now(), submitted.requestId(), submitted.claimType(),
                submitted.imageUrls(), submitted.domains(), submitted.textQueryCount(), submitted.evidenceImageCount(),
                riskScore, flags, submitted.datasets(), clock);
    }

    @Override
    public String topic() {
        return Topics.REQUESTS_VERIFIED;
    }

    @Override
    public String type() {
        return EventTypes.REQUEST_VERIFIED;
    }
}
