package org.takedown.propagation.notice;

import java.util.Set;

/**
 * What a vendor reports doing with a notice. Received first, then applied or disputed; a dispute
 * can still end in the items being applied; applied is final.
 */
public enum VendorState {
    ACKNOWLEDGED,
    APPLIED,
    DISPUTED;

    /** Whether a notice in state {@code from} (null: nothing reported yet) may move to this one. */
    public boolean mayFollow(VendorState from) {
        if (from == null) {
            return true;
        }
        return switch (from) {
            case ACKNOWLEDGED -> Set.of(APPLIED, DISPUTED).contains(this);
            case DISPUTED -> this == APPLIED;
            case APPLIED -> false;
        };
    }
}
