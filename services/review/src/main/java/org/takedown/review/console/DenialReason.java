package org.takedown.review.console;

/** The reason codes a reviewer may give for a denial; the code travels in {@code ReviewDecided}. */
public enum DenialReason {
    NOT_THE_CLAIMANT("The claimant is not the person or rights holder concerned"),
    INSUFFICIENT_EVIDENCE("The evidence does not support the claim"),
    NOT_A_MATCH("None of the candidates is the claimed material"),
    LEGAL_EXEMPTION("A legal exemption applies (e.g. public interest, freedom of expression)");

    private final String label;

    DenialReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The reason for a submitted code, or null if it is not one of ours. */
    public static DenialReason of(String code) {
        for (DenialReason reason : values()) {
            if (reason.name().equals(code)) {
                return reason;
            }
        }
        return null;
    }
}
