package org.takedown.cli.auth;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the claims of the CLI's own access token to show who is logged in. No signature check: the services verify
 * every token they get; this is for display only.
 */
public final class Jwt {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Jwt() {
    }

    public static JsonNode claims(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            return JSON.createObjectNode();
        }
    }

    public static String username(String token) {
        return claims(token).path("preferred_username").asText("?");
    }

    public static List<String> realmRoles(String token) {
        List<String> roles = new ArrayList<>();
        claims(token).path("realm_access").path("roles").forEach(role -> roles.add(role.asText()));
        return roles;
    }
}
