package org.takedown.matching.match;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to a pool, as the matching code does it everywhere. */
public final class Tasks {

    private Tasks() {
    }

    /**
     * The task's result; its own runtime exception or error is rethrown as is (so a failure's kind, transient or
     * not, reaches the consumer's policy unchanged), anything else wrapped; an interrupt is kept and reported as
     * "interrupted while {@code what}".
     */
    public static <T> T result(Future<T> task, String what) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
