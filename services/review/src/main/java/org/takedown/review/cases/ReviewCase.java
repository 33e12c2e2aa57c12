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

    /** GDPR Art. 12(3): one month to answer, counted from receipt. */
    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

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
