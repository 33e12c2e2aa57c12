package org.takedown.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Own servers per test, not the shared ones: these tests stop them. */
class LocalInfrastructureIT {

    @TempDir
    Path tempDir;

    /** JUnit's temp dir is private; as root, PostgreSQL runs as another OS user that must pass through it. */
    @BeforeEach
    void letPostgresThrough() throws Exception {
        WorkDirs.createTraversable(tempDir);
    }

    @Test
    void closeLeavesNoBrokerOrPostgresProcessBehind() throws Exception {
        LocalInfrastructure infrastructure = LocalInfrastructure.start(tempDir.resolve("infra"));
        List<ProcessHandle> processes = new ArrayList<>();
        processes.add(ProcessHandle.of(infrastructure.kafka().pid()).orElseThrow());
        ProcessHandle postmaster = ProcessHandle.of(infrastructure.postgres().pid()).orElseThrow();
        processes.add(postmaster);
        processes.addAll(postmaster.descendants().toList());
        assertTrue(processes.size() > 2, "the postmaster should have its background workers: " + processes);

        infrastructure.close();

        assertTrue(Processes.allGone(processes, Duration.ofSeconds(10)), "still alive: " + processes.stream().filter(ProcessHandle::isAlive).toList());
        assertFalse(Files.exists(infrastructure.postgres().dataDir().resolve("postmaster.pid")));
        assertFalse(infrastructure.kafka().isRunning());
    }

    @Test
    void postgresKeepsItsDataAcrossRestartsOfADurableCluster() throws Exception {
        Path dataDir = tempDir.resolve("pg");
        try (PostgresServer first = PostgresServer.start(dataDir, 0, true);
             Connection connection = first.createServiceDatabase("review").connect();
             Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE decision (id int)");
            sql.execute("INSERT INTO decision VALUES (42)");
        }

        try (PostgresServer second = PostgresServer.start(dataDir, 0, true);
             Connection connection = second.createServiceDatabase("review").connect();
             Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT id FROM decision")) {
            assertTrue(rows.next());
            assertEquals(42, rows.getInt(1));
        }
    }

    @Test
    void postgresStartsOverAStalePidFileOfAKilledRun() throws Exception {
        Path dataDir = tempDir.resolve("pg");
        PostgresServer.start(dataDir, 0, false).close();
        // A pid that is alive but no postgres (this JVM), as after a kill -9 and pid reuse.
        Files.writeString(dataDir.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + dataDir + "\n");

        try (PostgresServer server = PostgresServer.start(dataDir, 0, false)) {
            assertTrue(server.isRunning());
            assertTrue(server.pid() != ProcessHandle.current().pid());
        }
    }

    @Test
    void postgresTakesOverAServerLeftRunningByAKilledRun() throws Exception {
        Path dataDir = tempDir.resolve("pg");
        PostgresServer abandoned = PostgresServer.start(dataDir, 0, false);
        long abandonedPid = abandoned.pid();

        try (PostgresServer server = PostgresServer.start(dataDir, 0, false)) {
            assertTrue(server.isRunning());
            assertTrue(server.pid() != abandonedPid, "a new postmaster with this run's settings");
            assertTrue(server.createServiceDatabase("intake").connect().isValid(5));
        }
    }
}
