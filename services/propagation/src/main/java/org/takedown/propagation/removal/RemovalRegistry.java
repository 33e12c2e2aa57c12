package org.takedown.propagation.removal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.takedown.events.NormalizedUrl;
import org.takedown.events.RemovalItem;
import org.takedown.events.ReviewDecided;
import org.takedown.propagation.pdq.Pdq;

/** Everything ever removed: recorded with each approved decision, checked by trainers, fed to vendors in order. */
@ApplicationScoped
public class RemovalRegistry {

    /** One hash checked: whether a standing removal's PDQ is within the distance, and the nearest distance found. */
    public record PdqMatch(boolean removed, Integer distance) {
    }

    private final RemovalRepository removals;

    RemovalRegistry(RemovalRepository removals) {
        this.removals = removals;
    }

    /** Records the decision's items in the caller's transaction (the one that plans the notices). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(ReviewDecided decision) {
        record(decision, Map.of());
    }

    /** As {@link #record(ReviewDecided)}, with the items' PDQ hashes by {@link Pdq#key item key}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(ReviewDecided decision, Map<String, String> pdq) {
        removals.lockForWriting();
        for (RemovalItem item : decision.approvedItems()) {
            Optional<String> url = NormalizedUrl.parse(item.url());
            if (url.isEmpty()) {
                continue; // matching only ever emits normalised http(s) URLs; anything else has nothing to check against
            }
            Removal removal = new Removal();
            removal.requestId = decision.requestId();
            removal.datasetId = decision.datasetId();
            removal.releaseId = decision.releaseId();
            removal.itemId = item.itemId();
            removal.url = url.get();
            removal.removedAt = decision.occurredAt();
            removal.pdq = pdq.get(Pdq.key(item.itemId(), item.url()));
            removals.persist(removal);
        }
    }

    /**
     * Reverses the request's standing removals that {@code which} selects: each gets {@code reversedAt}
     * (the check no longer answers removed for it) and a REVERSAL entry in the feed, after everything
     * before it. In the caller's transaction.
     *
     * @return the removals reversed now
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Removal> reverse(UUID requestId, Predicate<Removal> which, Instant at) {
        removals.lockForWriting();
        List<Removal> reversed = new ArrayList<>();
        for (Removal removal : removals.standingOf(requestId)) {
            if (!which.test(removal)) {
                continue;
            }
            removal.reversedAt = at;
            Removal entry = new Removal();
            entry.kind = Removal.REVERSAL;
            entry.requestId = removal.requestId;
            entry.datasetId = removal.datasetId;
            entry.releaseId = removal.releaseId;
            entry.itemId = removal.itemId;
            entry.url = removal.url;
            entry.pdq = removal.pdq;
            entry.removedAt = removal.removedAt;
            entry.reversedAt = at;
            entry.reversesId = removal.id;
            removals.persist(entry);
            reversed.add(removal);
        }
        return reversed;
    }

    /** For each URL as given, whether it is removed (and not reversed). URLs that are not http(s) were never removed. */
    @Transactional
    public List<Boolean> check(List<String> urls) {
        List<Optional<String>> normalized = urls.stream().map(NormalizedUrl::parse).toList();
        Set<String> distinct = new LinkedHashSet<>();
        normalized.forEach(n -> n.ifPresent(distinct::add));
        Set<String> removed = removals.removedAmong(distinct);
        List<Boolean> answer = new ArrayList<>(urls.size());
        normalized.forEach(n -> answer.add(n.isPresent() && removed.contains(n.get())));
        return answer;
    }

    /**
     * For each PDQ hash (64 hex digits, already validated), whether a standing removal's hash lies within
     * {@code maxDistance} bits. A linear scan over the removals that have hashes: fine for the thousands a
     * registry holds today; millions would want a multi-index hash table.
     */
    @Transactional
    public List<PdqMatch> checkPdq(List<String> hashes, int maxDistance) {
        List<long[]> known = removals.standingPdq().stream().map(Pdq::words).toList();
        List<PdqMatch> answer = new ArrayList<>(hashes.size());
        for (String hash : hashes) {
            long[] query = Pdq.words(hash);
            int best = Integer.MAX_VALUE;
            for (long[] candidate : known) {
                best = Math.min(best, Pdq.distance(query, candidate));
                if (best == 0) {
                    break;
                }
            }
            boolean removed = best <= maxDistance;
            answer.add(new PdqMatch(removed, removed ? best : null));
        }
        return answer;
    }

    @Transactional
    public List<Removal> after(long cursor, int limit) {
        return removals.after(cursor, limit);
    }

    /** The removals of a data set (one release, or every release when null), in feed order, reversed ones included. */
    @Transactional
    public List<Removal> ofRelease(String datasetId, String releaseId) {
        return removals.ofRelease(datasetId, releaseId);
    }
}
