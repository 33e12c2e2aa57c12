package org.takedown.propagation.notice;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.takedown.events.RemovalItem;

/**
 * What a vendor receives: which items of which release to act on, on what legal basis, and what
 * to do. Nothing about the person who asked.
 */
public record NoticePayload(
        UUID noticeId,
        String type,
        String datasetId,
        String releaseId,
        String legalBasis,
        List<String> actions,
        List<RemovalItem> items,
        Instant issuedAt) {

    public static final String REMOVAL = "takedown.removal";
    public static final List<String> REMOVAL_ACTIONS = List.of("REMOVE_FROM_COPIES", "EXCLUDE_FROM_FUTURE_TRAINING");
}
