package org.takedown.propagation.removal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One entry of the registry and feed: a data set item removed by an approved decision (REMOVAL), or
 * the reversal of such a removal (REVERSAL, naming the removal in {@code reversesId}). A rule (a whole host or URL
 * prefix, {@link RemovalRule}) is an entry too, with {@code rule} set.
 */
@Entity
@Table(name = "removal")
public class Removal {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(name = "dataset_id", nullable = false)
    public String datasetId;

    @Column(name = "release_id")
    public String releaseId;

    @Column(name = "item_id")
    public String itemId;

    /** Normalised ({@link org.takedown.events.NormalizedUrl}). */
    @Column(nullable = false)
    public String url;

    @Column(name = "removed_at", nullable = false)
    public Instant removedAt;

    /** REMOVAL or REVERSAL. */
    @Column(nullable = false)
    public String kind = REMOVAL;

    /** When the removal was reversed (on both the removal and its reversal entry); null while it stands. */
    @Column(name = "reversed_at")
    public Instant reversedAt;

    @Column(name = "reverses_id")
    public Long reversesId;

    /** The item's PDQ hash (64 lower-case hex digits), when known. */
    @Column
    public String pdq;

    /** Null for an item; {@code DOMAIN} or {@code PREFIX} for a rule ({@link RemovalRule}), whose {@code url} is its value. */
    @Column
    public String rule;

    /** A rule's tagged key ({@code DOMAIN:example.org}, {@code PREFIX:example.org/photos}); null for an item. */
    @Column(name = "rule_key")
    public String ruleKey;

    public boolean isRule() {
        return rule != null;
    }

    public static final String REMOVAL = "REMOVAL";
    public static final String REVERSAL = "REVERSAL";
}
