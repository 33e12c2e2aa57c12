package org.takedown.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Real access tokens from the test Keycloak, as the callers of Takedown get them: demo users
 * through the password grant of a test-only client, services and vendors through the
 * client-credentials grant with their dev secrets. Tokens are reused until shortly before they
 * expire.
 */
public final class Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private final String keycloakUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Token> cache = new ConcurrentHashMap<>();

    private Tokens(String keycloakUrl) {
        this.keycloakUrl = keycloakUrl;
    }

    /** Tokens from the Keycloak at {@code http://host:port} (without the realm path). */
    public static Tokens of(String keycloakUrl) {
        return new Tokens(keycloakUrl);
    }

    private static final Map<String, Tokens> SHARED = new ConcurrentHashMap<>();

    /** Tokens from this JVM's test Keycloak (started if needed); one cache per Keycloak. */
    public static Tokens shared() {
        return SHARED.computeIfAbsent(Infrastructure.shared().keycloakUrl(), Tokens::new);
    }

    /** A demo user of the realm ({@code reviewer}, {@code reviewer2}, {@code senior}, {@code admin}). */
    public String user(String username) {
        return cached("user:" + username, () -> request(KeycloakServer.REALM, "grant_type=password&client_id=" + TestClients.LOGIN
                + "&username=" + encode(username) + "&password=" + encode(KeycloakServer.DEMO_PASSWORD) + "&scope=openid"));
    }

    /** A Takedown service's own client ({@code intake}, {@code review}, …). */
    public String service(String service) {
        return client("takedown-" + service);
    }

    /** An example vendor client of the realm ({@code acme}, {@code globex}); carries {@code vendor_id}. */
    public String vendor(String vendorId) {
        return client("vendor-" + vendorId);
    }

    /** Client-credentials token of any client whose secret is the dev secret. */
    public String client(String clientId) {
        return cached("client:" + clientId, () -> clientCredentials(KeycloakServer.REALM, clientId));
    }

    /** Valid signature, issuer and roles, but not meant for Takedown (no takedown-api audience). */
    public String withoutAudience() {
        return client(TestClients.STRANGER);
    }

    /** Signed by the same server with every role and the audience, but by another realm: wrong issuer. */
    public String fromOtherIssuer() {
        return clientCredentials(TestClients.OTHER_REALM, TestClients.OTHER_REALM_CLIENT);
    }

    /** A token with every role and the audience that has expired (waits the second it lives). */
    public String expired() {
        String token = clientCredentials(KeycloakServer.REALM, TestClients.SHORT_LIVED);
        Instant expiry = expiry(token);
        while (!Instant.now().isAfter(expiry.plusSeconds(1))) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return token;
    }

    /** The token with one claim changed in its payload, so its signature no longer matches. */
    public static String tampered(String token) {
        String[] parts = token.split("\\.");
        try {
            var claims = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            claims.put("preferred_username", claims.path("preferred_username").asText() + "-admin");
            parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(claims));
            return String.join(".", parts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The claims of a token, unverified (for assertions about what Keycloak put in). */
    public static JsonNode claims(String token) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String clientCredentials(String realm, String clientId) {
        return request(realm, "grant_type=client_credentials&client_id=" + encode(clientId)
                + "&client_secret=" + encode(KeycloakServer.devSecret(clientId)));
    }

    private String cached(String key, java.util.function.Supplier<String> fetch) {
        Token token = cache.get(key);
        if (token == null || Instant.now().plus(MARGIN).isAfter(token.expiry())) {
            String value = fetch.get();
            token = new Token(value, expiry(value));
            cache.put(key, token);
        }
        return token.value();
    }

    private String request(String realm, String form) {
        URI endpoint = URI.create(keycloakUrl + "/realms/" + realm + "/protocol/openid-connect/token");
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token at " + endpoint + " (" + response.statusCode() + "): "
                        + response.body());
            }
            return JSON.readTree(response.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("No token from " + endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while fetching a token", e);
        }
    }

    private static Instant expiry(String token) {
        return Instant.ofEpochSecond(claims(token).get("exp").asLong());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private record Token(String value, Instant expiry) {
    }
}
