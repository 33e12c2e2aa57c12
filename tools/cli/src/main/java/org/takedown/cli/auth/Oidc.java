package org.takedown.cli.auth;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.takedown.cli.CliException;
import org.takedown.cli.CliSettings;
import org.takedown.cli.api.Http;

/**
 * The CLI's side of OIDC with Keycloak: the device authorization grant (RFC 8628) for a login on a machine without a
 * browser, the refresh grant to keep the session, and revocation at logout. The client {@code takedown-cli} is public
 * (realm as code): it holds no secret, and the tokens carry the roles of the person who logged in.
 */
public final class Oidc {

    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CliSettings settings;
    private final Http http;
    private final Clock clock;

    public Oidc(CliSettings settings, Http http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    /** Asks for a device code, tells the operator where to confirm it, and waits until they did (or it expired). */
    public StoredTokens deviceLogin(PrintWriter out) {
        JsonNode device = post("/auth/device", Map.of("client_id", clientId(), "scope", "openid"));
        if (device.has("error")) {
            throw new CliException("Keycloak refused the device login: " + oauthError(device)
                    + "; check that the realm has the public client " + clientId() + " with the device grant enabled");
        }
        String complete = device.path("verification_uri_complete").asText(null);
        out.println("To log in, open this address in a browser and sign in:");
        out.println("  " + (complete != null ? complete : device.path("verification_uri").asText()));
        out.println("and check that it shows the code " + device.path("user_code").asText() + ".");
        out.println("Waiting for you to confirm (the code expires in " + device.path("expires_in").asLong(600) / 60 + " min)…");
        out.flush();

        Instant deadline = clock.instant().plusSeconds(device.path("expires_in").asLong(600));
        Duration interval = Duration.ofSeconds(Math.max(1, device.path("interval").asLong(5)));
        while (clock.instant().isBefore(deadline)) {
            sleep(interval);
            JsonNode answer = post("/token", Map.of("grant_type", DEVICE_GRANT, "device_code", device.path("device_code").asText(),
                    "client_id", clientId()));
            String error = answer.path("error").asText("");
            switch (error) {
                case "" -> {
                    return tokens(answer);
                }
                case "authorization_pending" -> {
                }
                case "slow_down" -> interval = interval.plusSeconds(5);
                case "access_denied" -> throw new CliException("The login was denied in the browser. Run `takedown login` to try again.");
                case "expired_token" -> throw new CliException("The code expired before it was confirmed. Run `takedown login` again.");
                default -> throw new CliException("Keycloak ended the login: " + oauthError(answer) + ". Run `takedown login` again.");
            }
        }
        throw new CliException("The code expired before it was confirmed. Run `takedown login` again.");
    }

    /** A new access token from the refresh token; {@link CliException#NOT_LOGGED_IN} when the session has ended. */
    public StoredTokens refresh(StoredTokens stored) {
        JsonNode answer = post("/token", Map.of("grant_type", "refresh_token", "refresh_token", stored.refreshToken(),
                "client_id", clientId()));
        if (answer.has("error")) {
            throw new CliException(CliException.NOT_LOGGED_IN, "Your session has ended (" + oauthError(answer)
                    + "). Run `takedown login`.");
        }
        return tokens(answer);
    }

    /** Ends the session at Keycloak (best effort: the local tokens are deleted anyway). */
    public boolean revoke(StoredTokens stored) {
        try {
            JsonNode answer = post("/revoke", Map.of("token", stored.refreshToken(), "token_type_hint", "refresh_token",
                    "client_id", clientId()));
            return !answer.has("error");
        } catch (CliException e) {
            return false;
        }
    }

    private StoredTokens tokens(JsonNode answer) {
        long now = clock.instant().getEpochSecond();
        String access = answer.path("access_token").asText();
        long refreshExpiresIn = answer.path("refresh_expires_in").asLong(0);
        return new StoredTokens(settings.realmUrl(), clientId(), Jwt.username(access), access,
                answer.path("refresh_token").asText(null), now + answer.path("expires_in").asLong(60),
                refreshExpiresIn == 0 ? 0 : now + refreshExpiresIn);
    }

    private JsonNode post(String path, Map<String, String> fields) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.realmUrl() + "/protocol/openid-connect" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(Http.form(new LinkedHashMap<>(fields)))
                .build();
        HttpResponse<byte[]> response = http.send(request, "Keycloak", "keycloak-url");
        if (response.statusCode() == 404) {
            throw new CliException("Keycloak at " + settings.get("keycloak-url") + " has no realm " + settings.get("realm")
                    + ": check keycloak-url and realm (`takedown config`)");
        }
        if (response.body().length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak answered " + response.statusCode() + " with something that is not JSON", e);
        }
    }

    private String clientId() {
        return settings.get("client-id");
    }

    private static String oauthError(JsonNode answer) {
        String description = answer.path("error_description").asText("");
        return answer.path("error").asText() + (description.isEmpty() ? "" : ": " + description);
    }

    private static void sleep(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
