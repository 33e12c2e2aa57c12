package org.takedown.intake.evidence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "evidence_image")
public class EvidenceImage {

    @Id
    public UUID id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(nullable = false)
    public int position;

    @Enumerated(EnumType.STRING)
    @Column(name = "source_type", nullable = false)
    public ImageType sourceType;

    @Column(nullable = false)
    public int width;

    @Column(nullable = false)
    public int height;

    /** The format of the stored bytes (images stored before V10 are PNGs of any source type). */
    @Enumerated(EnumType.STRING)
    @Column(name = "stored_type", nullable = false)
    public ImageType storedType;

    /** Whether the stored pixels were proven to decode ({@link EvidenceCheck}). */
    @Enumerated(EnumType.STRING)
    @Column(name = "check_status", nullable = false)
    public CheckStatus checkStatus;

    @Column(name = "checked_at")
    public Instant checkedAt;

    /** SHA-256 of the clean image, before sealing. */
    @Column(nullable = false)
    public byte[] sha256;

    @Column(name = "key_id", nullable = false)
    public String keyId;

    /** The clean image in {@link #storedType}, sealed (the column keeps its name from when it held PNGs only). */
    @Column(name = "png_sealed", nullable = false)
    public byte[] imageSealed;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public enum CheckStatus {
        /** Structurally valid, not yet decoded. */
        PENDING,
        DECODED,
        UNDECODABLE
    }
}
