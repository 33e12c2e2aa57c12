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

/** The kustomize subset: what each supported field does, and that unsupported ones are refused. */
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
    void namespaceIsSetOnEveryObject() throws IOException {
        List<ObjectNode> objects = build("namespace: team\n");
        assertEquals(2, objects.size());
        objects.forEach(o -> assertEquals("team", o.path("metadata").path("namespace").asText()));
    }

    @Test
    void imagesGetTheirNewNameAndTag() throws IOException {
        List<ObjectNode> objects = build("images:\n  - name: takedown/web\n    newName: registry.example:5000/takedown/web\n    newTag: 1.2.3\n");
        assertEquals("registry.example:5000/takedown/web:1.2.3",
                objects.get(0).at("/spec/template/spec/containers/0/image").asText());
    }

    @Test
    void imageNameKeepsARegistryPort() {
        assertEquals("registry.example:5000/takedown/web", Kustomize.imageName("registry.example:5000/takedown/web:1.2.3"));
        assertEquals("takedown/web", Kustomize.imageName("takedown/web@sha256:abc"));
    }

    @Test
    void patchesApplyToTheObjectsTheirTargetSelects() throws IOException {
        List<ObjectNode> objects = build("""
                patches:
                  - target: {kind: Deployment, labelSelector: tier=front}
                    patch: |-
                      - op: replace
                        path: /spec/replicas
                        value: 5
                """);
        assertEquals(5, objects.get(0).at("/spec/replicas").asInt());
        assertEquals("1", objects.get(1).at("/data/A").asText());
    }

    @Test
    void aPatchThatMatchesNothingIsAnError() {
        ManifestException e = assertThrows(ManifestException.class, () -> build("""
                patches:
                  - target: {kind: Deployment, name: nothing}
                    patch: '[{"op": "remove", "path": "/spec"}]'
                """));
        assertTrue(e.getMessage().contains("matches no object"), e.getMessage());
    }

    @Test
    void aFailedTestOperationStopsTheBuild() {
        ManifestException e = assertThrows(ManifestException.class, () -> build("""
                patches:
                  - target: {kind: Deployment}
                    patch: '[{"op": "test", "path": "/spec/replicas", "value": 3}]'
                """));
        assertTrue(e.getMessage().contains("test /spec/replicas failed"), e.getMessage());
    }

    @Test
    void unsupportedKustomizeFieldsAreRefusedNotIgnored() {
        ManifestException e = assertThrows(ManifestException.class, () -> build("commonLabels: {a: b}\n"));
        assertTrue(e.getMessage().contains("'commonLabels' is not supported"), e.getMessage());
    }

    @Test
    void anObjectDefinedTwiceIsAnError() throws IOException {
        build("");
        Files.writeString(dir.resolve("overlay/kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../base, ../base/all.yaml]\n");
        ManifestException e = assertThrows(ManifestException.class, () -> Kustomize.build(dir.resolve("overlay")));
        assertTrue(e.getMessage().contains("apps/v1 Deployment web is defined twice"), e.getMessage());
    }
}
