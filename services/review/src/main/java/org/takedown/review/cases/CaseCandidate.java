package org.takedown.review.cases;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.PrePersist;
import jakarta.persistence.Table;
import java.net.URI;
import java.util.Locale;
import org.takedown.events.MatchesFound;
import org.takedown.events.RemovalItem;

@Entity
@Table(name = "case_candidate")
public class CaseCandidate {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "case_id")
    public ReviewCase reviewCase;

    @Column(name = "item_id", nullable = false)
    public String itemId;

    @Column(nullable = false)
    public String url;

    public String caption;

    /** Comma-separated signal names, e.g. {@code EXACT_URL}. */
    @Column(nullable = false)
    public String signals;

    @Column(nullable = false)
    public double confidence;

    /** One line per signal with a raw score, e.g. {@code PDQ 12: evidence image 1, rotated 90°}; null if none. */
    public String explanations;

    /** The explanation lines, for the API and the case page. */
    public java.util.List<String> explanationLines() {
        return explain(explanations);
    }

    public static java.util.List<String> explain(String explanations) {
        return explanations == null || explanations.isBlank() ? java.util.List.of() : java.util.List.of(explanations.split("\n"));
    }

    /** The item's PDQ hash (64 hex digits) as matching found it in the release; null if it has none. */
    public String pdq;

    /** The data set of the item (matching searches several); null for candidates of older events: the case's. */
    @Column(name = "dataset_id")
    public String datasetId;

    /** The release of the item, likewise. */
    @Column(name = "release_id")
    public String releaseId;

    /** The item's data set: its own, or the case's for candidates of older events. */
    public String dataset() {
        return datasetId != null ? datasetId : reviewCase.datasetId;
    }

    /** The item's release: its own, or the case's for candidates of older events. */
    public String release() {
        return releaseId != null ? releaseId : reviewCase.releaseId;
    }

    /**
     * The item as a decision removes it: with its own data set and release when the case spans several (the
     * case's are then {@code *}), else as before, the decision naming the one release.
     */
    public RemovalItem toRemovalItem() {
        boolean several = MatchesFound.SEVERAL.equals(reviewCase.datasetId) || MatchesFound.SEVERAL.equals(reviewCase.releaseId);
        return several ? new RemovalItem(itemId, url, pdq, dataset(), release()) : new RemovalItem(itemId, url, pdq);
    }

    /** The host of {@link #url}, lower case (null for a URL without one): the site the item is on. */
    public String host;

    @PrePersist
    void rememberHost() {
        host = hostOf(url);
    }

    /** The host of an http(s) URL, lower case, without user info and port; null when there is none. */
    public static String hostOf(String url) {
        try {
            String host = url == null ? null : URI.create(url).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether the item is on {@code site}: the host itself or one of its subdomains. */
    public boolean isOn(String site) {
        return host != null && (host.equals(site) || host.endsWith("." + site));
    }

    /** Null until decided; true for items the decision removes. */
    public Boolean approved;

    /** True for items of a four-eyes proposal; null when there was none. */
    public Boolean proposed;
}
