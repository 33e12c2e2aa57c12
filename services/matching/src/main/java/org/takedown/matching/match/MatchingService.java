package org.takedown.matching.match;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.takedown.events.MatchCandidate;
import org.takedown.events.MatchesFound;
import org.takedown.events.SignalScore;
import org.takedown.events.RequestVerified;
import jakarta.persistence.EntityManager;
import org.takedown.matching.embed.CaptionSemanticMatcher;
import org.takedown.matching.embed.ImageKnnMatcher;
import org.takedown.matching.evidence.EvidenceMatcher;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.text.CaptionTextMatcher;
import org.takedown.messaging.Outbox;

/**
 * Searches the release for a verified request and publishes one merged, ranked candidate list:
 * each item once, with every signal that hit it.
 */
@ApplicationScoped
public class MatchingService {

    private static final Logger LOG = Logger.getLogger(MatchingService.class);

    private final DatasetIndex index;
    private final MatchRunRepository runs;
    private final Outbox outbox;
    private final MatchingConfig config;
    private final EvidenceMatcher evidence;
    private final EntityManager em;
    private final CaptionTextMatcher captionText;
    private final ImageKnnMatcher knn;
    private final CaptionSemanticMatcher captionSemantic;

    MatchingService(DatasetIndex index, MatchRunRepository runs, Outbox outbox, MatchingConfig config,
                    EvidenceMatcher evidence, EntityManager em, CaptionTextMatcher captionText, ImageKnnMatcher knn,
                    CaptionSemanticMatcher captionSemantic) {
        this.knn = knn;
        this.captionSemantic = captionSemantic;
        this.index = index;
        this.runs = runs;
        this.outbox = outbox;
        this.config = config;
        this.evidence = evidence;
        this.em = em;
        this.captionText = captionText;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void match(RequestVerified request) {
        // One release for the whole request, even if a newly ingested one is switched in meanwhile.
        DatasetIndex release = index.snapshot();
        Map<String, Hit> hits = new LinkedHashMap<>();
        long overflow = 0;
        for (String url : request.imageUrls()) {
            release.byUrl(url).forEach(item -> hit(hits, item, Signal.EXACT_URL));
        }
        for (String domain : request.domains()) {
            DatasetIndex.Page page = release.byDomainOrPrefix(domain, config.maxCandidates());
            Signal signal = domain.contains("://") ? Signal.URL_PREFIX : Signal.DOMAIN;
            page.items().forEach(item -> hit(hits, item, signal));
            overflow += page.total() - page.items().size();
        }
        // Why a signal did not run for this request: stored in match_signal with an empty item id.
        List<Explanation> notes = new ArrayList<>();
        if (request.textQueryCount() > 0) {
            CaptionTextMatcher.TextHits text = captionText.match(request.requestId(), release);
            for (CaptionTextMatcher.TextHit found : text.hits()) {
                Hit hit = hits.computeIfAbsent(found.item().itemId(), id -> new Hit(found.item()));
                hit.signals.add(Signal.CAPTION_TEXT);
                hit.confidence = Math.max(hit.confidence, Signal.CAPTION_TEXT.confidence());
                hit.explanations.add(new Explanation(Signal.CAPTION_TEXT, found.score(), found.detail()));
            }
            overflow += text.overflow();
            for (CaptionSemanticMatcher.Hit found : captionSemantic.match(text.texts(), release)) {
                Hit hit = hits.computeIfAbsent(found.item().itemId(), id -> new Hit(found.item()));
                hit.signals.add(Signal.CAPTION_SEMANTIC);
                hit.confidence = Math.max(hit.confidence, found.confidence());
                hit.explanations.add(new Explanation(Signal.CAPTION_SEMANTIC, found.similarity(), found.detail()));
            }
        }
        if (request.evidenceImageCount() > 0) {
            ImageKnnMatcher.Search knnSearch = knn.start(request.requestId(), release);
            for (EvidenceMatcher.EvidenceHit found : evidence.match(request.requestId(), release,
                    knn.applies(release) ? (image, position) -> knnSearch.image(position, image) : null)) {
                Hit hit = hits.computeIfAbsent(found.item().itemId(), id -> new Hit(found.item()));
                hit.signals.add(found.signal());
                hit.confidence = Math.max(hit.confidence, found.confidence());
                hit.explanations.add(new Explanation(found.signal(), (double) found.distance(), found.detail()));
            }
            for (ImageKnnMatcher.Hit found : knnSearch.hits()) {
                Hit hit = hits.computeIfAbsent(found.item().itemId(), id -> new Hit(found.item()));
                hit.signals.add(Signal.IMAGE_KNN);
                hit.confidence = Math.max(hit.confidence, found.confidence());
                hit.explanations.add(new Explanation(Signal.IMAGE_KNN, found.similarity(), found.detail()));
            }
            knnSearch.skipped().ifPresent(why -> notes.add(new Explanation(Signal.IMAGE_KNN, null, why)));
        }

        List<MatchCandidate> ranked = hits.values().stream()
                .map(Hit::toCandidate)
                .sorted((a, b) -> Double.compare(b.confidence(), a.confidence()))
                .limit(config.maxCandidates())
                .toList();
        long total = hits.size() + overflow;
        Instant now = Instant.now();

        MatchRun run = new MatchRun();
        run.requestId = request.requestId();
        run.datasetId = release.datasetId();
        run.releaseId = release.releaseId();
        run.totalCandidates = total;
        run.published = ranked.size();
        run.matchedAt = now;
        runs.persist(run);
        for (Hit hit : hits.values()) {
            for (Explanation why : hit.explanations) {
                MatchSignal signal = new MatchSignal();
                signal.requestId = request.requestId();
                signal.itemId = hit.item.itemId();
                signal.signal = why.signal().name();
                signal.score = why.score();
                signal.detail = why.detail();
                em.persist(signal);
            }
        }
        for (Explanation note : notes) {
            MatchSignal signal = new MatchSignal();
            signal.requestId = request.requestId();
            signal.itemId = "";
            signal.signal = note.signal().name();
            signal.detail = note.detail();
            em.persist(signal);
        }
        outbox.publish(MatchesFound.of(request, release.datasetId(), release.releaseId(), ranked, total));
        LOG.infof("request %s: %d candidates in %s/%s (%d published)", request.requestId(), total, release.datasetId(),
                release.releaseId(), ranked.size());
    }

    private static void hit(Map<String, Hit> hits, IndexedItem item, Signal signal) {
        Hit hit = hits.computeIfAbsent(item.itemId(), id -> new Hit(item));
        hit.signals.add(signal);
        hit.confidence = Math.max(hit.confidence, signal.confidence());
    }

    /** How one signal found a candidate: in match_signal, and as the candidate's scores in the event. */
    private record Explanation(Signal signal, Double score, String detail) {
    }

    private static final class Hit {
        final IndexedItem item;
        final Set<Signal> signals = EnumSet.noneOf(Signal.class);
        final List<Explanation> explanations = new ArrayList<>();
        double confidence;

        Hit(IndexedItem item) {
            this.item = item;
        }

        MatchCandidate toCandidate() {
            List<String> names = new ArrayList<>();
            signals.forEach(s -> names.add(s.name()));
            List<SignalScore> scores = explanations.stream()
                    .map(why -> new SignalScore(why.signal().name(), why.score(), why.detail()))
                    .toList();
            return new MatchCandidate(item.itemId(), item.url(), item.caption(), names, confidence, scores, item.pdq());
        }
    }
}
