package org.takedown.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the repository says about the services: their configuration, the keys they require, their image names. */
public final class Project {

    /** Keys every service needs from its environment (no default on purpose: no host names or credentials in the code). */
    static final List<String> INFRASTRUCTURE_KEYS = List.of(
            "quarkus.datasource.jdbc.url", "quarkus.datasource.username", "quarkus.datasource.password", "kafka.bootstrap.servers");

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    private static final Pattern METHOD = Pattern.compile("^\\s*([\\w.<>, ?]+?)\\s+(\\w+)\\(\\)\\s*;", Pattern.MULTILINE);

    private final Path root;

    public Project(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path k8s() {
        return root.resolve("k8s");
    }

    /** The service modules, by directory name under services/. */
    public List<String> services() {
        try (Stream<Path> dirs = Files.list(root.resolve("services"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml"))).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The service's application.properties, all profiles as written ({@code %local.x} stays a key of its own). */
    public Properties properties(String service) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(root.resolve("services/" + service + "/src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    public String applicationName(String service) {
        return properties(service).getProperty("quarkus.application.name", service);
    }

    /**
     * Keys the service cannot start without: the infrastructure keys, and every member of its
     * {@code @ConfigMapping} interfaces (and those of shared/messaging) that has neither a default
     * nor an Optional or Map type. Map members are open-ended; where one must have an entry the
     * caller names it.
     */
    public List<String> requiredKeys(String service) {
        return REQUIRED_KEYS.computeIfAbsent(root.toAbsolutePath().normalize() + " " + service, k -> readRequiredKeys(service));
    }

    /** Sources do not change during a build; the overlays and the broken copies ask again and again. */
    private static final java.util.Map<String, List<String>> REQUIRED_KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    private List<String> readRequiredKeys(String service) {
        TreeSet<String> keys = new TreeSet<>(INFRASTRUCTURE_KEYS);
        for (Path sources : List.of(root.resolve("services/" + service + "/src/main/java"), root.resolve("shared/messaging/src/main/java"))) {
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    keys.addAll(requiredKeysOf(Files.readString(file)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(keys);
    }

    /**
     * Required members of each {@code @ConfigMapping} interface in one source file: its top level,
     * and the members of nested interfaces it returns as groups (e.g. {@code Circuit circuit();} →
     * {@code prefix.circuit.*}); maps of nested interfaces are optional as a whole.
     */
    static List<String> requiredKeysOf(String source) {
        List<String> keys = new ArrayList<>();
        Matcher mapping = MAPPING.matcher(source);
        while (mapping.find()) {
            int open = source.indexOf('{', mapping.end());
            requiredMembers(source, topLevel(source, open), mapping.group(1), keys, 0);
        }
        return keys;
    }

    private static void requiredMembers(String source, String body, String prefix, List<String> keys, int depth) {
        Matcher method = METHOD.matcher(body);
        int previousEnd = 0;
        while (method.find()) {
            String preamble = body.substring(previousEnd, method.start());
            previousEnd = method.end();
            String type = method.group(1).trim();
            if (preamble.contains("@WithDefault") || type.startsWith("Optional") || type.startsWith("Map")
                    || type.contains(" default ")) {
                continue;
            }
            String key = prefix + "." + kebab(method.group(2));
            Matcher group = Pattern.compile("\\binterface\\s+" + Pattern.quote(type) + "\\s*\\{").matcher(source);
            if (depth < 4 && type.matches("\\w+") && group.find()) {
                requiredMembers(source, topLevel(source, group.end() - 1), key, keys, depth + 1);
            } else {
                keys.add(key);
            }
        }
    }

    /** The interface body from its opening brace, with nested blocks blanked out. */
    private static String topLevel(String source, int open) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (int i = open; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '{') {
                depth++;
                if (depth == 1) {
                    continue;
                }
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    break;
                }
            }
            out.append(depth == 1 || c == '\n' ? c : ' ');
        }
        // A nested block leaves its header behind ("interface Vendor "); cut it to a statement end.
        return out.toString().replaceAll("(?m)^[^;\\n]*\\binterface\\b[^;\\n]*$", ";");
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    /** Does the service's pom declare this dependency (directly; versions come from the BOM)? */
    public boolean dependsOn(String service, String groupId, String artifactId) {
        try {
            String pom = Files.readString(root.resolve("services/" + service + "/pom.xml"));
            return Pattern.compile("<groupId>\\s*" + Pattern.quote(groupId) + "\\s*</groupId>\\s*<artifactId>\\s*"
                    + Pattern.quote(artifactId) + "\\s*</artifactId>").matcher(pom.replaceAll("(?s)<!--.*?-->", "")).find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Jib profile's image group in the root pom ({@code quarkus.container-image.group}). */
    public String imageGroup() {
        try {
            Matcher group = Pattern.compile("<quarkus.container-image.group>([^<]+)</quarkus.container-image.group>")
                    .matcher(Files.readString(root.resolve("pom.xml")));
            if (!group.find()) {
                throw new IllegalStateException("root pom.xml sets no quarkus.container-image.group");
            }
            return group.group(1).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
