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
        String sourceNetworkRef,
        LegalClock clock,
        List<String> datasets) implements TakedownEvent {

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
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
    }

    /**
     * {@code datasets}: the data sets (registry ids) the claimant asked to be searched; empty: every ACTIVE release
     * (also in events written before the field existed).
     */
    public RequestSubmitted(UUID eventId, Instant occurredAt, UUID requestId, ClaimType claimType, String claimantRef,
            List<String> imageUrls, List<String> domains, int textQueryCount, int evidenceImageCount,
            List<String> statementElements, String sourceNetworkRef, LegalClock clock) {
        this(eventId, occurredAt, requestId, claimType, claimantRef, imageUrls, domains, textQueryCount,
                evidenceImageCount, statementElements, sourceNetworkRef, clock, List.of());
    }

    /**
     * {@code clock}: the request's legal clock, started when intake accepted the confirmed request; null in events
     * written before it was carried.
     */
    public RequestSubmitted(UUID eventId, Instant occurredAt, UUID requestId, ClaimType claimType, String claimantRef,
            List<String> imageUrls, List<String> domains, int textQueryCount, int evidenceImageCount,
            List<String> statementElements, String sourceNetworkRef) {
        this(eventId, occurredAt, requestId, claimType, claimantRef, imageUrls, domains, textQueryCount,
                evidenceImageCount, statementElements, sourceNetworkRef, null);
    }

    /**
     * {@code sourceNetworkRef}: pseudonym of the network the request came from ({@link NetworkRef});
     * null when not reported.
     */
    public RequestSubmitted(UUID eventId, Instant occurredAt, UUID requestId, ClaimType claimType, String claimantRef,
            List<String> imageUrls, List<String> domains, int textQueryCount, int evidenceImageCount,
            List<String> statementElements) {
        this(eventId, occurredAt, requestId, claimType, claimantRef, imageUrls, domains, textQueryCount,
                evidenceImageCount, statementElements, null, null);
    }

    /** A request whose statement elements are not reported. */
    public RequestSubmitted(UUID eventId, Instant occurredAt, UUID requestId, ClaimType claimType, String claimantRef,
            List<String> imageUrls, List<String> domains, int textQueryCount, int evidenceImageCount) {
        this(eventId, occurredAt, requestId, claimType, claimantRef, imageUrls, domains, textQueryCount,
                evidenceImageCount, null, null, null);
    }

    /** A request just confirmed or submitted again, described by the named steps of the returned builder. */
    public static Builder of(UUID requestId, ClaimType claimType, String claimantRef) {
        return new Builder(requestId, claimType, claimantRef);
    }

    /** Names the many fields of a submission at the call site; {@link #build()} mints the event id and time. */
    public static final class Builder {
        private final UUID requestId;
        private final ClaimType claimType;
        private final String claimantRef;
        private List<String> imageUrls = List.of();
        private List<String> domains = List.of();
        private int textQueryCount;
        private int evidenceImageCount;
        private List<String> statementElements;
        private String sourceNetworkRef;
        private LegalClock clock;
        private List<String> datasets = List.of();

        private Builder(UUID requestId, ClaimType claimType, String claimantRef) {
            this.requestId = requestId;
            this.claimType = claimType;
            this.claimantRef = claimantRef;
        }

        public Builder imageUrls(List<String> urls) {
            this.imageUrls = urls;
            return this;
        }

        public Builder domains(List<String> names) {
            this.domains = names;
            return this;
        }

        public Builder textQueryCount(int count) {
            this.textQueryCount = count;
            return this;
        }

        public Builder evidenceImageCount(int count) {
            this.evidenceImageCount = count;
            return this;
        }

        /** Names of the legal elements the statements supply (no content). */
        public Builder statementElements(List<String> names) {
            this.statementElements = names;
            return this;
        }

        /** The {@link NetworkRef} the request came from, or null. */
        public Builder sourceNetworkRef(String ref) {
            this.sourceNetworkRef = ref;
            return this;
        }

        /** The request's legal clock as intake holds it (received, and any time it stood still since). */
        public Builder clock(LegalClock legalClock) {
            this.clock = legalClock;
            return this;
        }

        /** The data sets the claimant named to be searched; none: every ACTIVE release. */
        public Builder datasets(List<String> ids) {
            this.datasets = ids;
            return this;
        }

        public RequestSubmitted build() {
            return new RequestSubmitted(UUID.randomUUID(), Instant.now(), requestId, claimType, claimantRef, imageUrls, domains,
                    textQueryCount, evidenceImageCount, statementElements, sourceNetworkRef, clock, datasets);
        }
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
