package org.takedown.intake.dialogue;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** What the claimant wrote back: an answer to a reviewer's question, or the grounds of an appeal. Sealed. */
@Entity
@Table(name = "claimant_reply")
public class ClaimantReply {

    public enum Kind {
        INFORMATION, APPEAL
    }

    @Id
    public UUID id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(name = "key_id", nullable = false)
    public String keyId;

    @Column(name = "text_sealed", nullable = false)
    public byte[] textSealed;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
}
