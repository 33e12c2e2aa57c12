package org.takedown.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackTest {

    @TempDir
    Path emptyCheckout;

    @Test
    void missingServiceJarsFailTheStartWithTheBuildCommand() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> LocalStack.builder().repositoryRoot(emptyCheckout).start());

        assertTrue(failure.getMessage().contains("mvn -B install -DskipTests"), failure.getMessage());
        assertTrue(failure.getMessage().contains(emptyCheckout.resolve("services/intake/target/quarkus-app/quarkus-run.jar").toString()),
                failure.getMessage());
    }

    @Test
    void missingServiceJarsAreFoundBeforeAnythingStarts() {
        Path workDir = emptyCheckout.resolve("work");

        assertThrows(IllegalStateException.class, () -> LocalStack.builder().repositoryRoot(emptyCheckout).workDir(workDir).start());

        assertFalse(Files.exists(workDir), "nothing was set up, not even the work dir (which an explicit one would keep)");
    }

    @Test
    void extraPropertiesForAnUnknownServiceAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> LocalStack.builder().extraServiceProperties("billing", Map.of("a", "b")));
    }
}
