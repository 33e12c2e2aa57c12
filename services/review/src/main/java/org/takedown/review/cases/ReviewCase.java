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
        DECIDED
    }

    @Id
    public UUID id;

    @Column(name = "request_id", nullable = false, unique = true)
    public UUID requestId;

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

    @Version
    public long version;

    /** Still waiting for a decision (open, or an approval proposed and not yet confirmed). */
    public boolean undecided() {
        return status != Status.DECIDED;
    }

    @OneToMany(mappedBy = "reviewCase", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("confidence DESC, id")
    public List<CaseCandidate> candidates = new ArrayList<>();
}
