package org.takedown.propagation.carryover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.takedown.events.ReleaseActivated;
import org.takedown.events.RemovalItem;
import org.takedown.events.RemovalsCarriedOver;
import org.takedown.messaging.Outbox;
import org.takedown.propagation.notice.Notice;
import org.takedown.propagation.notice.NoticePayload;
import org.takedown.propagation.notice.NoticeRepository;
import org.takedown.propagation.notice.NoticesPlanned;
import org.takedown.propagation.removal.Removal;
import org.takedown.propagation.removal.RemovalRegistry;
import org.takedown.propagation.removal.RemovalRepository;
import org.takedown.propagation.vendor.VendorEndpoint;
import org.takedown.propagation.vendor.VendorService;

/**
 * Carries a data set's removals over to a newly activated release of it (ADR 017). Every standing item removal of the
 * data set is looked up once in the release, through matching: the same URL or the same picture (PDQ distance 0) is
 * removed again under the same request, without a new decision, and each subscribed vendor gets one removal notice for
 * the release naming the decision's notice; a near copy only (PDQ within the threshold) is announced for review.
 * Each removal × release is looked up once ({@code carry_over}), so a re-activation or a redelivered event sends
 * nothing twice.
 */
@ApplicationScoped
public class CarryOverService {

    private static final Logger LOG = Logger.getLogger(CarryOverService.class);
    /** Removals per lookup call: their URLs and hashes stay under matching's limit per call. */
    static final int CHUNK = MatchingLookupClient.MAX_KEYS / 2;

    static final String REMOVED_AGAIN = "REMOVED_AGAIN";
    static final String NEAR_DUPLICATE = "NEAR_DUPLICATE";
    static final String NOT_FOUND = "NOT_FOUND";

    private final RemovalRepository removals;
    private final RemovalRegistry registry;
    private final NoticeRepository notices;
    private final VendorService vendors;
    private final MatchingLookupClient matching;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Event<NoticesPlanned> noticesPlanned;

    CarryOverService(RemovalRepository removals, RemovalRegistry registry, NoticeRepository notices, VendorService vendors,
            @RestClient MatchingLookupClient matching, Outbox outbox, ObjectMapper json, Event<NoticesPlanned> noticesPlanned) {
        this.removals = removals;
        this.registry = registry;
        this.notices = notices;
        this.vendors = vendors;
        this.matching = matching;
        this.outbox = outbox;
        this.json = json;
        this.noticesPlanned = noticesPlanned;
    }

    /** What one request's removals found in the release. */
    private static final class Found {
        final Map<String, RemovalItem> again = new LinkedHashMap<>();
        final Map<String, RemovalsCarriedOver.NearDuplicate> near = new LinkedHashMap<>();
        final Set<String> fromReleases = new LinkedHashSet<>();
        Instant decidedAt;
    }

    /** Looks the data set's removals up in the activated release and acts on what is found, in the inbox's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void carryOver(ReleaseActivated activated) {
        String dataset = activated.datasetId();
        String release = activated.releaseId();
        List<Removal> pending = removals.notCarriedTo(dataset, release);
        if (pending.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        Map<UUID, Found> byRequest = new LinkedHashMap<>();
        for (int from = 0; from < pending.size(); from += CHUNK) {
            List<Removal> chunk = pending.subList(from, Math.min(pending.size(), from + CHUNK));
            MatchingLookupClient.Result result = matching.lookup(dataset, release, lookupOf(chunk));
            Map<String, List<MatchingLookupClient.UrlHit>> atUrl = new HashMap<>();
            result.urls().forEach(h -> atUrl.computeIfAbsent(h.url(), k -> new ArrayList<>()).add(h));
            Map<String, List<MatchingLookupClient.PdqHit>> nearHash = new HashMap<>();
            result.pdq().forEach(h -> nearHash.computeIfAbsent(h.query(), k -> new ArrayList<>()).add(h));
            for (Removal removal : chunk) {
                removals.carriedOver(removal, release, lookUp(removal, dataset, release, atUrl, nearHash, byRequest), now);
            }
        }
        int again = 0;
        int near = 0;
        for (Map.Entry<UUID, Found> entry : byRequest.entrySet()) {
            Found found = entry.getValue();
            // An item the request already removed in this release (its decision was made with the release active) is
            // not removed twice.
            Set<String> already = removals.itemsRemovedIn(entry.getKey(), dataset, release);
            List<RemovalItem> removedAgain = found.again.values().stream().filter(i -> !already.contains(i.itemId())).toList();
            List<RemovalsCarriedOver.NearDuplicate> nearOnly = found.near.values().stream()
                    .filter(n -> !already.contains(n.itemId()) && !found.again.containsKey(n.itemId())).toList();
            if (removedAgain.isEmpty() && nearOnly.isEmpty()) {
                continue;
            }
            if (!removedAgain.isEmpty()) {
                registry.recordCarriedOver(entry.getKey(), removedAgain, now);
                planNotices(entry.getKey(), dataset, release, removedAgain, found, now);
            }
            outbox.publish(RemovalsCarriedOver.of(entry.getKey(), dataset, release, found.decidedAt, removedAgain, nearOnly));
            again += removedAgain.size();
            near += nearOnly.size();
        }
        LOG.infof("release %s/%s: %d removals looked up, %d items removed again, %d near copies for review",
                dataset, release, pending.size(), again, near);
    }

    /** {@code notice.carried_to_release} of the removal notices carried over to a release without a decision. */
    public static String carriedKey(String dataset, String release) {
        return dataset + "/" + release;
    }

    /** {@code notice.carried_to_release} of the removal notices of a carry-over case's decision about near copies. */
    public static String reviewedKey(String dataset, String release) {
        return carriedKey(dataset, release) + "/reviewed";
    }

    private static MatchingLookupClient.Lookup lookupOf(List<Removal> chunk) {
        Set<String> urls = new LinkedHashSet<>();
        Set<String> hashes = new LinkedHashSet<>();
        for (Removal removal : chunk) {
            urls.add(removal.url);
            if (removal.pdq != null) {
                hashes.add(removal.pdq);
            }
        }
        return new MatchingLookupClient.Lookup(List.copyOf(urls), List.copyOf(hashes));
    }

    /** Sorts what the release holds for one removal into the request's findings; returns the removal's outcome. */
    private static String lookUp(Removal removal, String dataset, String release,
            Map<String, List<MatchingLookupClient.UrlHit>> atUrl, Map<String, List<MatchingLookupClient.PdqHit>> nearHash,
            Map<UUID, Found> byRequest) {
        List<RemovalItem> same = new ArrayList<>();
        atUrl.getOrDefault(removal.url, List.of())
                .forEach(h -> same.add(new RemovalItem(h.itemId(), h.itemUrl(), h.pdq(), dataset, release)));
        List<MatchingLookupClient.PdqHit> byHash = removal.pdq == null ? List.of()
                : nearHash.getOrDefault(removal.pdq, List.of()).stream()
                        .sorted(Comparator.comparingInt(MatchingLookupClient.PdqHit::distance)).toList();
        byHash.stream().filter(h -> h.distance() == 0)
                .forEach(h -> same.add(new RemovalItem(h.itemId(), h.itemUrl(), h.pdq(), dataset, release)));
        List<MatchingLookupClient.PdqHit> near = byHash.stream().filter(h -> h.distance() > 0).toList();
        if (same.isEmpty() && near.isEmpty()) {
            return NOT_FOUND;
        }
        Found found = byRequest.computeIfAbsent(removal.requestId, k -> new Found());
        found.decidedAt = found.decidedAt == null || removal.removedAt.isBefore(found.decidedAt) ? removal.removedAt
                : found.decidedAt;
        if (removal.releaseId != null) {
            found.fromReleases.add(removal.releaseId);
        }
        same.forEach(item -> found.again.putIfAbsent(item.itemId(), item));
        for (MatchingLookupClient.PdqHit hit : near) {
            found.near.putIfAbsent(hit.itemId(), new RemovalsCarriedOver.NearDuplicate(hit.itemId(), hit.itemUrl(), hit.pdq(),
                    hit.distance(), removal.itemId, removal.url, removal.releaseId));
        }
        return same.isEmpty() ? NEAR_DUPLICATE : REMOVED_AGAIN;
    }

    /** One removal notice per vendor subscribed to the data set, for the release, naming the decision's notice. */
    private void planNotices(UUID requestId, String dataset, String release, List<RemovalItem> items, Found found,
            Instant now) {
        Map<String, Notice> original = new HashMap<>();
        for (Notice notice : notices.decisionNoticesOf(requestId)) {
            original.putIfAbsent(notice.vendorId, notice);
        }
        String legalBasis = original.values().stream().findFirst().map(this::legalBasisOf).orElse(null);
        Map<String, VendorEndpoint> endpoints = new LinkedHashMap<>();
        for (VendorEndpoint endpoint : vendors.subscribers(NoticePayload.REMOVAL, dataset)) {
            endpoints.putIfAbsent(endpoint.vendorId, endpoint);
        }
        List<NoticePayload.Item> payloadItems = items.stream()
                .map(i -> new NoticePayload.Item(i.itemId(), i.url(), i.pdq())).toList();
        List<Notice> planned = new ArrayList<>();
        for (VendorEndpoint endpoint : endpoints.values()) {
            Notice before = original.get(endpoint.vendorId);
            Notice notice = new Notice();
            notice.id = UUID.randomUUID();
            notice.kind = Notice.Kind.REMOVAL;
            notice.requestId = requestId;
            notice.vendorId = endpoint.vendorId;
            notice.endpointId = endpoint.id;
            notice.endpointUrl = endpoint.url;
            notice.itemCount = payloadItems.size();
            notice.subjectNoticeId = before == null ? null : before.id;
            notice.carriedToRelease = carriedKey(dataset, release);
            notice.payload = write(new NoticePayload(notice.id, NoticePayload.REMOVAL, dataset, release, legalBasis,
                    NoticePayload.REMOVAL_ACTIONS, payloadItems, List.of(), now,
                    new NoticePayload.CarriedOver(notice.subjectNoticeId, found.decidedAt, List.copyOf(found.fromReleases))));
            notice.status = Notice.Status.PENDING;
            notice.nextAttemptAt = now;
            notice.createdAt = now;
            planned.add(notice);
        }
        if (planned.isEmpty()) {
            LOG.warnf("request %s: %d items removed again in %s/%s, but no vendor subscribes to the data set", requestId,
                    items.size(), dataset, release);
            return;
        }
        notices.insertAll(planned);
        noticesPlanned.fire(new NoticesPlanned(planned.size()));
    }

    private String legalBasisOf(Notice notice) {
        try {
            return json.readTree(notice.payload).path("legalBasis").asText(null);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private String write(NoticePayload payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notice payload cannot be written", e);
        }
    }
}
