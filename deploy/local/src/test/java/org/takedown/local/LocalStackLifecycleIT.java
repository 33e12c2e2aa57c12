package org.takedown.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.testing.Infrastructure;
import org.takedown.testing.Processes;
import org.takedown.testing.WorkDirs;

/** Starting and stopping whole stacks: nothing may outlive them. */
class LocalStackLifecycleIT {

    @TempDir
    Path checkout;

    @Test
    void closeLeavesNoProcessAndNoThrowawayDataBehind() throws Exception {
        LocalStack stack = LocalStack.builder().repositoryRoot(FakeCheckout.create(checkout)).start();
        List<ProcessHandle> processes = stack.processes();
        assertTrue(processes.size() >= LocalStack.SERVICES.size() + 3, "services, Kafka, PostgreSQL, Keycloak: " + processes);

        stack.close();

        assertTrue(Processes.allGone(processes, Duration.ofSeconds(10)),
                "still alive: " + processes.stream().filter(ProcessHandle::isAlive).toList());
        assertFalse(Files.exists(stack.workDir()));
    }

    @Test
    void aServiceThatDiesDuringStartFailsTheStartWithItsLogAndStopsTheRest() throws Exception {
        LocalStack.Builder builder = LocalStack.builder().repositoryRoot(FakeCheckout.create(checkout))
                .keycloakUrl(Infrastructure.sharedKeycloakUrl())
                .extraServiceProperties("verification", Map.of("fake.exit-code", "3"));

        // The JVM's shared Keycloak is a child too, and stays: only what the stack started must go.
        Set<ProcessHandle> before = ProcessHandle.current().children().collect(Collectors.toSet());
        IllegalStateException failure = assertThrows(IllegalStateException.class, builder::start);

        assertTrue(failure.getMessage().contains("verification exited with code 3"), failure.getMessage());
        assertTrue(failure.getMessage().contains("failing on purpose"), failure.getMessage());
        assertTrue(Processes.allGone(ProcessHandle.current().children().filter(child -> !before.contains(child)).toList(),
                Duration.ofSeconds(10)));
    }

    @Test
    void anExplicitWorkDirKeepsItsDataForTheNextRun() throws Exception {
        Path workDir = WorkDirs.createTraversable(checkout).resolve("work");
        try (LocalStack first = LocalStack.builder().repositoryRoot(FakeCheckout.create(checkout)).workDir(workDir)
                .keycloakUrl(Infrastructure.sharedKeycloakUrl()).start();
             var connection = first.database("intake").connect(); var sql = connection.createStatement()) {
            sql.execute("CREATE TABLE kept (id int)");
            sql.execute("INSERT INTO kept VALUES (1)");
        }

        try (LocalStack second = LocalStack.builder().repositoryRoot(checkout).workDir(workDir)
                .keycloakUrl(Infrastructure.sharedKeycloakUrl()).start();
             var connection = second.database("intake").connect(); var sql = connection.createStatement();
             var rows = sql.executeQuery("SELECT count(*) FROM kept")) {
            rows.next();
            assertEquals(1, rows.getInt(1));
        }
    }
}
