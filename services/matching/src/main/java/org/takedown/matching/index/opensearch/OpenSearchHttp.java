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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * OpenSearch's REST API over the JDK's HTTP client, JSON by Jackson: the few calls the data set index makes
 * (create an index, bulk, search, count, aliases), each a JSON body in and a JSON tree out. Requests go to the
 * given nodes in turn; a node that cannot be reached is skipped for the next one.
 */
public final class OpenSearchHttp {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final List<URI> nodes;
    private final HttpClient client;
    private final ObjectMapper json;
    private final AtomicInteger next = new AtomicInteger();

    /** @param nodes the nodes' HTTP addresses, e.g. {@code http://127.0.0.1:9200} */
    public OpenSearchHttp(List<String> nodes, ObjectMapper json) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no OpenSearch node given");
        }
        this.nodes = nodes.stream().map(n -> URI.create(n.endsWith("/") ? n : n + "/")).toList();
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.json = json;
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
                return client.send(HttpRequest.newBuilder(node.resolve(path)).timeout(TIMEOUT)
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
            HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve(path)).timeout(TIMEOUT)
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
