package org.takedown.propagation.notice;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A removal notice to one vendor, and where its delivery stands. */
@Entity
@Table(name = "notice")
public class Notice {

    public enum Status {
        PENDING,
        DELIVERED,
        FAILED
    }

    @Id
    public UUID id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(name = "vendor_id", nullable = false)
    public String vendorId;

    /** The registry endpoint it goes to; null for notices planned before the registry existed. */
    @Column(name = "endpoint_id")
    public UUID endpointId;

    @Column(name = "endpoint_url", nullable = false)
    public String endpointUrl;

    /** The JSON body sent, kept byte for byte so that a retry sends the same notice. */
    @Column(nullable = false)
    public String payload;

    @Column(name = "item_count", nullable = false)
    public int itemCount;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    /** What the vendor last reported doing with the notice; null until it reports. */
    @Enumerated(EnumType.STRING)
    @Column(name = "vendor_state")
    public VendorState vendorState;

    @Column(name = "vendor_state_at")
    public Instant vendorStateAt;
}
