package org.takedown.review.api;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The bodies of the case actions besides the decision. Every one carries the case {@code version} the
 * caller saw (optimistic locking: a case changed meanwhile is refused with 409, nothing changed).
 * {@code message} is optional free text for the claimant, stored in intake, never in an event.
 */
public final class ActionForms {

    private ActionForms() {
    }

    /** Give the case to {@code assignee} (one's own user name: "assign to me"). */
    public record Assignment(@NotNull @Size(max = 64) String assignee, @NotNull Long version) {
    }

    /** Ask the claimant for more information; the clock stands still until they answer. */
    public record InformationRequest(@NotNull @Size(min = 1, max = 6) List<@NotNull String> reasonCodes,
            @Size(max = 5000) String message, @NotNull Long version) {
    }

    /** Extend the deadline once, by {@code months} (1 or 2, default 2), within the first month. */
    public record Extension(@NotNull @Size(max = 64) String reasonCode, Integer months, @Size(max = 5000) String message,
            @NotNull Long version) {
    }

    /** An admin reverses an approval. */
    public record Reversal(@NotNull @Size(max = 64) String reasonCode, @Size(max = 5000) String message,
            @NotNull Long version) {
    }
}
