package org.takedown.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where the CLI finds Keycloak, the services and Kafka, and where it keeps the operator's tokens. Each setting comes
 * from, in this order: an environment variable ({@code TAKEDOWN_MATCHING_URL}), the file {@code config.properties} in
 * the configuration directory ({@code matching-url=…}), the dev stack's address (docs/operations.md). Keys starting
 * with {@code kafka.} in the file are handed to the Kafka clients unchanged (TLS settings on Kubernetes).
 */
public record CliSettings(Path configDir, Map<String, String> values, Properties kafka) {

    /** Defaults: the dev stack of deploy/local. */
    static final Map<String, String> DEFAULTS = Map.of(
            "keycloak-url", "http://127.0.0.1:8180",
            "realm", "takedown",
            "client-id", "takedown-cli",
            "intake-url", "http://127.0.0.1:8081",
            "verification-url", "http://127.0.0.1:8082",
            "matching-url", "http://127.0.0.1:8083",
            "review-url", "http://127.0.0.1:8084",
            "propagation-url", "http://127.0.0.1:8085",
            "kafka-bootstrap-servers", "127.0.0.1:9092");

    /** The settings of this process: environment, then the configuration file, then the defaults. */
    public static CliSettings fromEnvironment() {
        Map<String, String> env = System.getenv();
        Path dir = configDir(env);
        Properties file = new Properties();
        Path path = dir.resolve("config.properties");
        if (Files.isRegularFile(path)) {
            try (Reader reader = Files.newBufferedReader(path)) {
                file.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + path, e);
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        Properties kafka = new Properties();
        for (String key : DEFAULTS.keySet()) {
            String fromEnv = env.get("TAKEDOWN_" + key.toUpperCase().replace('-', '_'));
            values.put(key, fromEnv != null ? fromEnv : file.getProperty(key, DEFAULTS.get(key)));
        }
        for (String name : file.stringPropertyNames()) {
            if (name.startsWith("kafka.")) {
                kafka.setProperty(name.substring("kafka.".length()), file.getProperty(name));
            }
        }
        return new CliSettings(dir, values, kafka);
    }

    /** Explicit settings (tests, scripts): the defaults overridden by {@code overrides}. */
    public static CliSettings of(Path configDir, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        overrides.forEach((key, value) -> {
            if (!DEFAULTS.containsKey(key)) {
                throw new IllegalArgumentException("unknown setting " + key + "; known: " + DEFAULTS.keySet());
            }
            values.put(key, value);
        });
        return new CliSettings(configDir, values, new Properties());
    }

    /** {@code $TAKEDOWN_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/takedown}, else {@code ~/.config/takedown}. */
    static Path configDir(Map<String, String> env) {
        if (env.get("TAKEDOWN_CONFIG_DIR") != null) {
            return Path.of(env.get("TAKEDOWN_CONFIG_DIR"));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("takedown");
    }

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("unknown setting " + key);
        }
        return value;
    }

    /** The base URL of a service ({@code intake} … {@code propagation}), without a trailing slash. */
    public String serviceUrl(String service) {
        return stripSlash(get(service + "-url"));
    }

    /** {@code <keycloak-url>/realms/<realm>} */
    public String realmUrl() {
        return stripSlash(get("keycloak-url")) + "/realms/" + get("realm");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
