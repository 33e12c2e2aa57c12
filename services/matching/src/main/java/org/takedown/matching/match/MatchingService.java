package org.takedown.matching.match;

import io.quarkus.arc.All;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.takedown.events.MatchCandidate;
import org.takedown.events.MatchesFound;
import org.takedown.events.RequestVerified;
import org.takedown.events.SignalScore;
import org.takedown.matching.index.DatasetIndex;
import org.takedown.matching.index.IndexedItem;
import org.takedown.matching.registry.ActiveReleases;
import org.takedown.matching.signal.MatchQuery;
import org.takedown.matching.signal.MatchQueryLoader;
import org.takedown.matching.signal.SignalHit;
import org.takedown.matching.signal.SignalMatcher;
import org.takedown.matching.signal.SignalResult;
import org.takedown.messaging.Outbox;

/**
 * Searches every active release (or those of the data sets the request names) for a verified request and
 * publishes one merged, ranked candidate list: each item of each release once, with every signal that hit
 * it. The signals' searches of all releases run in parallel on a small pool; what they search with is
 * fetched from intake once ({@link MatchQueryLoader}).
 */
@ApplicationScoped
public class MatchingService {

    private static final Logger LOG = Logger.getLogger(MatchingService.class);

    private final ActiveReleases releases;
    private final MatchRunRepository runs;
    private final Outbox outbox;
    private final MatchingConfig config;
    private final EntityManager em;
    private final MatchQueryLoader loader;
    private final List<SignalMatcher> matchers;
    /** CPU-bound searches and decoding: as many threads as cores (at least 2, at most 4), shared by all requests. */
    private final ExecutorService workers;

    @Inject
    public MatchingService(ActiveReleases releases, MatchRunRepository runs, Outbox outbox, MatchingConfig config,
                           EntityManager em, MatchQueryLoader loader, @All List<SignalMatcher> matchers) {
        this.releases = releases;
        this.runs = runs;
        this.outbox = outbox;
        this.config = config;
        this.em = em;
        this.loader = loader;
        this.matchers = matchers.stream().sorted(Comparator.comparingInt(m -> order(m.signal()))).toList();
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())),
                task -> {
                    Thread t = new Thread(task, "match-search-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** The order signals run and explain a candidate in: the cheap exact ones first. */
    private static final List<Signal> ORDER = List.of(Signal.EXACT_URL, Signal.DOMAIN, Signal.CAPTION_TEXT,
            Signal.CAPTION_SEMANTIC, Signal.PDQ, Signal.IMAGE_KNN);

    private static int order(Signal signal) {
        int at = ORDER.indexOf(signal);
        return at < 0 ? ORDER.size() : at;
    }

    @PreDestroy
    void close() {
        workers.shutdownNow();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void match(RequestVerified request) {
        // The releases of the whole request, even if one is activated, switched or retired meanwhile.
        List<DatasetIndex> searched = releases.snapshot(request.datasets());
        MatchQuery query = loader.load(request, searched, workers);
        Map<ItemKey, Candidate> candidates = new LinkedHashMap<>();
        List<ReleaseNote> notes = new ArrayList<>();
        long overflow = 0;
        for (Part part : search(query, searched)) {
            for (SignalHit hit : part.result().hits()) {
                candidates.computeIfAbsent(new ItemKey(part.release(), hit.item().itemId()),
                        key -> new Candidate(part.release(), hit.item())).add(hit);
            }
            overflow += part.result().overflow();
            part.result().notes().forEach(note -> notes.add(new ReleaseNote(part.release(), note)));
        }

        List<Candidate> ranked = candidates.values().stream()
                .sorted(Comparator.comparingDouble(Candidate::confidence).reversed())
                .limit(config.maxCandidates())
                .toList();
        long total = candidates.size() + overflow;
        String[] named = eventRelease(ranked, searched);
        Instant now = Instant.now();
        record(request, searched, named, candidates.values(), notes, total, ranked.size(), now);
        outbox.publish(MatchesFound.of(request, named[0], named[1], ranked.stream().map(Candidate::toEvent).toList(), total));
        LOG.infof("request %s: %d candidates in %d release(s) %s (%d published)", request.requestId(), total,
                searched.size(), searched.stream().map(ActiveReleases::key).collect(Collectors.joining(",")),
                ranked.size());
    }

    /** One search's result and the release it searched. */
    private record Part(DatasetIndex release, SignalResult result) {
    }

    /** Runs every signal's searches of every release in parallel; results in release, signal, search order. */
    private List<Part> search(MatchQuery query, List<DatasetIndex> searched) {
        List<DatasetIndex> partReleases = new ArrayList<>();
        List<Future<SignalResult>> pending = new ArrayList<>();
        try {
            for (DatasetIndex release : searched) {
                for (SignalMatcher matcher : matchers) {
                    for (SignalMatcher.Search search : matcher.searches(query, release)) {
                        partReleases.add(release);
                        pending.add(workers.submit(search::run));
                    }
                }
            }
            List<Part> parts = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                parts.add(new Part(partReleases.get(i), Tasks.result(pending.get(i), "matching request " + query.requestId())));
            }
            return parts;
        } finally {
            pending.forEach(part -> part.cancel(true)); // no-op for finished ones
        }
    }

    /**
     * The event's own data set and release: those every candidate is in (each one separately: candidates of two
     * releases of one data set name that data set and release {@code *}); with no candidates, the only release
     * searched; else {@link MatchesFound#SEVERAL}.
     */
    private String[] eventRelease(List<Candidate> ranked, List<DatasetIndex> searched) {
        List<DatasetIndex> basis = ranked.isEmpty() ? searched : ranked.stream().map(c -> c.release).toList();
        if (basis.isEmpty()) {
            DatasetIndex configured = releases.configured();
            return new String[] {configured.datasetId(), configured.releaseId()};
        }
        Set<String> datasets = basis.stream().map(DatasetIndex::datasetId).collect(Collectors.toSet());
        Set<String> keys = basis.stream().map(ActiveReleases::key).collect(Collectors.toSet());
        return new String[] {datasets.size() == 1 ? basis.get(0).datasetId() : MatchesFound.SEVERAL,
                keys.size() == 1 ? basis.get(0).releaseId() : MatchesFound.SEVERAL};
    }

    private void record(RequestVerified request, List<DatasetIndex> searched, String[] named,
                        Iterable<Candidate> candidates, List<ReleaseNote> notes, long total, int published, Instant now) {
        MatchRun run = new MatchRun();
        run.requestId = request.requestId();
        run.datasetId = named[0];
        run.releaseId = named[1];
        run.releases = searched.stream().map(ActiveReleases::key).collect(Collectors.joining(","));
        run.totalCandidates = total;
        run.published = published;
        run.matchedAt = now;
        runs.persist(run);
        for (Candidate candidate : candidates) {
            for (SignalHit why : candidate.explanations) {
                em.persist(signalRow(request.requestId(), candidate.release, candidate.item.itemId(), why.signal(),
                        why.score(), why.detail()));
            }
        }
        for (ReleaseNote note : notes) {
            em.persist(signalRow(request.requestId(), note.release(), "", note.note().signal(), null, note.note().detail()));
        }
    }

    private static MatchSignal signalRow(UUID requestId, DatasetIndex release, String itemId, Signal signal, Double score,
                                         String detail) {
        MatchSignal row = new MatchSignal();
        row.requestId = requestId;
        row.datasetId = release.datasetId();
        row.releaseId = release.releaseId();
        row.itemId = itemId;
        row.signal = signal.name();
        row.score = score;
        row.detail = detail;
        return row;
    }

    /** An item of one release: item ids are unique within a release only. */
    private record ItemKey(String release, String itemId) {
        ItemKey(DatasetIndex release, String itemId) {
            this(ActiveReleases.key(release), itemId);
        }
    }

    /** Why a signal did not run in one release. */
    private record ReleaseNote(DatasetIndex release, SignalResult.Note note) {
    }

    /** One item of one release and every signal that hit it; its confidence is the best signal's. */
    private static final class Candidate {
        final DatasetIndex release;
        final IndexedItem item;
        final Set<Signal> signals = EnumSet.noneOf(Signal.class);
        final List<SignalHit> explanations = new ArrayList<>();
        double confidence;

        Candidate(DatasetIndex release, IndexedItem item) {
            this.release = release;
            this.item = item;
        }

        void add(SignalHit hit) {
            signals.add(hit.signal());
            confidence = Math.max(confidence, hit.confidence());
            if (hit.explained()) {
                explanations.add(hit);
            }
        }

        double confidence() {
            return confidence;
        }

        MatchCandidate toEvent() {
            List<String> names = signals.stream().map(Signal::name).toList();
            List<SignalScore> scores = explanations.stream()
                    .map(why -> new SignalScore(why.signal().name(), why.score(), why.detail()))
                    .toList();
            return new MatchCandidate(item.itemId(), item.url(), item.caption(), names, confidence, scores, item.pdq(),
                    release.datasetId(), release.releaseId());
        }
    }
}
