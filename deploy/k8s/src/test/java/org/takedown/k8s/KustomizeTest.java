package org.takedown.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validator renders with the real kustomize inside kubectl: what it returns, and that its errors reach the report. */
class KustomizeTest {

    @TempDir
    Path dir;

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {tier: front}
            spec:
              replicas: 2
              template:
                spec:
                  containers:
                    - name: web
                      image: takedown/web:latest
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: web-config
            data: {A: "1"}
            """;

    private List<ObjectNode> build(String overlay) throws IOException {
        Files.createDirectories(dir.resolve("base"));
        Files.writeString(dir.resolve("base/all.yaml"), DEPLOYMENT);
        Files.writeString(dir.resolve("base/kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [all.yaml]\n");
        Files.createDirectories(dir.resolve("overlay"));
        Files.writeString(dir.resolve("overlay/kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../base]\n" + overlay);
        return Kustomize.build(dir.resolve("overlay"));
    }

    @Test
    void theKustomizeInKubectlIsVersionFiveOrLater() {
        String version = Kustomize.version();
        assertTrue(Integer.parseInt(version.split("\\.")[0]) >= Kustomize.MINIMUM_KUSTOMIZE_MAJOR, version);
    }

    @Test
    void namespaceImagesAndPatchesAreApplied() throws IOException {
        List<ObjectNode> objects = build("""
                namespace: team
                images:
                  - name: takedown/web
                    newName: registry.example:5000/takedown/web
                    newTag: 1.2.3
                patches:
                  - target: {kind: Deployment, labelSelector: tier=front}
                    patch: |-
                      - op: replace
                        path: /spec/replicas
                        value: 5
                """);
        assertEquals(2, objects.size());
        objects.forEach(o -> assertEquals("team", o.path("metadata").path("namespace").asText()));
        ObjectNode deployment = Kustomize.byKindAndName(objects).get("Deployment/web");
        assertEquals("registry.example:5000/takedown/web:1.2.3", deployment.at("/spec/template/spec/containers/0/image").asText());
        assertEquals(5, deployment.at("/spec/replicas").asInt());
    }

    @Test
    void aPatchThatCannotApplyFailsTheBuildWithKustomizesMessage() {
        ManifestException e = assertThrows(ManifestException.class, () -> build("""
                patches:
                  - target: {kind: Deployment}
                    patch: '[{"op": "test", "path": "/spec/replicas", "value": 3}]'
                """));
        assertTrue(e.getMessage().contains("/spec/replicas"), e.getMessage());
    }

    @Test
    void anUnknownKustomizationFieldFailsTheBuild() {
        ManifestException e = assertThrows(ManifestException.class, () -> build("resourcez: [x.yaml]\n"));
        assertTrue(e.getMessage().contains("resourcez"), e.getMessage());
    }

    @Test
    void aMissingKubectlIsReportedAsSuch() {
        String previous = System.getProperty("takedown.kubectl");
        System.setProperty("takedown.kubectl", dir.resolve("no-such-kubectl").toString());
        try {
            ManifestException e = assertThrows(ManifestException.class, () -> Kustomize.build(dir));
            assertTrue(e.getMessage().contains("cannot run"), e.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty("takedown.kubectl");
            } else {
                System.setProperty("takedown.kubectl", previous);
            }
        }
    }

    @Test
    void imageNameKeepsARegistryPort() {
        assertEquals("registry.example:5000/takedown/web", Kustomize.imageName("registry.example:5000/takedown/web:1.2.3"));
        assertEquals("takedown/web", Kustomize.imageName("takedown/web@sha256:abc"));
    }
}
