package org.takedown.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.takedown.testing.Infrastructure;
import org.takedown.testing.Tokens;

/**
 * {@code deploy/local/run --opensearch}: the stack with a two-node OpenSearch cluster, where matching writes the
 * releases it activates into OpenSearch and answers from there (ADR 018), through the running service.
 */
class OpenSearchStackIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEMO_URL = "https://images.example.org/demo/0001.jpg";

    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.builder()
                .fixedPorts(false)
                .keycloakUrl(Infrastructure.sharedKeycloakUrl())
                .openSearch(true)
                .repositoryRoot(RepositoryRoot.find())
                .progress(line -> System.out.println("[stack] " + line))
                .start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theBootstrappedReleasesAreWrittenToOpenSearchAndServedFromThere() throws Exception {
        assertEquals(LocalStack.OPENSEARCH_NODES, stack.openSearchUrls().size());
        Map<String, JsonNode> releases = new TreeMap<>();
        for (JsonNode dataset : get(stack.url("matching") + "/api/v1/datasets", null)) {
            dataset.path("releases").forEach(release ->
                    releases.put(dataset.path("id").asText() + "/" + release.path("id").asText(), release));
        }
        for (String release : List.of("demo-a/2026-11", "demo-b/2026-11")) {
            JsonNode view = releases.get(release);
            assertEquals("ACTIVE", view.path("state").asText(), release + ": " + view);
            assertEquals("opensearch", view.path("backend").asText(), release + ": " + view);
        }

        // Each release is an index of its own in the cluster, with every row of the release, over two shards.
        Map<String, JsonNode> indexes = new TreeMap<>();
        get(stack.openSearchUrls().get(0) + "/_cat/indices?format=json&h=index,pri", null)
                .forEach(index -> indexes.put(index.path("index").asText(), index));
        for (String release : List.of("demo-a/2026-11", "demo-b/2026-11")) {
            String prefix = "takedown-" + release.replace("/", "--") + "-";
            JsonNode index = indexes.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue)
                    .findFirst().orElseThrow(() -> new AssertionError("no index " + prefix + "* in " + indexes.keySet()));
            long count = get(stack.openSearchUrls().get(1) + "/" + index.path("index").asText() + "/_count", null).path("count").asLong();
            assertEquals(releases.get(release).path("itemCount").asLong(), count, release);
            assertEquals(2, index.path("pri").asInt(), release + " shards");
        }

        // The running service answers from OpenSearch: the demo URL is in both releases (items a-0001 and b-17), a URL
        // that is in neither finds nothing. (The contract suites prove every other signal on this backend.)
        String service = "Bearer " + Tokens.of(stack.keycloakUrl()).service("propagation");
        for (String release : List.of("demo-a/2026-11", "demo-b/2026-11")) {
            String lookup = stack.url("matching") + "/api/v1/internal/datasets/" + release.replace("/", "/releases/") + "/lookup";
            JsonNode found = post(lookup, service, Map.of("urls", List.of(DEMO_URL, "https://images.example.org/nowhere.jpg")));
            assertEquals(1, found.path("urls").size(), release + ": " + found);
            assertEquals(DEMO_URL, found.path("urls").path(0).path("itemUrl").asText(), release + ": " + found);
            assertTrue(found.path("urls").path(0).path("itemId").asText().startsWith(release.substring(5, 6)), release + ": " + found);
        }
        // Without the service role the internal lookup stays closed, on this backend as on the other.
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("matching")
                        + "/api/v1/internal/datasets/demo-a/releases/2026-11/lookup"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"urls\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertTrue(stack.processIds().containsKey("opensearch"), "the cluster is one of the stack's processes");
    }

    private static JsonNode get(String url, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static JsonNode post(String url, String authorization, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return JSON.readTree(response.body());
    }
}
