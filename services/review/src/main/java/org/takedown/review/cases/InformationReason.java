package org.takedown.review.cases;

/** What a reviewer may ask the claimant for; the codes travel in {@code InformationRequested}. */
public enum InformationReason {
    IDENTITY_PROOF("Proof of identity"),
    AUTHORITY_PROOF("Proof of authority to act for the person or rights holder"),
    OWNERSHIP_PROOF("Proof of ownership of the material"),
    BETTER_EVIDENCE("Better evidence (clearer images, more detail)"),
    CLARIFY_TARGETS("Which of the listed items are meant"),
    OTHER("Something else (explained in the message)");

    private final String label;

    InformationReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The reason for a submitted code, or null if it is not one of ours. */
    public static InformationReason of(String code) {
        for (InformationReason reason : values()) {
            if (reason.name().equals(code)) {
                return reason;
            }
        }
        return null;
    }
}
