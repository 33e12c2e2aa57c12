package org.takedown.matching.signal;

import java.util.concurrent.ExecutionException;

/** Rethrows what a parallel task threw as it was thrown. */
final class Parallel {

    private Parallel() {
    }

    static RuntimeException unwrap(ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e.getCause() instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e.getCause());
    }
}
