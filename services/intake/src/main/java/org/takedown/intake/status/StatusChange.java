package org.takedown.intake.status;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.takedown.intake.request.TakedownRequest;

/** One entry of the timeline a claimant sees. */
@Entity
@Table(name = "status_change")
public class StatusChange {

    @Id
    // Ids in blocks of 50 (V11): inserts of a submission are batched, not one round trip each.
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "status_change_ids")
    @jakarta.persistence.SequenceGenerator(name = "status_change_ids", sequenceName = "status_change_id_seq", allocationSize = 50)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "request_id")
    public TakedownRequest request;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RequestStatus status;

    /** A reason code or count, never free text from people. */
    public String detail;

    /** Something that happened without changing the status, e.g. {@code TOKEN_ROTATED}; a code, never a secret. */
    public String note;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    /** The message (from a reviewer) that explains this entry, if any. */
    @Column(name = "message_id")
    public UUID messageId;

    public static StatusChange of(TakedownRequest request, RequestStatus status, String detail, UUID eventId, Instant at) {
        StatusChange change = new StatusChange();
        change.request = request;
        change.status = status;
        change.detail = detail;
        change.eventId = eventId;
        change.occurredAt = at;
        return change;
    }

    /** An entry that keeps the request's current status and says what happened. */
    public static StatusChange note(TakedownRequest request, String note, Instant at) {
        StatusChange change = of(request, request.status, null, null, at);
        change.note = note;
        return change;
    }
}
