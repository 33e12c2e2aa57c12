package org.takedown.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIT {

    @TempDir
    Path workDir;

    @Test
    void aBrokerThatCannotStartFailsWithTheTailOfItsLog() throws Exception {
        // A log directory that looks formatted (so formatting is skipped) but is not.
        Files.createDirectories(workDir.resolve("data"));
        Files.writeString(workDir.resolve("data/meta.properties"), "version=1\n");

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> KafkaBroker.start(workDir, 0));

        assertTrue(failure.getMessage().contains("Kafka exited during start"), failure.getMessage());
        assertTrue(failure.getMessage().contains("meta.properties"), "the broker's own complaint: " + failure.getMessage());
    }
}
