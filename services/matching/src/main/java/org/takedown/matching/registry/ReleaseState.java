package org.takedown.matching.registry;

/** A release's life: ingested, then searched for every request, then no longer searched. Only forward. */
public enum ReleaseState {
    INGESTING, ACTIVE, RETIRED;

    public boolean canMoveTo(ReleaseState next) {
        return next.ordinal() == ordinal() + 1;
    }
}
