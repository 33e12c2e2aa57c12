package org.takedown.review.cases;

/** Why an admin reverses an approval; the code travels in {@code DecisionReversed}. */
public enum ReversalReason {
    DECISION_ERROR("The approval was a mistake"),
    DISPUTE_UPHELD("A vendor's dispute was upheld"),
    LEGAL_ORDER("A court or authority ordered it"),
    OTHER("Another reason (explained in the message)");

    private final String label;

    ReversalReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The reason for a submitted code, or null if it is not one of ours. */
    public static ReversalReason of(String code) {
        for (ReversalReason reason : values()) {
            if (reason.name().equals(code)) {
                return reason;
            }
        }
        return null;
    }
}
