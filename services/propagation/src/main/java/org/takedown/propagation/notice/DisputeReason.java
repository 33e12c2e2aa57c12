package org.takedown.propagation.notice;

/** Why a vendor disputes a notice: published with the dispute so review can reopen the case. */
public enum DisputeReason {
    /** The vendor's copy of the data set does not contain the item. */
    NOT_IN_OUR_COPY,
    /** The item id or URL does not identify anything. */
    ITEM_NOT_FOUND,
    /** The vendor objects to the removal on legal grounds. */
    LEGAL_OBJECTION,
    OTHER
}
