package org.takedown.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes imports the same realm as the dev stack: the KeycloakRealmImport in k8s/ carries a copy
 * of deploy/local's takedown-realm.json, and this test fails when the copy drifts. Run with
 * {@code -Dk8s.realm.write=true} to rewrite the copy from the dev stack's file.
 */
class RealmImportTest {

    private static final Path DEV_REALM = Path.of("deploy/local/src/main/resources/keycloak/takedown-realm.json");
    private static final Path K8S_REALM = Path.of("k8s/base/infra/keycloak/realm-import.yaml");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    @Test
    void kubernetesImportsTheDevStacksRealm() throws IOException {
        Path root = Repository.root();
        JsonNode devRealm = new ObjectMapper().readTree(root.resolve(DEV_REALM).toFile());
        if (Boolean.getBoolean("k8s.realm.write")) {
            write(root.resolve(K8S_REALM), devRealm);
        }
        JsonNode imported = Yaml.object(root.resolve(K8S_REALM)).path("spec").path("realm");
        assertEquals(devRealm, imported, "k8s realm differs from " + DEV_REALM + "; regenerate with -Dk8s.realm.write=true");
    }

    @Test
    void everyPlaceholderOfTheRealmComesFromASecret() throws IOException {
        Path root = Repository.root();
        Set<String> placeholders = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(Files.readString(root.resolve(DEV_REALM)));
        while (matcher.find()) {
            placeholders.add(matcher.group(1));
        }
        JsonNode declared = Yaml.object(root.resolve(K8S_REALM)).path("spec").path("placeholders");
        for (String placeholder : placeholders) {
            JsonNode secret = declared.path(placeholder).path("secret");
            assertTrue(secret.hasNonNull("name") && secret.hasNonNull("key"),
                    () -> "${" + placeholder + "} in the realm has no secret reference under spec.placeholders");
        }
    }

    /** Keeps the header (comments, kind, placeholders) and replaces everything from "  realm:" on. */
    private static void write(Path file, JsonNode realm) throws IOException {
        String text = Files.readString(file);
        int at = text.indexOf("\n  realm:");
        String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(realm);
        StringBuilder out = new StringBuilder(text.substring(0, at + 1)).append("  realm:\n");
        json.lines().forEach(line -> out.append("    ").append(line).append('\n'));
        Files.writeString(file, out.toString());
    }
}
