package org.takedown.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Matching searched the active data set releases for a verified request. An empty candidate list means
 * no match. {@code totalCandidates} may exceed the list when the per-request cap was reached.
 * Each candidate names its data set and release; {@code datasetId} names the data set every candidate is in
 * and {@code releaseId} the release every candidate is in (with no candidates: of the releases searched), each
 * {@link #SEVERAL} when there is more than one.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MatchesFound(
        UUID eventId,
        Instant occurredAt,
        UUID requestId,
        ClaimType claimType,
        String datasetId,
        String releaseId,
        List<MatchCandidate> candidates,
        long totalCandidates,
        LegalClock clock) implements TakedownEvent {

    /** {@code datasetId}/{@code releaseId} of an event whose candidates come from several releases. */
    public static final String SEVERAL = "*";

    @JsonCreator
    public MatchesFound {
        candidates = List.copyOf(candidates);
    }

    /** Matches of a request whose legal clock is not carried (events written before it was). */
    public MatchesFound(UUID eventId, Instant occurredAt, UUID requestId, ClaimType claimType, String datasetId,
            String releaseId, List<MatchCandidate> candidates, long totalCandidates) {
        this(eventId, occurredAt, requestId, claimType, datasetId, releaseId, candidates, totalCandidates, null);
    }

    /**
     * Matching just searched release {@code releaseId} of {@code datasetId} for {@code verified}: the
     * best {@code candidates} of {@code totalCandidates} found.
     */
    public static MatchesFound of(RequestVerified verified, String datasetId, String releaseId, List<MatchCandidate> candidates,
            long totalCandidates) {
        return new MatchesFound(UUID.randomUUID(), Instant.now(), verified.requestId(), verified.claimType(), datasetId,
                releaseId, candidates, totalCandidates, verified.clock());
    }

    public boolean truncated() {
        return totalCandidates > candidates.size();
    }

    @Override
    public String topic() {
        return Topics.MATCHES_FOUND;
    }

    @Override
    public String type() {
        return EventTypes.MATCHES_FOUND;
    }
}
