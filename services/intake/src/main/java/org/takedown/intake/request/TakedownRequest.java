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
import java.util.UUID;
import org.takedown.events.ClaimType;
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

    @Column(name = "email_sealed", nullable = false)
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

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    @OneToMany(mappedBy = "request", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<RequestTarget> targets = new ArrayList<>();

    @OneToMany(mappedBy = "request", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("occurredAt, id")
    public List<StatusChange> timeline = new ArrayList<>();

    public List<String> targetValues(RequestTarget.Kind kind) {
        return targets.stream().filter(t -> t.kind == kind).map(t -> t.value).toList();
    }

    public long targetCount(RequestTarget.Kind kind) {
        return targets.stream().filter(t -> t.kind == kind).count();
    }
}
