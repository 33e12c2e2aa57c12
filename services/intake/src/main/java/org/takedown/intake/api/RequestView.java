package org.takedown.intake.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What a claimant sees of their request. */
public record RequestView(
        UUID id,
        String claimType,
        String status,
        String explanation,
        Instant createdAt,
        Instant updatedAt,
        Targets targets,
        List<TimelineEntry> timeline) {

    public record Targets(List<String> imageUrls, List<String> domains, long textQueries) {
    }

    /** {@code explanation}: what the entry means for the claimant, in plain words. */
    public record TimelineEntry(String status, Instant at, String detail, String explanation) {
    }
}
