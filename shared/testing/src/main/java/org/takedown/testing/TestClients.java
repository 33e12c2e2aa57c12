package org.takedown.testing;

import java.util.List;

/**
 * Clients that only tests get (added through the admin API, never part of the realm definition),
 * and the console client opened to any loopback port:
 * one that may use the password grant to log the demo users in, and the "bad token" makers of the
 * authorization tests — tokens without the Takedown audience, tokens that expire at once, and
 * tokens from another realm (another issuer) with otherwise valid roles.
 */
public final class TestClients {

    /** Public client with the password grant, for tokens of the demo users. */
    public static final String LOGIN = "takedown-test-login";
    /** Confidential client with every role but without the takedown-api audience. */
    public static final String STRANGER = "takedown-test-stranger";
    /** Confidential client with every role whose tokens live one second. */
    public static final String SHORT_LIVED = "takedown-test-short-lived";
    /** A second realm, so a second issuer, with a client that has every role and the audience. */
    public static final String OTHER_REALM = "takedown-test-elsewhere";
    public static final String OTHER_REALM_CLIENT = "takedown-test-impostor";

    static final List<String> ALL_ROLES = List.of("reviewer", "senior-reviewer", "admin", "vendor", "service");

    private TestClients() {
    }

    /** Adds the test clients to a running server; idempotent. */
    public static void addTo(KeycloakServer server) {
        // Consoles under test listen on free ports: any loopback port may receive the login redirect.
        server.addRedirectUris("takedown-console", List.of("http://127.0.0.1:*"));
        server.addClient("""
                {"clientId": "%s", "publicClient": true, "standardFlowEnabled": false, "directAccessGrantsEnabled": true,
                 "protocolMappers": [%s]}""".formatted(LOGIN, audienceMapper()));
        server.addClient(confidential(STRANGER, "", ""));
        server.grantServiceAccountRoles(STRANGER, ALL_ROLES);
        server.addClient(confidential(SHORT_LIVED, audienceMapper(), ", \"attributes\": {\"access.token.lifespan\": \"1\"}"));
        server.grantServiceAccountRoles(SHORT_LIVED, ALL_ROLES);
        server.addRealm("""
                {"realm": "%s", "enabled": true,
                 "roles": {"realm": [%s]},
                 "clients": [%s],
                 "users": [{"username": "service-account-%s", "enabled": true, "serviceAccountClientId": "%s",
                            "realmRoles": [%s]}]}""".formatted(OTHER_REALM,
                String.join(", ", ALL_ROLES.stream().map(role -> "{\"name\": \"" + role + "\"}").toList()),
                confidential(OTHER_REALM_CLIENT, audienceMapper(), ""),
                OTHER_REALM_CLIENT, OTHER_REALM_CLIENT,
                String.join(", ", ALL_ROLES.stream().map(role -> "\"" + role + "\"").toList())));
    }

    /** The secret of a confidential test client. */
    public static String secret(String clientId) {
        return KeycloakServer.devSecret(clientId);
    }

    private static String confidential(String clientId, String mappers, String extra) {
        return """
                {"clientId": "%s", "publicClient": false, "secret": "%s", "standardFlowEnabled": false,
                 "serviceAccountsEnabled": true, "protocolMappers": [%s]%s}""".formatted(clientId, secret(clientId), mappers, extra);
    }

    private static String audienceMapper() {
        return """
                {"name": "audience", "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper",
                 "config": {"included.custom.audience": "%s", "access.token.claim": "true", "id.token.claim": "false"}}"""
                .formatted(KeycloakServer.AUDIENCE);
    }
}
