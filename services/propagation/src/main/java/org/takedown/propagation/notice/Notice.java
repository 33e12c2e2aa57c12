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
        FAILED,
        /** Never to be sent: the request was withdrawn or its decision reversed before delivery. */
        CANCELLED
    }

    /** What the delivery is: the removal notice, a reminder about one, or a reversal of one. */
    public enum Kind {
        REMOVAL(NoticePayload.REMOVAL),
        REMINDER(NoticePayload.REMINDER),
        REVERSAL(NoticePayload.REVERSAL);

        public final String eventType;

        Kind(String eventType) {
            this.eventType = eventType;
        }
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

    /**
     * Set while a delivery attempt is leased (see {@code NoticeLeases}), cleared when its outcome is recorded or the
     * lease is given back. Set but past: an attempt may have reached the vendor without its answer being recorded.
     */
    @Column(name = "leased_until")
    public Instant leasedUntil;

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

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind = Kind.REMOVAL;

    /** For a reminder or reversal: the removal notice it is about. */
    @Column(name = "subject_notice_id")
    public UUID subjectNoticeId;

    /** For a removal carried over to a newly activated release (ADR 017): that release; null for a decision's own notice. */
    @Column(name = "carried_to_release")
    public String carriedToRelease;

    /** For a delivered removal notice: when the vendor should have reported APPLIED. */
    @Column(name = "acknowledgement_due_at")
    public Instant acknowledgementDueAt;

    /** When the overdue job first found it past due without APPLIED. */
    @Column(name = "overdue_since")
    public Instant overdueSince;

    @Column(name = "last_reminder_at")
    public Instant lastReminderAt;

    @Column(name = "reminder_count", nullable = false)
    public int reminderCount;
}
