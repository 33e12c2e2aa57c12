package org.takedown.testing;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stopping child processes so that none outlive their owner. */
public final class Processes {

    private static final Duration FORCED_STOP_WAIT = Duration.ofSeconds(10);

    private Processes() {
    }

    /**
     * SIGTERM first, so Kafka and Quarkus run their shutdown hooks (flush logs, leave consumer
     * groups); after {@code grace}, SIGKILL. Descendants are collected before the parent exits
     * because afterwards they are re-parented and can no longer be found through it.
     */
    public static void stop(Process process, Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!waitFor(process, grace)) {
            descendants.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            waitFor(process, FORCED_STOP_WAIT);
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Whether all processes have exited within the timeout. Polls: a process that is not our
     * child cannot be waited for, and an orphan stays visible until init reaps it.
     */
    public static boolean allGone(Collection<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
