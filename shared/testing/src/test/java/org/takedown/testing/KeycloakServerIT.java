package org.takedown.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The realm definition, as imported into a real Keycloak, gives the tokens the services rely on. */
class KeycloakServerIT {

    private static Tokens tokens;
    private static String issuer;

    @BeforeAll
    static void start() {
        String url = Infrastructure.shared().keycloakUrl();
        tokens = Tokens.of(url);
        issuer = url + "/realms/" + KeycloakServer.REALM;
    }

    @Test
    void vendorTokensCarryTheVendorRoleAudienceAndVendorId() {
        JsonNode claims = Tokens.claims(tokens.vendor("acme"));
        assertEquals(issuer, claims.get("iss").asText());
        assertTrue(audiences(claims).contains(KeycloakServer.AUDIENCE), claims.toString());
        assertEquals(List.of("vendor"), takedownRoles(claims));
        assertEquals("acme", claims.get("vendor_id").asText());
        assertEquals("globex", Tokens.claims(tokens.vendor("globex")).get("vendor_id").asText());
    }

    @Test
    void serviceTokensCarryOnlyTheServiceRole() {
        JsonNode claims = Tokens.claims(tokens.service("review"));
        assertEquals(List.of("service"), takedownRoles(claims));
        assertEquals("takedown-review", claims.get("azp").asText());
        assertFalse(claims.has("vendor_id"));
    }

    @Test
    void demoUsersHaveTheirRolesAndSeniorsAreReviewersToo() {
        assertEquals(List.of("reviewer"), takedownRoles(Tokens.claims(tokens.user("reviewer"))));
        assertEquals(List.of("reviewer", "senior-reviewer"), takedownRoles(Tokens.claims(tokens.user("senior"))));
        assertEquals(List.of("admin"), takedownRoles(Tokens.claims(tokens.user("admin"))));
        assertEquals("reviewer2", Tokens.claims(tokens.user("reviewer2")).get("preferred_username").asText());
    }

    @Test
    void aWrongSecretGetsNoToken() {
        Tokens wrong = Tokens.of(Infrastructure.shared().keycloakUrl());
        var failure = assertThrows(IllegalStateException.class, () -> wrong.client("vendor-unknown"));
        assertTrue(failure.getMessage().contains("401") || failure.getMessage().contains("400"), failure.getMessage());
    }

    @Test
    void badTokenMakersMakeTheTokensTheyPromise() {
        JsonNode stranger = Tokens.claims(tokens.withoutAudience());
        assertFalse(audiences(stranger).contains(KeycloakServer.AUDIENCE), stranger.toString());
        assertTrue(takedownRoles(stranger).contains("admin"));

        JsonNode impostor = Tokens.claims(tokens.fromOtherIssuer());
        assertNotEquals(issuer, impostor.get("iss").asText());
        assertTrue(audiences(impostor).contains(KeycloakServer.AUDIENCE));

        JsonNode expired = Tokens.claims(tokens.expired());
        assertTrue(expired.get("exp").asLong() * 1000 < System.currentTimeMillis());

        String good = tokens.user("reviewer");
        String tampered = Tokens.tampered(good);
        assertEquals(good.split("\\.")[2], tampered.split("\\.")[2]);
        assertNotEquals(good.split("\\.")[1], tampered.split("\\.")[1]);
    }

    private static List<String> audiences(JsonNode claims) {
        JsonNode aud = claims.path("aud");
        List<String> values = new ArrayList<>();
        if (aud.isArray()) {
            aud.forEach(value -> values.add(value.asText()));
        } else if (aud.isTextual()) {
            values.add(aud.asText());
        }
        return values;
    }

    /** The realm roles Takedown defines (Keycloak adds its own defaults such as offline_access). */
    private static List<String> takedownRoles(JsonNode claims) {
        List<String> roles = new ArrayList<>();
        claims.path("realm_access").path("roles").forEach(role -> {
            if (TestClients.ALL_ROLES.contains(role.asText())) {
                roles.add(role.asText());
            }
        });
        roles.sort(String::compareTo);
        return roles;
    }
}
