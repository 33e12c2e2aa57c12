package org.takedown.review.cases;

/** Why a deadline is extended (GDPR Art. 12(3)); the code travels in {@code DeadlineExtended}. */
public enum ExtensionReason {
    COMPLEXITY("The request is complex"),
    NUMBER_OF_REQUESTS("The number of requests"),
    OTHER("Another reason (explained in the message)");

    private final String label;

    ExtensionReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The reason for a submitted code, or null if it is not one of ours. */
    public static ExtensionReason of(String code) {
        for (ExtensionReason reason : values()) {
            if (reason.name().equals(code)) {
                return reason;
            }
        }
        return null;
    }
}
