package org.takedown.propagation.removal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.takedown.events.NormalizedUrl;
import org.takedown.events.RemovalItem;
import org.takedown.events.ReviewDecided;
import org.takedown.pdq.PdqHash;
import org.takedown.propagation.pdq.Pdq;
import org.takedown.propagation.removal.index.FastNormalizedUrl;
import org.takedown.propagation.removal.index.RemovalIndex;
import org.takedown.propagation.removal.index.UrlFingerprint;

/** Everything ever removed: recorded with each approved decision, checked by trainers, fed to vendors in order. */
@ApplicationScoped
public class RemovalRegistry {

    /** One hash checked: whether a standing removal's PDQ is within the distance, and the nearest distance found. */
    public record PdqMatch(boolean removed, Integer distance) {
    }

    private final RemovalRepository removals;
    private final RemovalIndex index;

    RemovalRegistry(RemovalRepository removals, RemovalIndex index) {
        this.removals = removals;
        this.index = index;
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
        List<String> urls = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (RemovalItem item : decision.approvedItems()) {
            Optional<String> url = NormalizedUrl.parse(item.url());
            if (url.isEmpty()) {
                continue; // matching only ever emits normalised http(s) URLs; anything else has nothing to check against
            }
            Removal removal = new Removal();
            removal.requestId = decision.requestId();
            removal.datasetId = item.datasetIn(decision);
            removal.releaseId = item.releaseIn(decision);
            removal.itemId = item.itemId();
            removal.url = url.get();
            removal.removedAt = decision.occurredAt();
            removal.pdq = pdq.get(Pdq.key(item.itemId(), item.url()));
            removals.persist(removal);
            urls.add(removal.url);
            if (removal.pdq != null) {
                hashes.add(removal.pdq);
            }
        }
        List<String> ruleKeys = new ArrayList<>();
        for (RemovalRule rule : rulesOf(decision)) {
            Removal removal = new Removal();
            removal.requestId = decision.requestId();
            removal.datasetId = decision.datasetId();
            removal.releaseId = decision.releaseId();
            removal.url = rule.value();
            removal.rule = rule.kind();
            removal.ruleKey = taggedKey(rule);
            removal.removedAt = decision.occurredAt();
            removals.persist(removal);
            ruleKeys.add(removal.ruleKey);
        }
        index.afterCommit(urls, hashes, List.of(), List.of(), ruleKeys, List.of());
    }

    /**
     * Records items of a newly activated release that are the same URL or picture as items the request removed before
     * (ADR 017): removed again, under the same request, without a new decision. In the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordCarriedOver(UUID requestId, List<RemovalItem> items, Instant at) {
        removals.lockForWriting();
        List<String> urls = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        for (RemovalItem item : items) {
            Optional<String> url = NormalizedUrl.parse(item.url());
            if (url.isEmpty()) {
                continue;
            }
            Removal removal = new Removal();
            removal.requestId = requestId;
            removal.datasetId = item.datasetId();
            removal.releaseId = item.releaseId();
            removal.itemId = item.itemId();
            removal.url = url.get();
            removal.removedAt = at;
            removal.pdq = Pdq.normalize(item.pdq()).orElse(null);
            removals.persist(removal);
            urls.add(removal.url);
            if (removal.pdq != null) {
                hashes.add(removal.pdq);
            }
        }
        index.afterCommit(urls, hashes, List.of(), List.of(), List.of(), List.of());
    }

    /** The decision's scopes as rules (distinct, in order); scopes that are no host or URL prefix are left out. */
    public static List<RemovalRule> rulesOf(ReviewDecided decision) {
        Set<String> seen = new HashSet<>();
        List<RemovalRule> rules = new ArrayList<>();
        for (String scope : decision.scopes()) {
            RemovalRule.parse(scope).filter(r -> seen.add(taggedKey(r))).ifPresent(rules::add);
        }
        return rules;
    }

    private static String taggedKey(RemovalRule rule) {
        return rule.kind() + ":" + rule.key();
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
        List<Removal> standing = removals.standingOf(requestId);
        List<Removal> items = standing.stream().filter(r -> !r.isRule()).toList();
        List<Removal> chosen = items.stream().filter(which).toList();
        // A rule goes with the first reversal of an item under it (the item may be used after all, so the host or
        // prefix is no longer removed as a whole), and with a reversal of all the request's items (a withdrawal).
        boolean all = chosen.size() == items.size();
        List<Removal> targets = new ArrayList<>(chosen);
        for (Removal rule : standing) {
            if (rule.isRule() && (all || which.test(rule) || chosen.stream().anyMatch(i -> covers(rule, i.url)))) {
                targets.add(rule);
            }
        }
        List<Removal> reversed = new ArrayList<>();
        for (Removal removal : targets) {
            removal.reversedAt = at;
            Removal entry = new Removal();
            entry.kind = Removal.REVERSAL;
            entry.requestId = removal.requestId;
            entry.datasetId = removal.datasetId;
            entry.releaseId = removal.releaseId;
            entry.itemId = removal.itemId;
            entry.url = removal.url;
            entry.rule = removal.rule;
            entry.ruleKey = removal.ruleKey;
            entry.pdq = removal.pdq;
            entry.removedAt = removal.removedAt;
            entry.reversedAt = at;
            entry.reversesId = removal.id;
            removals.persist(entry);
            reversed.add(removal);
        }
        if (!reversed.isEmpty()) {
            // What no other standing removal still has leaves the in-memory index when this transaction commits.
            removals.flush();
            Set<String> urls = new HashSet<>();
            Set<String> hashes = new HashSet<>();
            Set<String> ruleKeys = new HashSet<>();
            reversed.forEach(r -> {
                if (r.isRule()) {
                    ruleKeys.add(r.ruleKey);
                    return;
                }
                urls.add(r.url);
                if (r.pdq != null) {
                    hashes.add(r.pdq);
                }
            });
            urls.removeAll(removals.removedAmong(urls));
            hashes.removeAll(removals.standingPdqAmong(hashes));
            ruleKeys.removeAll(removals.rulesAmong(ruleKeys));
            index.afterCommit(List.of(), List.of(), urls, hashes, List.of(), ruleKeys);
        }
        return reversed;
    }

    /** Whether the rule covers the normalised URL. */
    static boolean covers(Removal rule, String normalizedUrl) {
        return RemovalIndex.ruleKeysOf(normalizedUrl).contains(rule.ruleKey);
    }

    /** For each URL as given, whether it is removed (and not reversed). URLs that are not http(s) were never removed. */
    public List<Boolean> check(List<String> urls) {
        List<Optional<String>> normalized = urls.stream().map(NormalizedUrl::parse).toList();
        if (index.ready()) {
            long[] fingerprints = new long[urls.size()];
            for (int i = 0; i < fingerprints.length; i++) {
                fingerprints[i] = normalized.get(i).map(UrlFingerprint::of).orElse(0L);
            }
            List<Boolean> answer = new ArrayList<>(urls.size());
            index.lockForReading();
            try {
                boolean rules = index.hasRulesUnlocked();
                for (int i = 0; i < fingerprints.length; i++) {
                    boolean removed = normalized.get(i).isPresent() && index.containsUnlocked(fingerprints[i]);
                    if (!removed && rules && normalized.get(i).isPresent()) {
                        byte[] url = normalized.get(i).get().getBytes(StandardCharsets.UTF_8);
                        removed = index.coveredUnlocked(url, 0, url.length);
                    }
                    answer.add(removed);
                }
            } finally {
                index.unlockForReading();
            }
            return answer;
        }
        return checkInDatabase(normalized);
    }

    /**
     * The lean path: each line normalised (the fast path for URLs already in normal form, else
     * {@link NormalizedUrl#parse}), fingerprinted and looked up in the index; PostgreSQL while the index loads.
     */
    boolean[] check(BulkCheck.Lines lines) {
        int n = lines.size();
        boolean[] removed = new boolean[n];
        if (!index.ready()) {
            List<Boolean> answer = checkInDatabase(lines.all().stream().map(NormalizedUrl::parse).toList());
            for (int i = 0; i < n; i++) {
                removed[i] = answer.get(i);
            }
            return removed;
        }
        long[] fingerprints = new long[n];
        boolean[] url = new boolean[n];
        // The normalised form of lines that were not already normal (null: the line itself is), for the rules.
        byte[][] normal = null;
        byte[] body = lines.body;
        for (int i = 0; i < n; i++) {
            if (lines.ascii(i) && FastNormalizedUrl.isNormal(body, lines.start[i], lines.end[i] - lines.start[i])) {
                fingerprints[i] = UrlFingerprint.of(body, lines.start[i], lines.end[i] - lines.start[i]);
                url[i] = true;
            } else {
                Optional<String> normalized = NormalizedUrl.parse(lines.line(i));
                if (normalized.isPresent()) {
                    fingerprints[i] = UrlFingerprint.of(normalized.get());
                    url[i] = true;
                    if (normal == null) {
                        normal = new byte[n][];
                    }
                    normal[i] = normalized.get().getBytes(StandardCharsets.UTF_8);
                }
            }
        }
        index.lockForReading();
        try {
            boolean rules = index.hasRulesUnlocked();
            for (int i = 0; i < n; i++) {
                removed[i] = url[i] && index.containsUnlocked(fingerprints[i]);
                if (rules && url[i] && !removed[i]) {
                    removed[i] = normal != null && normal[i] != null ? index.coveredUnlocked(normal[i], 0, normal[i].length)
                            : index.coveredUnlocked(body, lines.start[i], lines.end[i]);
                }
            }
        } finally {
            index.unlockForReading();
        }
        return removed;
    }

    @Transactional
    List<Boolean> checkInDatabase(List<Optional<String>> normalized) {
        Set<String> distinct = new LinkedHashSet<>();
        normalized.forEach(n -> n.ifPresent(distinct::add));
        Set<String> removed = removals.removedAmong(distinct);
        Map<String, Set<String>> keys = new HashMap<>();
        distinct.stream().filter(u -> !removed.contains(u)).forEach(u -> keys.put(u, RemovalIndex.ruleKeysOf(u)));
        Set<String> ruled = removals.rulesAmong(keys.values().stream().flatMap(Set::stream).collect(Collectors.toSet()));
        List<Boolean> answer = new ArrayList<>(normalized.size());
        normalized.forEach(n -> answer.add(n.isPresent() && (removed.contains(n.get())
                || keys.get(n.get()).stream().anyMatch(ruled::contains))));
        return answer;
    }

    /**
     * For each PDQ hash (64 hex digits, already validated), whether a standing removal's hash lies within
     * {@code maxDistance} bits: a scan over the index's hashes (PostgreSQL's while the index loads).
     */
    public List<PdqMatch> checkPdq(List<String> hashes, int maxDistance) {
        List<PdqMatch> answer = new ArrayList<>(hashes.size());
        if (index.ready()) {
            index.lockForReading();
            try {
                for (String hash : hashes) {
                    answer.add(match(index.nearestPdqUnlocked(PdqHash.parse(hash)), maxDistance));
                }
            } finally {
                index.unlockForReading();
            }
            return answer;
        }
        List<PdqHash> known = standingPdq().stream().map(PdqHash::parse).toList();
        for (String hash : hashes) {
            PdqHash query = PdqHash.parse(hash);
            int best = Integer.MAX_VALUE;
            for (PdqHash candidate : known) {
                best = Math.min(best, query.hamming(candidate));
                if (best == 0) {
                    break;
                }
            }
            answer.add(match(best, maxDistance));
        }
        return answer;
    }

    private static PdqMatch match(int best, int maxDistance) {
        boolean removed = best <= maxDistance;
        return new PdqMatch(removed, removed ? best : null);
    }

    @Transactional
    List<String> standingPdq() {
        return removals.standingPdq();
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
