package org.takedown.review.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A reviewer's decision. {@code itemIds} narrows an approval to some candidates (all if absent);
 * {@code version} is the case version the reviewer saw, to refuse decisions on stale pages; {@code message}
 * is an optional message to the claimant with a denial (stored in intake before the decision).
 */
public record DecisionForm(
        @NotNull Decision decision,
        @Size(max = 100_000) List<String> itemIds,
        @Size(max = 64) String reasonCode,
        Long version,
        @Size(max = 5000) String message) {

    public enum Decision {
        APPROVE,
        DENY
    }
}
