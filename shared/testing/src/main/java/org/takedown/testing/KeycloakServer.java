package org.takedown.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Keycloak (the {@code keycloak-quarkus-dist} archive from Maven Central, resolved at build
 * time) in dev mode with an in-memory database, on a loopback port, with the {@code takedown}
 * realm imported from the repository's realm definition.
 *
 * <p>The archive is unpacked once per machine into {@code ~/.cache/takedown/keycloak-<version>};
 * Keycloak's first start there builds its server (about a minute on two cores), later starts take
 * about half that. Realm and users are imported through the admin REST API right after start, with
 * the placeholders of the realm file ({@code ${NAME}}) filled in from a map: the same file serves
 * the Keycloak operator's {@code KeycloakRealmImport}, whose placeholders come from secrets.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String REALM = "takedown";
    /** The audience every Takedown token carries and every service checks. */
    public static final String AUDIENCE = "takedown-api";
    /** Password of the demo users in the dev stack and in tests (never in a production realm). */
    public static final String DEMO_PASSWORD = "takedown-demo";

    private static final String DIST_RESOURCE = "keycloak.properties";
    private static final String REALM_RESOURCE = "keycloak/takedown-realm.json";
    private static final String USERS_RESOURCE = "keycloak/takedown-demo-users.json";
    private static final String ADMIN_USER = "admin";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDir;
    private final int port;
    private final String adminPassword;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private KeycloakServer(Path workDir, int port, String adminPassword) {
        this.workDir = workDir;
        this.port = port;
        this.adminPassword = adminPassword;
    }

    /**
     * Starts Keycloak on 127.0.0.1:{@code port} ({@code 0}: a free port) and imports the realm with
     * the given placeholder values (see {@link #devPlaceholders(String)}).
     */
    public static KeycloakServer start(Path workDir, int port, Map<String, String> placeholders) {
        int httpPort = port == 0 ? Ports.freeLoopbackPort() : port;
        if (port != 0) {
            Ports.requireFree(port, "Keycloak");
        }
        KeycloakServer server = new KeycloakServer(workDir.toAbsolutePath(), httpPort, AccessSecrets.random());
        try {
            server.launch();
            server.awaitReady();
            server.importRealm(placeholders);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Placeholder values for a developer machine and tests: fixed, documented client secrets
     * ({@code dev-<client>-secret}), the demo users' password, and where the console runs.
     */
    public static Map<String, String> devPlaceholders(String consoleUrl) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String client : List.of("intake", "verification", "matching", "review", "propagation", "console")) {
            values.put("TAKEDOWN_" + client.toUpperCase() + "_CLIENT_SECRET", devSecret("takedown-" + client));
        }
        for (String vendor : List.of("acme", "globex")) {
            values.put("TAKEDOWN_VENDOR_" + vendor.toUpperCase() + "_CLIENT_SECRET", devSecret("vendor-" + vendor));
        }
        values.put("TAKEDOWN_CONSOLE_URL", consoleUrl);
        values.put("TAKEDOWN_DEMO_PASSWORD", DEMO_PASSWORD);
        return values;
    }

    /** The secret of a realm client on a developer machine and in tests. */
    public static String devSecret(String clientId) {
        return "dev-" + clientId + "-secret";
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The issuer of the takedown realm's tokens, as services must be configured with it. */
    public String realmUrl() {
        return url() + "/realms/" + REALM;
    }

    public String tokenEndpoint() {
        return realmUrl() + "/protocol/openid-connect/token";
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return workDir.resolve("keycloak.log");
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The Keycloak JVM's process id, while it runs (kc.sh execs java, so this is the server itself). */
    public synchronized long pid() {
        if (!isRunning()) {
            throw new IllegalStateException("Keycloak is not running");
        }
        return process.pid();
    }

    /**
     * Adds a client through the admin API (for tests: e.g. a client that may use the password
     * grant, or one whose tokens lack the Takedown audience); the JSON is a Keycloak
     * ClientRepresentation. Idempotent by client id.
     */
    public void addClient(String clientRepresentation) {
        try {
            String clientId = JSON.readTree(clientRepresentation).path("clientId").asText();
            String existing = send(admin("GET", "/admin/realms/" + REALM + "/clients?clientId=" + encode(clientId), null), 200);
            if (JSON.readTree(existing).isEmpty()) {
                send(admin("POST", "/admin/realms/" + REALM + "/clients", clientRepresentation), 201);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds login and post-logout redirect URIs to a client of the takedown realm (tests: consoles on free ports). */
    public void addRedirectUris(String clientId, List<String> uris) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode client = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
                    send(admin("GET", "/admin/realms/" + REALM + "/clients?clientId=" + encode(clientId), null), 200)).get(0);
            com.fasterxml.jackson.databind.node.ArrayNode redirects = client.withArray("redirectUris");
            uris.forEach(redirects::add);
            // Where the browser may return after logging out: the same places ("##" separates them).
            com.fasterxml.jackson.databind.node.ObjectNode attributes = client.with("attributes");
            String postLogout = attributes.path("post.logout.redirect.uris").asText("");
            for (String uri : uris) {
                postLogout = postLogout.isEmpty() ? uri : postLogout + "##" + uri;
            }
            attributes.put("post.logout.redirect.uris", postLogout);
            send(admin("PUT", "/admin/realms/" + REALM + "/clients/" + client.get("id").asText(), JSON.writeValueAsString(client)), 204);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates another realm from a RealmRepresentation (tests: a second issuer); idempotent by name. */
    public void addRealm(String realmRepresentation) {
        try {
            String name = JSON.readTree(realmRepresentation).path("realm").asText();
            HttpResponse<String> existing = sendRaw(admin("GET", "/admin/realms/" + encode(name), null));
            if (existing.statusCode() == 404) {
                send(admin("POST", "/admin/realms", realmRepresentation), 201);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Assigns realm roles to a client's service account (for clients added by {@link #addClient}). */
    public void grantServiceAccountRoles(String clientId, List<String> roles) {
        try {
            JsonNode client = JSON.readTree(send(admin("GET", "/admin/realms/" + REALM + "/clients?clientId=" + encode(clientId), null), 200)).get(0);
            JsonNode user = JSON.readTree(send(admin("GET", "/admin/realms/" + REALM + "/clients/" + client.get("id").asText()
                    + "/service-account-user", null), 200));
            List<JsonNode> representations = new ArrayList<>();
            for (String role : roles) {
                representations.add(JSON.readTree(send(admin("GET", "/admin/realms/" + REALM + "/roles/" + encode(role), null), 200)));
            }
            send(admin("POST", "/admin/realms/" + REALM + "/users/" + user.get("id").asText() + "/role-mappings/realm",
                    JSON.writeValueAsString(representations)), 204);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, then SIGKILL after a grace period; the in-memory realm goes with it. */
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

    private void launch() {
        Path home = Distribution.home();
        try {
            Files.createDirectories(workDir);
            Files.writeString(logFile(), "=== " + Instant.now() + " Keycloak on port " + port + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--db=dev-mem",
                    "--http-host=127.0.0.1",
                    "--http-port=" + port,
                    "--http-management-port=" + Ports.freeLoopbackPort(),
                    "--hostname-strict=false",
                    "--cache=local",
                    "--log-level=WARN,org.keycloak.services:ERROR"))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
            Map<String, String> env = builder.environment();
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            // Small heap, quick JIT: start-up dominates a test run's use of Keycloak on two cores.
            env.put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx768m");
            env.put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Keycloak from " + home, e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        URI probe = URI.create(url() + "/realms/master/.well-known/openid-configuration");
        while (true) {
            if (!process.isAlive()) {
                throw failure("Keycloak exited during start with code " + process.exitValue());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
            }
            if (System.nanoTime() > deadline) {
                throw failure("Keycloak did not answer within " + START_TIMEOUT);
            }
            sleep(Duration.ofMillis(250));
        }
    }

    private void importRealm(Map<String, String> placeholders) {
        String realm = fill(resource(REALM_RESOURCE), placeholders);
        send(admin("POST", "/admin/realms", realm), 201);
        try {
            for (JsonNode user : JSON.readTree(fill(resource(USERS_RESOURCE), placeholders)).get("users")) {
                send(admin("POST", "/admin/realms/" + REALM + "/users", JSON.writeValueAsString(withoutRoles(user))), 201);
                JsonNode created = JSON.readTree(send(admin("GET", "/admin/realms/" + REALM + "/users?exact=true&username="
                        + encode(user.get("username").asText()), null), 200)).get(0);
                List<JsonNode> roles = new ArrayList<>();
                for (JsonNode role : user.path("realmRoles")) {
                    roles.add(JSON.readTree(send(admin("GET", "/admin/realms/" + REALM + "/roles/" + encode(role.asText()), null), 200)));
                }
                send(admin("POST", "/admin/realms/" + REALM + "/users/" + created.get("id").asText() + "/role-mappings/realm",
                        JSON.writeValueAsString(roles)), 204);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot import the demo users", e);
        }
    }

    /** Users created through the admin API ignore realmRoles; they are mapped afterwards. */
    private static JsonNode withoutRoles(JsonNode user) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = user.deepCopy();
        copy.remove("realmRoles");
        return copy;
    }

    /** Fills every {@code ${NAME}}; a placeholder without a value is an error, not an empty secret. */
    static String fill(String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("No value for placeholder ${" + matcher.group(1) + "} of the realm definition");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private HttpRequest admin(String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json");
        return builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private String adminToken() {
        String form = "grant_type=password&client_id=admin-cli&username=" + ADMIN_USER + "&password=" + encode(adminPassword);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/realms/master/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            return JSON.readTree(send(request, 200)).get("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String send(HttpRequest request, int expected) {
        HttpResponse<String> response = sendRaw(request);
        if (response.statusCode() != expected) {
            throw new IllegalStateException("Keycloak answered " + response.statusCode() + " to " + request.method() + " "
                    + request.uri().getPath() + ": " + response.body());
        }
        return response.body();
    }

    private HttpResponse<String> sendRaw(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak at " + url() + " did not answer " + request.method() + " " + request.uri().getPath(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while talking to Keycloak", e);
        }
    }

    private IllegalStateException failure(String message) {
        return new IllegalStateException(message + "; last lines of " + logFile() + ":\n" + LogFiles.tail(logFile(), 40));
    }

    private static String resource(String name) {
        try (InputStream in = KeycloakServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource org/takedown/testing/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** The unpacked Keycloak distribution, shared by every server started on this machine. */
    static final class Distribution {

        private Distribution() {
        }

        static synchronized Path home() {
            Properties dist = new Properties();
            try (InputStream in = KeycloakServer.class.getResourceAsStream(DIST_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("Missing resource org/takedown/testing/" + DIST_RESOURCE + ": rebuild shared/testing");
                }
                dist.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String version = dist.getProperty("version");
            Path archive = Path.of(dist.getProperty("archive"));
            Path cache = Path.of(System.getProperty("user.home"), ".cache", "takedown");
            Path home = cache.resolve("keycloak-" + version);
            if (Files.isExecutable(home.resolve("bin/kc.sh"))) {
                return home;
            }
            if (!Files.isRegularFile(archive)) {
                throw new IllegalStateException("Keycloak archive " + archive + " is missing: run `mvn -pl shared/testing install` online once");
            }
            try {
                Files.createDirectories(cache);
                // Another JVM (a parallel build, the dev stack) may be unpacking the same version.
                try (FileChannel channel = FileChannel.open(cache.resolve("keycloak-" + version + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock lock = channel.lock()) {
                    if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
                        unpack(archive, cache, home, version);
                    }
                }
                return home;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot unpack " + archive + " into " + cache, e);
            }
        }

        /** With tar (not the JDK's zip support, nor Maven's unpack, which truncates long names). */
        private static void unpack(Path archive, Path cache, Path home, String version) throws IOException {
            Path staging = Files.createTempDirectory(cache, "unpacking-");
            try {
                Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", staging.toString())
                        .redirectErrorStream(true).start();
                String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                    throw new IllegalStateException("tar could not unpack " + archive + ": " + output);
                }
                Path unpacked = staging.resolve("keycloak-" + version);
                if (!Files.isDirectory(unpacked)) {
                    try (var entries = Files.list(staging)) {
                        throw new IllegalStateException("Unexpected layout of " + archive + ": "
                                + entries.map(Path::toString).collect(Collectors.joining(", ")));
                    }
                }
                Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while unpacking Keycloak", e);
            } finally {
                WorkDirs.deleteRecursively(staging);
            }
        }
    }

    /** The bootstrap admin's password: random per start, it never leaves this process. */
    private static final class AccessSecrets {

        private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

        static String random() {
            byte[] bytes = new byte[18];
            RANDOM.nextBytes(bytes);
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }
}
