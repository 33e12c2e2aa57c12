package org.takedown.review.cases;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.takedown.events.ClaimType;
import org.takedown.events.LegalClock;
import org.takedown.events.ReviewOutcome;

@Entity
@Table(name = "review_case")
public class ReviewCase {

    public enum Status {
        OPEN,
        /** An approval that needs a second reviewer (four eyes) has been proposed. */
        PROPOSED,
        DECIDED,
        /** The claimant was asked for more information; the clock stands still until they answer. */
        WAITING_FOR_CLAIMANT,
        /** An approval that an admin reversed. */
        REVERSED,
        /** The claimant withdrew the request before it was decided. */
        WITHDRAWN
    }

    @Id
    public UUID id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    /**
     * A carry-over case's release as {@code <dataset>/<release>} (ADR 017): near copies found there of items the request
     * removed; null: the request's own case.
     */
    @Column(name = "carried_to_release")
    public String carriedToRelease;

    /** A carry-over case's link to the request's own case, whose decision the reviewer sees. */
    @Column(name = "original_case_id")
    public UUID originalCaseId;

    @Enumerated(EnumType.STRING)
    @Column(name = "claim_type", nullable = false)
    public ClaimType claimType;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "dataset_id", nullable = false)
    public String datasetId;

    @Column(name = "release_id", nullable = false)
    public String releaseId;

    @Column(name = "total_candidates", nullable = false)
    public long totalCandidates;

    @Column(name = "opened_at", nullable = false)
    public Instant openedAt;

    /**
     * GDPR Art. 12(3): one month to answer, counted from receipt, as {@link #clock()} computes it (kept as a column
     * to sort and count by; a running pause moves it when it ends).
     */
    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    /** When intake accepted the confirmed request (or the appeal was filed, which starts a new month). */
    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    /** How long the clock stood still before the case opened (verification's waits) and in pauses that ended. */
    @Column(name = "paused_seconds", nullable = false)
    public long pausedSeconds;

    @Column(name = "extension_months", nullable = false)
    public int extensionMonths;

    @Enumerated(EnumType.STRING)
    public ReviewOutcome outcome;

    @Column(name = "reason_code")
    public String reasonCode;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "decided_at")
    public Instant decidedAt;

    /** Who proposed an approval that needs four eyes; null unless PROPOSED (kept after the decision). */
    @Column(name = "proposed_by")
    public String proposedBy;

    @Column(name = "proposed_at")
    public Instant proposedAt;

    /** Who works on the case (Keycloak user name); null: nobody. */
    public String assignee;

    @Column(name = "assigned_at")
    public Instant assignedAt;

    /** Since when the clock stands still (WAITING_FOR_CLAIMANT); null while it runs. */
    @Column(name = "paused_at")
    public Instant pausedAt;

    /** The claimant's latest answer to a request for more information (a reply in intake). */
    @Column(name = "information_reply_id")
    public UUID informationReplyId;

    /** When the deadline was extended (once per case); null: not extended. */
    @Column(name = "extended_at")
    public Instant extendedAt;

    @Column(name = "extension_reason")
    public String extensionReason;

    /** Reopened by the claimant's appeal against a denial (once per case). */
    @Column(nullable = false)
    public boolean appeal;

    /** The claimant's grounds for the appeal (a reply in intake). */
    @Column(name = "appeal_reply_id")
    public UUID appealReplyId;

    @Column(name = "appealed_at")
    public Instant appealedAt;

    /** Who denied the case before the appeal: they may not decide the appeal. */
    @Column(name = "denied_by")
    public String deniedBy;

    /** The vendor that disputed a notice of this case, with its reason code. */
    @Column(name = "disputed_by")
    public String disputedBy;

    @Column(name = "dispute_reason")
    public String disputeReason;

    @Column(name = "disputed_at")
    public Instant disputedAt;

    @Version
    public long version;

    /** The legal clock of the request; {@link #pausedAt} is its running pause. */
    public LegalClock clock() {
        return new LegalClock(receivedAt, pausedSeconds, pausedAt, extensionMonths);
    }

    /** Keeps {@code clock} and the deadline it gives. */
    public void clock(LegalClock clock) {
        receivedAt = clock.receivedAt();
        pausedSeconds = clock.pausedSeconds();
        pausedAt = clock.pausedSince();
        extensionMonths = clock.extensionMonths();
        dueAt = clock.dueAt();
    }

    /** Still waiting for a decision (open, or an approval proposed and not yet confirmed). */
    public boolean undecided() {
        return status == Status.OPEN || status == Status.PROPOSED;
    }

    /** Loaded for up to 200 cases at once when a list of cases needs them (the queue API). */
    @OneToMany(mappedBy = "reviewCase", cascade = CascadeType.ALL, orphanRemoval = true)
    @org.hibernate.annotations.BatchSize(size = 200)
    @OrderBy("confidence DESC, id")
    public List<CaseCandidate> candidates = new ArrayList<>();
}
