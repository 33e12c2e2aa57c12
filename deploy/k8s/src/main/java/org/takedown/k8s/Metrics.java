package org.takedown.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus metric names the services expose: their own Micrometer meters, read from the sources
 * ({@code Gauge|MultiGauge|Timer|Counter|DistributionSummary.builder("takedown.…")} and its
 * {@code baseUnit}), named the way Micrometer's Prometheus registry names them, plus the library
 * meters that alerts and the dashboard use. Queries in PrometheusRules and the Grafana dashboard may
 * name only these.
 */
public final class Metrics {

    /** Meters from Quarkus and the Kafka client binder that rules and the dashboard may use (docs/operations.md). */
    static final Set<String> LIBRARY = Set.of(
            "http_server_requests_seconds_count", "http_server_requests_seconds_sum", "http_server_requests_seconds_max",
            "kafka_consumer_fetch_manager_records_lag_max", "kafka_consumer_fetch_manager_records_lag",
            "up");

    private static final Pattern BUILDER = Pattern.compile(
            "\\b(Gauge|MultiGauge|Timer|Counter|DistributionSummary)\\.builder\\(\\s*\"(takedown\\.[a-z0-9.]+)\"(.{0,600}?);",
            Pattern.DOTALL);
    private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\"([a-z]+)\"\\)");
    /** Metric names in a PromQL expression: identifiers before a selector, a range or a grouping. */
    static final Pattern METRIC = Pattern.compile("\\b((?:takedown|http|kafka|jvm|process|agroal)_[a-z0-9_]+|up)\\b");

    private Metrics() {
    }

    /** Every series name the services expose themselves (with _count, _sum, _max, _bucket, _total as Micrometer adds them). */
    private static final java.util.Map<Path, Set<String>> EXPOSED = new java.util.concurrent.ConcurrentHashMap<>();

    public static Set<String> exposed(Path root) {
        return EXPOSED.computeIfAbsent(root.toAbsolutePath().normalize(), Metrics::read);
    }

    private static Set<String> read(Path root) {
        Set<String> names = new TreeSet<>(LIBRARY);
        for (String dir : List.of("services", "shared")) {
            try (Stream<Path> modules = Files.list(root.resolve(dir))) {
                for (Path sources : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                    try (Stream<Path> files = Files.walk(sources)) {
                        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                            names.addAll(of(Files.readString(file)));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    static Set<String> of(String source) {
        Set<String> names = new TreeSet<>();
        Matcher builder = BUILDER.matcher(source);
        while (builder.find()) {
            String base = builder.group(2).replace('.', '_');
            Matcher unit = BASE_UNIT.matcher(builder.group(3));
            switch (builder.group(1)) {
                case "Timer" -> {
                    for (String suffix : List.of("_count", "_sum", "_max", "_bucket")) {
                        names.add(base + "_seconds" + suffix);
                    }
                }
                case "Counter" -> names.add(base + "_total");
                case "DistributionSummary" -> {
                    String name = unit.find() ? withUnit(base, unit.group(1)) : base;
                    for (String suffix : List.of("_count", "_sum", "_max", "_bucket")) {
                        names.add(name + suffix);
                    }
                }
                default -> names.add(unit.find() ? withUnit(base, unit.group(1)) : base);
            }
        }
        return names;
    }

    private static String withUnit(String base, String unit) {
        return base.endsWith("_" + unit) ? base : base + "_" + unit;
    }

    /** The metric names a PromQL expression reads. */
    public static Set<String> referenced(String expression) {
        Set<String> names = new TreeSet<>();
        Matcher metric = METRIC.matcher(expression);
        while (metric.find()) {
            names.add(metric.group(1));
        }
        return names;
    }
}
