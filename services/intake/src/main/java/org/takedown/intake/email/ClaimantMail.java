package org.takedown.intake.email;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One e-mail to a claimant, waiting to be sent or sent. Holds no address: that stays sealed on the request. */
@Entity
@Table(name = "claimant_mail")
public class ClaimantMail {

    public enum Kind {
        CONFIRM_ADDRESS,
        /** News about the request (withdrawn, a question, a decision, …): subject plain, body sealed. */
        STATUS_UPDATE
    }

    @Id
    public UUID id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    /** SHA-256 of the confirmation code in the link; the code itself is only in the mail. */
    @Column(name = "confirmation_hash")
    public byte[] confirmationHash;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "sent_at")
    public Instant sentAt;

    /**
     * The code travels in the mail only; between the transaction that creates the row and the job
     * that sends it, it is kept sealed with the request's key.
     */
    @Column(name = "code_sealed")
    public byte[] codeSealed;

    @Column(name = "key_id")
    public String keyId;

    /** Of a status update: no personal data. */
    public String subject;

    /** Of a status update: the text, sealed; kept for the claimant's export until retention erases it. */
    @Column(name = "body_sealed")
    public byte[] bodySealed;
}
