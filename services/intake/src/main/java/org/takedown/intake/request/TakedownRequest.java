package org.takedown.intake.request;

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
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.takedown.events.ClaimType;
import org.takedown.events.LegalClock;
import org.takedown.intake.status.RequestStatus;
import org.takedown.intake.status.StatusChange;

@Entity
@Table(name = "takedown_request")
public class TakedownRequest {

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    @Column(name = "claim_type", nullable = false)
    public ClaimType claimType;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RequestStatus status;

    @Column(name = "claimant_ref", nullable = false)
    public String claimantRef;

    public String country;

    @Column(name = "acting_for", nullable = false)
    public String actingFor;

    @Column(name = "key_id", nullable = false)
    public String keyId;

    /** Null once retention erased the personal data. */
    @Column(name = "email_sealed")
    public byte[] emailSealed;

    @Column(name = "name_sealed")
    public byte[] nameSealed;

    /** The claimant's statements as JSON, sealed. */
    @Column(name = "statements_sealed")
    public byte[] statementsSealed;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** SHA-256 of the submitted body, to tell a retry from a different request under the same key. */
    @Column(name = "submission_hash")
    public byte[] submissionHash;

    @Column(name = "access_token_hash", nullable = false)
    public byte[] accessTokenHash;

    /** When the claimant opened the confirmation link we mailed; null until then. */
    @Column(name = "email_confirmed_at")
    public Instant emailConfirmedAt;

    /** Pseudonymous reference of the submitting network (HMAC), for the submitted event; null if unknown. */
    @Column(name = "network_ref")
    public String networkRef;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** What the claimant is asked to answer on the status page; null when nothing is asked. */
    @Enumerated(EnumType.STRING)
    @Column(name = "pending_question")
    public PendingQuestion pendingQuestion;

    /** When the status last moved against the usual order; events that happened before are late. */
    @Column(name = "reopened_at")
    public Instant reopenedAt;

    /** The claimant's language (a BCP 47 tag, e.g. {@code de}): mails about the request are written in it. */
    @Column(nullable = false)
    public String language = "en";

    /** When intake accepted the confirmed request: the legal clock starts here. Null while awaiting confirmation. */
    @Column(name = "received_at")
    public Instant receivedAt;

    @Column(name = "clock_paused_seconds", nullable = false)
    public long clockPausedSeconds;

    /** Since when the legal clock stands still (we wait for the claimant); null while it runs. */
    @Column(name = "clock_paused_since")
    public Instant clockPausedSince;

    @Column(name = "clock_extension_months", nullable = false)
    public int clockExtensionMonths;

    /**
     * The extended deadline of an extension whose length its event did not carry; null while the clock's date
     * applies.
     */
    @Column(name = "answer_due_at")
    public Instant answerDueAt;

    /**
     * SUBMITTED, but {@code requests.submitted} waits until every evidence image is proven to decode
     * (EvidenceCheck publishes it then, or rejects the request).
     */
    @Column(name = "release_pending", nullable = false)
    public boolean releasePending;

    /** The data sets (registry ids, comma-separated) the claimant asked to be searched; null: every ACTIVE release. */
    @Column(name = "datasets")
    public String datasets;

    /** When the request reached a closed status; retention counts from here. */
    @Column(name = "closed_at")
    public Instant closedAt;

    /** When retention erased contact data, statements, images, messages and replies. */
    @Column(name = "personal_data_erased_at")
    public Instant personalDataErasedAt;

    @Version
    public long version;

    @OneToMany(mappedBy = "request", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<RequestTarget> targets = new ArrayList<>();

    @OneToMany(mappedBy = "request", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("occurredAt, id")
    public List<StatusChange> timeline = new ArrayList<>();

    /** What the claimant is asked on the status page. */
    public enum PendingQuestion {
        /** Verification found legal statements missing: the claimant adds them and the request is checked again. */
        MISSING_STATEMENTS,
        /** A reviewer asked for more (InformationRequested): the claimant answers in their own words. */
        REVIEWER_QUESTION
    }

    /** Moves to {@code next} and keeps {@link #closedAt} true; the caller writes the timeline. */
    public void moveTo(RequestStatus next, Instant now) {
        if (next.closed() && (closedAt == null || !status.closed())) {
            closedAt = now;
        } else if (!next.closed()) {
            closedAt = null;
        }
        status = next;
        updatedAt = now;
    }

    /** The legal clock, from receipt; empty while the request waits for its address to be confirmed. */
    public Optional<LegalClock> clock() {
        return receivedAt == null ? Optional.empty()
                : Optional.of(new LegalClock(receivedAt, clockPausedSeconds, clockPausedSince, clockExtensionMonths));
    }

    /** Keeps {@code clock} (what happened to it: a pause, a resumption, an extension, a restart). */
    public void clock(LegalClock clock) {
        receivedAt = clock.receivedAt();
        clockPausedSeconds = clock.pausedSeconds();
        clockPausedSince = clock.pausedSince();
        clockExtensionMonths = clock.extensionMonths();
    }

    /** Applies {@code change} to the clock, if it started. */
    public void changeClock(UnaryOperator<LegalClock> change) {
        clock().map(change).ifPresent(this::clock);
    }

    /** The date the claimant may expect an answer by, as it stands at {@code now}; empty before receipt. */
    public Optional<Instant> answerDueAt(Instant now) {
        if (answerDueAt != null) {
            return Optional.of(answerDueAt);
        }
        return clock().map(c -> c.dueAt(now));
    }

    public boolean personalDataErased() {
        return personalDataErasedAt != null;
    }

    /** The data sets to search; empty: every ACTIVE release. */
    public List<String> datasetList() {
        return datasets == null || datasets.isEmpty() ? List.of() : List.of(datasets.split(","));
    }

    public List<String> targetValues(RequestTarget.Kind kind) {
        return targets.stream().filter(t -> t.kind == kind).map(t -> t.value).toList();
    }

    public long targetCount(RequestTarget.Kind kind) {
        return targets.stream().filter(t -> t.kind == kind).count();
    }
}
