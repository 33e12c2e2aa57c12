package org.takedown.matching.index.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * OpenSearch's REST API over the JDK's HTTP client, JSON by Jackson: the few calls the data set index makes
 * (create an index, bulk, search, count, aliases), each a JSON body in and a JSON tree out. Requests go to the
 * given nodes in turn; a node that cannot be reached is skipped for the next one. A secured cluster (the OpenSearch
 * operator's, with the security plugin) is reached over HTTPS trusting its CA and with a user of its own
 * ({@link Access}).
 */
public final class OpenSearchHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final List<URI> nodes;
    private final HttpClient client;
    private final ObjectMapper json;
    private final AtomicInteger next = new AtomicInteger();
    private final Optional<String> authorization;

    /**
     * How to reach a secured cluster: a user (HTTP basic authentication) and the PEM file of the CA its HTTPS
     * certificates are signed with (none: the JVM's trust store). All empty: an open cluster, as in the dev stack.
     */
    public record Access(Optional<String> username, Optional<String> password, Optional<String> caCertificate) {

        public static final Access NONE = new Access(Optional.empty(), Optional.empty(), Optional.empty());

        public Access {
            if (username.isPresent() != password.isPresent()) {
                throw new IllegalArgumentException("an OpenSearch user needs both a username and a password");
            }
        }

        /**
         * From the environment variables that also configure the service ({@code TAKEDOWN_MATCHING_OPENSEARCH_USERNAME},
         * {@code _PASSWORD}, {@code _CA_CERTIFICATE}), for the command-line tools run beside it.
         */
        public static Access fromEnvironment(Map<String, String> environment) {
            return new Access(nonBlank(environment.get("TAKEDOWN_MATCHING_OPENSEARCH_USERNAME")),
                    nonBlank(environment.get("TAKEDOWN_MATCHING_OPENSEARCH_PASSWORD")),
                    nonBlank(environment.get("TAKEDOWN_MATCHING_OPENSEARCH_CA_CERTIFICATE")));
        }

        @Override
        public String toString() {
            return "Access[username=" + username.orElse("(none)") + ", password=" + password.map(p -> "(set)").orElse("(none)")
                    + ", caCertificate=" + caCertificate.orElse("(the JVM's)") + "]";
        }

        private static Optional<String> nonBlank(String value) {
            return Optional.ofNullable(value).filter(v -> !v.isBlank());
        }
    }

    /** @param nodes the nodes' HTTP addresses, e.g. {@code http://127.0.0.1:9200} */
    public OpenSearchHttp(List<String> nodes, ObjectMapper json) {
        this(nodes, json, Access.NONE);
    }

    /** @param nodes the nodes' addresses, e.g. {@code https://takedown-search:9200} */
    public OpenSearchHttp(List<String> nodes, ObjectMapper json, Access access) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no OpenSearch node given");
        }
        this.nodes = nodes.stream().map(n -> URI.create(n.endsWith("/") ? n : n + "/")).toList();
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        access.caCertificate().ifPresent(ca -> client.sslContext(trusting(Path.of(ca))));
        this.client = client.build();
        this.json = json;
        this.authorization = access.username().map(user -> "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + access.password().orElseThrow()).getBytes(StandardCharsets.UTF_8)));
    }

    /** A TLS context that trusts exactly the certificates in the PEM file (the cluster's CA), not the JVM's. */
    static SSLContext trusting(Path pemFile) {
        try (var in = Files.newInputStream(pemFile)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + n++, certificate);
            }
            if (n == 0) {
                throw new IllegalArgumentException("no certificate in " + pemFile + ": give the PEM file of the cluster's CA");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenSearch CA certificate " + pemFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a usable CA certificate: " + pemFile + " (" + e.getMessage() + ")", e);
        }
    }

    private HttpRequest.Builder request(URI node, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve(path)).timeout(TIMEOUT);
        authorization.ifPresent(value -> request.header("Authorization", value));
        return request;
    }

    public ObjectMapper json() {
        return json;
    }

    /** Sends {@code body} (null: none) and returns the answer; an error status is an {@link OpenSearchException}. */
    public JsonNode send(String method, String path, Object body) {
        String text;
        try {
            text = body == null ? null : body instanceof String s ? s : json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(method, path, text, "application/json");
    }

    /** A {@code _bulk} request of newline-delimited JSON. */
    public JsonNode bulk(String path, String ndjson) {
        return send("POST", path, ndjson, "application/x-ndjson");
    }

    /** Whether {@code path} answers 200 to HEAD (an index or alias exists). */
    public boolean exists(String path) {
        return status("HEAD", path) == 200;
    }

    private int status(String method, String path) {
        IOException last = null;
        for (int attempt = 0; attempt < nodes.size(); attempt++) {
            URI node = nodes.get(Math.floorMod(next.getAndIncrement(), nodes.size()));
            try {
                return client.send(request(node, path)
                        .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new UncheckedIOException("no OpenSearch node answers " + nodes, last);
    }

    private JsonNode send(String method, String path, String body, String contentType) {
        IOException last = null;
        for (int attempt = 0; attempt < nodes.size(); attempt++) {
            URI node = nodes.get(Math.floorMod(next.getAndIncrement(), nodes.size()));
            HttpRequest.Builder request = request(node, path)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (body != null) {
                request.header("Content-Type", contentType);
            }
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                last = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            JsonNode answer;
            try {
                answer = response.body().length == 0 ? json.createObjectNode() : json.readTree(response.body());
            } catch (IOException e) {
                throw new OpenSearchException(response.statusCode(), method + " " + path + ": not JSON");
            }
            if (response.statusCode() >= 300) {
                JsonNode error = answer.path("error");
                String reason = error.isObject() ? error.path("type").asText() + ": " + error.path("reason").asText()
                        : error.asText();
                throw new OpenSearchException(response.statusCode(), method + " " + path + " -> " + reason);
            }
            return answer;
        }
        throw new UncheckedIOException("no OpenSearch node answers " + nodes, last);
    }

    /** OpenSearch answered with an error status. */
    public static final class OpenSearchException extends RuntimeException {
        private final int status;

        OpenSearchException(int status, String message) {
            super("OpenSearch " + status + ": " + message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
