package org.takedown.intake.request;

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

/** What the claimant wants found: public URLs and domains in clear, free-text queries sealed. */
@Entity
@Table(name = "request_target")
public class RequestTarget {

    public enum Kind {
        IMAGE_URL,
        DOMAIN,
        TEXT_QUERY
    }

    @Id
    // Ids in blocks of 50 (V11): inserts of a submission are batched, not one round trip each.
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "request_target_ids")
    @jakarta.persistence.SequenceGenerator(name = "request_target_ids", sequenceName = "request_target_id_seq", allocationSize = 50)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "request_id")
    public TakedownRequest request;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Kind kind;

    @Column(nullable = false)
    public int position;

    /** Public data set references only (URLs, domains). */
    public String value;

    /** Personal data (free-text queries), sealed by the request's key. */
    @Column(name = "value_sealed")
    public byte[] valueSealed;

    static RequestTarget publicValue(TakedownRequest request, Kind kind, int position, String value) {
        RequestTarget target = new RequestTarget();
        target.request = request;
        target.kind = kind;
        target.position = position;
        target.value = value;
        return target;
    }

    static RequestTarget sealedValue(TakedownRequest request, Kind kind, int position, byte[] sealed) {
        RequestTarget target = new RequestTarget();
        target.request = request;
        target.kind = kind;
        target.position = position;
        target.valueSealed = sealed;
        return target;
    }
}
