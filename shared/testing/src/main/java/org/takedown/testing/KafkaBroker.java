package org.takedown.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real Apache Kafka broker (KRaft, one combined broker and controller node) in its own JVM.
 * <p>
 * A separate process rather than an in-JVM test kit: the broker can then be stopped and
 * started again on the same port and log directory, which is how tests prove that nothing
 * accepted while Kafka was down is lost; and its Scala dependencies stay off the class path of
 * the service under test. Files in the work directory: {@code server.properties},
 * {@code logging.properties}, {@code data/} (the log directory) and {@code kafka.log}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "broker.classpath";
    private static final String LOGGING_RESOURCE = "broker-logging.properties";
    /** Logged by kafka.server.KafkaRaftServer once the broker serves clients. */
    private static final String STARTED_MESSAGE = "Kafka Server started";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);

    private final Path workDir;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBroker(Path workDir, int port, int controllerPort) {
        this.workDir = workDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * Starts a broker on 127.0.0.1:{@code port} ({@code 0}: a free port). A log directory
     * already formatted in {@code workDir} is reused with its data.
     */
    public static KafkaBroker start(Path workDir, int port) {
        for (int attempt = 1; ; attempt++) {
            int brokerPort = port == 0 ? Ports.freeLoopbackPort() : port;
            int controllerPort = Ports.freeLoopbackPort();
            KafkaBroker broker = new KafkaBroker(workDir.toAbsolutePath(), brokerPort, controllerPort);
            try {
                broker.start();
                return broker;
            } catch (Ports.PortInUseException e) {
                // A port picked as free was taken before the broker bound it: pick others.
                boolean ourPick = e.port() == controllerPort || port == 0;
                if (!ourPick || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Starts the broker again after {@link #stop()}: same port, same log directory, same data. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        Ports.requireFree(port, "Kafka");
        Ports.requireFree(controllerPort, "Kafka controller");
        try {
            Files.createDirectories(workDir);
            writeConfiguration();
            formatStorageOnce();
            long logOffset = LogFiles.size(logFile());
            process = launch("kafka.Kafka", serverProperties().toString());
            awaitStarted(logOffset);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Kafka in " + workDir, e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The broker JVM's process id, while it runs. */
    public synchronized long pid() {
        if (!isRunning()) {
            throw new IllegalStateException("Kafka is not running");
        }
        return process.pid();
    }

    public Path logFile() {
        return workDir.resolve("kafka.log");
    }

    /** Creates the topics that do not exist yet (replication factor 1: there is one broker). */
    public void createTopics(Collection<String> names, int partitions) {
        createTopics(bootstrapServers(), names, partitions);
    }

    static void createTopics(String bootstrapServers, Collection<String> names, int partitions) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "takedown-testing");
        try (Admin admin = KafkaClients.create(() -> Admin.create(config))) {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<NewTopic> missing = names.stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, partitions, (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(ADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            // Another caller (or auto-creation) won the race: the topic exists, which is all we want.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topics on " + bootstrapServers, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    /** Graceful stop (SIGTERM: the broker flushes its logs and closes its segments), waits for exit. */
    public synchronized void stop() {
        if (process != null) {
            Processes.stop(process, STOP_TIMEOUT);
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void writeConfiguration() throws IOException {
        Files.writeString(serverProperties(), String.join("\n",
                "# Written by org.takedown.testing.KafkaBroker on every start.",
                "process.roles=broker,controller",
                "node.id=1",
                // Static voters: the controller port may differ between runs over the same data.
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir(),
                "num.partitions=6",
                "auto.create.topics.enable=true",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                // Fewer internal partitions than the default 50: less to load on a two-core machine.
                "offsets.topic.num.partitions=6",
                "transaction.state.log.num.partitions=6",
                // Consumers join at once instead of waiting 3 s for more members.
                "group.initial.rebalance.delay.ms=0",
                ""), StandardCharsets.UTF_8);
        try (InputStream logging = resource(LOGGING_RESOURCE)) {
            Files.copy(logging, loggingProperties(), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void formatStorageOnce() throws IOException {
        if (Files.exists(dataDir().resolve("meta.properties"))) {
            return;
        }
        Process format = launch("kafka.tools.StorageTool", "format",
                "--cluster-id", Uuid.randomUuid().toString(),
                "--config", serverProperties().toString(),
                "--ignore-formatted");
        try {
            if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw failure("Formatting the Kafka log directory failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while formatting Kafka storage", e);
        }
    }

    private Process launch(String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx512m",
                "-XX:+UseSerialGC",
                "-Djava.awt.headless=true",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dlogging.configuration=" + loggingProperties().toUri(),
                "@" + classPathArgumentFile(),
                mainClass));
        command.addAll(List.of(args));
        // A marker per launch: the log is appended across restarts and read back on failures.
        Files.writeString(logFile(), "=== " + Instant.now() + " " + mainClass + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .start();
    }

    /**
     * The class path goes into an argument file: on the command line its 60 jars would push the
     * main class beyond the 4 KB that {@code ps} and {@code ProcessHandle.Info} show.
     */
    private Path classPathArgumentFile() throws IOException {
        return Files.writeString(workDir.resolve("classpath.args"), "-cp \"" + brokerClassPath() + "\"\n", StandardCharsets.UTF_8);
    }

    private void awaitStarted(long logOffset) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!LogFiles.containsAfter(logFile(), logOffset, STARTED_MESSAGE)) {
            if (!process.isAlive()) {
                throw failure("Kafka exited during start with code " + process.exitValue());
            }
            if (System.nanoTime() > deadline) {
                throw failure("Kafka did not start within " + START_TIMEOUT);
            }
            sleep(100);
        }
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException(what + " (port " + port + ", work dir " + workDir + "). Last lines of "
                + logFile() + ":\n" + LogFiles.tail(logFile(), 40));
    }

    /** Absolute jar paths written at build time by maven-dependency-plugin:build-classpath. */
    private static String brokerClassPath() throws IOException {
        try (InputStream in = resource(CLASSPATH_RESOURCE)) {
            String classPath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            String missing = List.of(classPath.split(File.pathSeparator)).stream()
                    .filter(jar -> !Files.exists(Path.of(jar)))
                    .findFirst().orElse(null);
            if (missing != null) {
                throw new IllegalStateException("The Kafka broker class path names a missing jar " + missing
                        + "; rebuild shared/testing (mvn -B install -pl shared/testing)");
            }
            return classPath;
        }
    }

    private static InputStream resource(String name) {
        InputStream in = KafkaBroker.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Missing class-path resource org/takedown/testing/" + name
                    + "; rebuild shared/testing (mvn -B install -pl shared/testing)");
        }
        return in;
    }

    private Path serverProperties() {
        return workDir.resolve("server.properties");
    }

    private Path loggingProperties() {
        return workDir.resolve("logging.properties");
    }

    private Path dataDir() {
        return workDir.resolve("data");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
    }
}
