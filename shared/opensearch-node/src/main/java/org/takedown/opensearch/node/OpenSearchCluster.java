package org.takedown.opensearch.node;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real OpenSearch cluster of one or more nodes, with the k-NN plugin, in a JVM of its own: the nodes' class
 * path is OpenSearch's (resolved by this module's build and written to {@code node.classpath}), not the
 * caller's, so a Quarkus test keeps its own Jackson. The k-NN plugin's jars are unpacked from its zip into
 * the work directory. Everything listens on 127.0.0.1, on free ports unless told otherwise.
 *
 * <p>This class uses the JDK only: callers depend on this module with every dependency excluded.
 */
public final class OpenSearchCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path workDir;
    private final boolean deleteOnClose;
    private final Process process;
    private final List<Integer> httpPorts;
    private final Thread reaper;

    private OpenSearchCluster(Path workDir, boolean deleteOnClose, Process process, List<Integer> httpPorts) {
        this.workDir = workDir;
        this.deleteOnClose = deleteOnClose;
        this.process = process;
        this.httpPorts = httpPorts;
        this.reaper = new Thread(process::destroyForcibly, "opensearch-cluster-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts {@code nodes} nodes in a fresh temporary directory on free ports; {@link #close()} deletes it. */
    public static OpenSearchCluster start(int nodes) {
        try {
            return start(Files.createTempDirectory("takedown-opensearch-"), nodes, 0, 0, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code nodes} nodes with their data under {@code workDir}: node i (from 0) serves HTTP on
     * {@code httpPort + i} and transport on {@code transportPort + i} (0: free ports).
     */
    public static OpenSearchCluster start(Path workDir, int nodes, int httpPort, int transportPort, boolean deleteOnClose) {
        if (nodes < 1) {
            throw new IllegalArgumentException("at least one node, got " + nodes);
        }
        try {
            Path dir = Files.createDirectories(workDir.toAbsolutePath());
            Files.deleteIfExists(dir.resolve("ready"));
            Properties properties = resource("node.properties");
            List<String> classPath = new ArrayList<>(List.of(new String(resourceBytes("node.classpath"),
                    StandardCharsets.UTF_8).trim().split(File.pathSeparator)));
            classPath.add(0, codeSource());
            classPath.addAll(unpackPlugin(Path.of(properties.getProperty("knn.zip")), dir.resolve("knn")));
            int http = httpPort == 0 ? freePorts(nodes) : httpPort;
            int transport = transportPort == 0 ? freePorts(nodes) : transportPort;
            String clusterName = "takedown-" + Long.toHexString(System.nanoTime());
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xms256m", "-Xmx768m",
                    "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                    "-Dplugins=" + properties.getProperty("knn.plugin"),
                    "-cp", String.join(File.pathSeparator, classPath),
                    NodeMain.class.getName(), dir.toString(), clusterName, Integer.toString(nodes),
                    Integer.toString(http), Integer.toString(transport))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("opensearch.log").toFile()));
            Process process = builder.start();
            List<Integer> ports = awaitReady(process, dir);
            return new OpenSearchCluster(dir, deleteOnClose, process, ports);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start OpenSearch in " + workDir, e);
        }
    }

    /** The first node's HTTP address, e.g. {@code http://127.0.0.1:9200}. */
    public String httpUrl() {
        return httpUrls().get(0);
    }

    /** Every node's HTTP address. */
    public List<String> httpUrls() {
        return httpPorts.stream().map(p -> "http://127.0.0.1:" + p).toList();
    }

    public int nodes() {
        return httpPorts.size();
    }

    public Path logFile() {
        return workDir.resolve("opensearch.log");
    }

    /** The nodes' JVM's process id. */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close(); // NodeMain stops when its standard input closes
        } catch (IOException e) {
            // the process is gone already
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        if (deleteOnClose) {
            deleteRecursively(workDir);
        }
    }

    private static List<Integer> awaitReady(Process process, Path dir) throws IOException {
        Path ready = dir.resolve("ready");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(ready)) {
                return Files.readAllLines(ready).stream().map(String::trim).filter(s -> !s.isEmpty())
                        .map(Integer::valueOf).toList();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("OpenSearch exited with " + process.exitValue() + ":\n" + tail(dir));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while OpenSearch started", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("OpenSearch not ready within " + START_TIMEOUT + ":\n" + tail(dir));
    }

    private static String tail(Path dir) throws IOException {
        Path log = dir.resolve("opensearch.log");
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** The plugin's jars (without its slf4j, which the server brings itself) unpacked into {@code into}. */
    private static List<String> unpackPlugin(Path zip, Path into) throws IOException {
        Files.createDirectories(into);
        List<String> jars = new ArrayList<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(file.entries())) {
                String name = Path.of(entry.getName()).getFileName().toString();
                if (entry.isDirectory() || !name.endsWith(".jar") || name.startsWith("slf4j-")) {
                    continue;
                }
                Path target = into.resolve(name);
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                jars.add(target.toString());
            }
        }
        return jars;
    }

    /** {@code n} consecutive free loopback ports; returns the first. */
    private static int freePorts(int n) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                first = socket.getLocalPort();
            }
            if (first + n > 65535) {
                continue;
            }
            boolean free = true;
            for (int p = first + 1; p < first + n && free; p++) {
                try (ServerSocket socket = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                    free = true;
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IOException("no " + n + " consecutive free ports");
    }

    private static String codeSource() {
        try {
            return Path.of(OpenSearchCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Properties resource(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = new java.io.ByteArrayInputStream(resourceBytes(name))) {
            properties.load(in);
        }
        return properties;
    }

    private static byte[] resourceBytes(String name) throws IOException {
        try (InputStream in = OpenSearchCluster.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing: build shared/opensearch-node with Maven");
            }
            return in.readAllBytes();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
