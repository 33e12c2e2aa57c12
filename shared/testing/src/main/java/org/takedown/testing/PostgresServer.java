package org.takedown.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the machine's binaries ({@code apt-get install postgresql}),
 * listening on 127.0.0.1 only, with its Unix socket inside the data directory.
 * <p>
 * {@code initdb} refuses to run as root, so as root the server runs as the OS user
 * {@code postgres} (or {@code nobody}) through {@code runuser}; the data directory must then be
 * reachable by that user, e.g. under {@code /tmp} or {@code /var/tmp}.
 * <p>
 * Throwaway clusters ({@code durable == false}) trade crash safety for speed; the dev stack's
 * cluster is durable. An initialised data directory is reused as it is, data included.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String SUPERUSER = "postgres";
    /** Deterministic for the same reason as {@link ServiceDatabase#devPassword(String)}. */
    public static final String SUPERUSER_PASSWORD = "postgres";
    public static final String DATABASE = "takedown";

    private static final Path BINARIES_ROOT = Path.of("/usr/lib/postgresql");
    private static final String PREFERRED_MAJOR = "15";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    /** pg_ctl hands -o options to a shell: keep paths to characters that need no quoting. */
    private static final Pattern SHELL_SAFE_PATH = Pattern.compile("[A-Za-z0-9/._+-]+");

    private final Path dataDir;
    private final int port;
    private final boolean durable;
    private final Path binDir;
    private final List<String> runAs;

    private PostgresServer(Path dataDir, int port, boolean durable) {
        this.dataDir = dataDir;
        this.port = port;
        this.durable = durable;
        this.binDir = findBinaries();
        this.runAs = runAsPrefix();
    }

    /** Starts a server on 127.0.0.1:{@code port} ({@code 0}: a free port), creating the cluster if needed. */
    public static PostgresServer start(Path dataDir, int port, boolean durable) {
        PostgresServer server = new PostgresServer(dataDir.toAbsolutePath(), port == 0 ? Ports.freeLoopbackPort() : port, durable);
        server.start();
        return server;
    }

    /** Starts the server (again, after {@link #stop()}) on its port, with the data it had. */
    public synchronized void start() {
        if (!SHELL_SAFE_PATH.matcher(dataDir.toString()).matches()) {
            throw new IllegalArgumentException("PostgreSQL data directory path must not need shell quoting: " + dataDir);
        }
        try {
            stopLeftOverServer();
            Ports.requireFree(port, "PostgreSQL");
            if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
                initialise();
            }
            pgCtl("start", "-l", logFile().toString(), "-t", String.valueOf(COMMAND_TIMEOUT.toSeconds()), "-o", serverOptions());
            createDatabase();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL in " + dataDir, e);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/takedown} */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return dataDir.resolve("postgres.log");
    }

    /** The postmaster's process id, from {@code postmaster.pid}, while it runs. */
    public long pid() {
        return postmasterPid().filter(pid -> isRunning())
                .orElseThrow(() -> new IllegalStateException("PostgreSQL is not running in " + dataDir));
    }

    /** A role and schema named after the service, in database {@code takedown}; idempotent. */
    public ServiceDatabase createServiceDatabase(String service) {
        try (Connection superuser = connect(jdbcUrl(), SUPERUSER, SUPERUSER_PASSWORD)) {
            return ServiceRoles.ensure(superuser, jdbcUrl(), service);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to PostgreSQL at " + jdbcUrl(), e);
        }
    }

    /** Fast shutdown: open sessions are rolled back, the server exits cleanly. */
    public synchronized void stop() {
        if (isRunning()) {
            pgCtl("stop", "-m", "fast", "-t", String.valueOf(COMMAND_TIMEOUT.toSeconds()));
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Connects through the driver directly rather than {@code DriverManager}, which refuses drivers
     * loaded by a class loader other than the caller's (as under Quarkus's test class loaders).
     */
    static Connection connect(String jdbcUrl, String user, String password) throws SQLException {
        return new org.postgresql.Driver().connect(jdbcUrl, ServiceDatabase.credentials(user, password));
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void initialise() throws IOException {
        prepareDataDir();
        Path passwordFile = Files.createTempFile(dataDir.getParent(), "pg-superuser", ".pw");
        try {
            Files.writeString(passwordFile, SUPERUSER_PASSWORD + "\n", StandardCharsets.UTF_8);
            handToServerUser(passwordFile);
            List<String> initdb = new ArrayList<>(List.of(binDir.resolve("initdb").toString(),
                    "-D", dataDir.toString(), "-U", SUPERUSER, "--pwfile=" + passwordFile,
                    "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C.UTF-8"));
            if (!durable) {
                initdb.add("--no-sync");
            }
            run(initdb);
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    private void prepareDataDir() throws IOException {
        Files.createDirectories(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        if (runAs.isEmpty()) {
            return;
        }
        handToServerUser(dataDir);
        for (Path dir = dataDir.getParent(); dir != null; dir = dir.getParent()) {
            if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalStateException("PostgreSQL runs as OS user '" + serverUser() + "', which cannot reach "
                        + dataDir + " because " + dir + " is not traversable by others; chmod o+x " + dir
                        + ", or use a data directory whose parents are (e.g. a new directory under /tmp or /var/tmp)");
            }
        }
    }

    private String serverOptions() {
        String options = "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dataDir
                // Five services with connection pools, their tests and Flyway: more than the default 100.
                + " -c max_connections=200"
                // As the Kubernetes cluster (k8s/base/infra/postgres/cluster.yaml): autovacuum looks every 10 s, not
                // every minute, so the hot tables (notice, outbox_event) do not pile up dead rows between looks.
                + " -c autovacuum_naptime=10s";
        return durable ? options : options + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
    }

    private void createDatabase() {
        try (Connection superuser = connect(jdbcUrl("postgres"), SUPERUSER, SUPERUSER_PASSWORD);
             Statement statement = superuser.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rows.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + DATABASE + " at " + jdbcUrl("postgres")
                    + ". Last lines of " + logFile() + ":\n" + LogFiles.tail(logFile(), 30), e);
        }
    }

    /**
     * A run that was killed leaves either a live postmaster (detached from the killed JVM) or a
     * stale {@code postmaster.pid}. The first is stopped, to be started again with this run's
     * settings; the second is removed, since its process id may by now belong to another process,
     * which PostgreSQL would take for a running server.
     */
    private void stopLeftOverServer() throws IOException {
        if (postmasterPid().isEmpty()) {
            return;
        }
        if (isRunning()) {
            pgCtl("stop", "-m", "fast", "-t", String.valueOf(COMMAND_TIMEOUT.toSeconds()));
            return;
        }
        Files.deleteIfExists(dataDir.resolve("postmaster.pid"));
        try (DirectoryStream<Path> socketLocks = Files.newDirectoryStream(dataDir, ".s.PGSQL.*")) {
            for (Path lock : socketLocks) {
                Files.deleteIfExists(lock);
            }
        }
    }

    /** Whether the process named in {@code postmaster.pid} is alive and is a PostgreSQL server. */
    public boolean isRunning() {
        return postmasterPid()
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .flatMap(process -> process.info().command())
                .map(command -> command.endsWith("/postgres"))
                .orElse(false);
    }

    private Optional<Long> postmasterPid() {
        try (Stream<String> lines = Files.lines(dataDir.resolve("postmaster.pid"))) {
            return lines.findFirst().map(String::trim).map(Long::parseLong);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void pgCtl(String action, String... options) {
        List<String> command = new ArrayList<>(List.of(binDir.resolve("pg_ctl").toString(), action, "-D", dataDir.toString(), "-w"));
        command.addAll(List.of(options));
        run(command);
    }

    /** Runs a PostgreSQL tool (as the server's OS user when we are root) and fails with its output. */
    private void run(List<String> tool) {
        List<String> command = new ArrayList<>(runAs);
        command.addAll(tool);
        try {
            Path output = Files.createTempFile("takedown-pg", ".out");
            try {
                // A file, not a pipe: pg_ctl's server child must not hold our stream open.
                Process process = new ProcessBuilder(command)
                        .directory(dataDir.getParent().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                boolean exited = process.waitFor(COMMAND_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
                if (!exited || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " failed"
                            + (exited ? " with exit code " + process.exitValue() : " to finish in time") + ":\n"
                            + Files.readString(output) + "\nLast lines of " + logFile() + ":\n" + LogFiles.tail(logFile(), 30));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        }
    }

    private void handToServerUser(Path path) throws IOException {
        if (!runAs.isEmpty()) {
            Files.setOwner(path, path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(serverUser()));
        }
    }

    private String serverUser() {
        return runAs.get(2);
    }

    /** {@code runuser -u <user> --} when root, since initdb and postgres refuse to run as root. */
    private static List<String> runAsPrefix() {
        if (!runningAsRoot()) {
            return List.of();
        }
        String user = osUserExists("postgres") ? "postgres" : "nobody";
        return List.of("runuser", "-u", user, "--");
    }

    private static boolean runningAsRoot() {
        if ("root".equals(System.getProperty("user.name"))) {
            return true;
        }
        try {
            // /proc/self belongs to the effective user of the process reading it.
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean osUserExists(String user) {
        try (Stream<String> passwd = Files.lines(Path.of("/etc/passwd"))) {
            return passwd.anyMatch(line -> line.startsWith(user + ":"));
        } catch (IOException e) {
            return false;
        }
    }

    /** PostgreSQL 15 if installed, else the newest major version found. */
    private static Path findBinaries() {
        Path preferred = BINARIES_ROOT.resolve(PREFERRED_MAJOR).resolve("bin");
        if (Files.isExecutable(preferred.resolve("pg_ctl"))) {
            return preferred;
        }
        try (Stream<Path> versions = Files.list(BINARIES_ROOT)) {
            return versions
                    .filter(dir -> dir.getFileName().toString().matches("\\d+"))
                    .filter(dir -> Files.isExecutable(dir.resolve("bin").resolve("pg_ctl")))
                    .max(Comparator.comparingInt(dir -> Integer.parseInt(dir.getFileName().toString())))
                    .map(dir -> dir.resolve("bin"))
                    .orElseThrow(PostgresServer::notInstalled);
        } catch (IOException e) {
            throw notInstalled();
        }
    }

    private static IllegalStateException notInstalled() {
        return new IllegalStateException("No PostgreSQL binaries under " + BINARIES_ROOT
                + "/<version>/bin; install them with: apt-get install postgresql");
    }
}
