package org.takedown.intake.dialogue;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Words of a reviewer or admin for the claimant, sealed; shown when the event naming it arrives. */
@Entity
@Table(name = "request_message")
public class RequestMessage {

    public enum Kind {
        INFORMATION_REQUEST, DENIAL, DEADLINE_EXTENSION, REVERSAL, APPEAL_DECISION
    }

    @Id
    public UUID id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    /** The reviewer's or admin's user name (staff, not the claimant). */
    @Column(nullable = false)
    public String author;

    @Column(name = "key_id", nullable = false)
    public String keyId;

    @Column(name = "text_sealed", nullable = false)
    public byte[] textSealed;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
