package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A claimant's request was accepted by intake. Carries the public targets only; the claimant
 * appears as a pseudonymous reference, free-text queries and evidence images stay in intake
 * (only their counts travel).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequestSubmitted(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        ClaimType claimType,
        String claimantRef,
        List<String> imageUrls,
        List<String> domains,
        int textQueryCount,
        int evidenceImageCount,
        List<String> statementElements,
        String sourceNetworkRef) implements TakedownEvent {

    /**
     * {@code statementElements}: names of the legal elements the claimant's statements supply (no
     * content), e.g. {@code signature}; null when the producer does not report them (events
     * written before the field existed).
     */
    @JsonCreator
    public RequestSubmitted {
        imageUrls = List.copyOf(imageUrls);
        domains = List.copyOf(domains);
        statementElements = statementElements == null ? null : List.copyOf(statementElements);
    }

    /**
     * {@code sourceNetworkRef}: pseudonym of the network the request came from ({@link NetworkRef});
     * null when not reported.
     */
    public RequestSubmitted(UUID eventId, Instant occurredAt, UUID requestId, ClaimType claimType, String claimantRef,
            List<String> imageUrls, List<String> domains, int textQueryCount, int evidenceImageCount,
            List<String> statementElements) {
        this(eventId, occurredAt, requestId, claimType, claimantRef, imageUrls, domains, textQueryCount,
                evidenceImageCount, statementElements, null);
    }

    /** A request whose statement elements are not reported. */
    public RequestSubmitted(UUID eventId, Instant occurredAt, UUID requestId, ClaimType claimType, String claimantRef,
            List<String> imageUrls, List<String> domains, int textQueryCount, int evidenceImageCount) {
        this(eventId, occurredAt, requestId, claimType, claimantRef, imageUrls, domains, textQueryCount,
                evidenceImageCount, null, null);
    }

    @Override
    public String topic() {
        return Topics.REQUESTS_SUBMITTED;
    }

    @Override
    public String type() {
        return EventTypes.REQUEST_SUBMITTED;
    }
}
