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

    /** SHA-256 of the clean PNG, before sealing. */
    @Column(nullable = false)
    public byte[] sha256;

    @Column(name = "key_id", nullable = false)
    public String keyId;

    @Column(name = "png_sealed", nullable = false)
    public byte[] pngSealed;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
