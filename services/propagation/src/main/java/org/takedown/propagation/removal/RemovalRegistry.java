package org.takedown.propagation.removal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.takedown.events.NormalizedUrl;
import org.takedown.events.RemovalItem;
import org.takedown.events.ReviewDecided;

/** Everything ever removed: recorded with each approved decision, checked by trainers, fed to vendors in order. */
@ApplicationScoped
public class RemovalRegistry {

    private final RemovalRepository removals;

    RemovalRegistry(RemovalRepository removals) {
        this.removals = removals;
    }

    /** Records the decision's items in the caller's transaction (the one that plans the notices). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(ReviewDecided decision) {
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
            removals.persist(removal);
        }
    }

    /** For each URL as given, whether it was removed. URLs that are not http(s) were never removed. */
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

    @Transactional
    public List<Removal> after(long cursor, int limit) {
        return removals.after(cursor, limit);
    }
}
