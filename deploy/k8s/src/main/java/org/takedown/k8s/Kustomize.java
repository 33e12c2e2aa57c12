package org.takedown.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders a kustomization the way {@code kustomize build} does, for the subset of kustomize that
 * k8s/ uses: {@code resources} (files and directories), {@code namespace}, {@code images} and
 * {@code patches} with a target and a JSON 6902 body. Any other field is refused rather than
 * ignored, so this renderer and the real kustomize cannot silently disagree. It is stricter than
 * kustomize in one way: a patch that matches no object is an error.
 */
public final class Kustomize {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace", "images", "patches");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass");
    private static final List<String> KUSTOMIZATION_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    private Kustomize() {
    }

    /** The objects of the kustomization in {@code directory}, in the order their resources list them. */
    public static List<ObjectNode> build(Path directory) {
        Path file = kustomizationFile(directory);
        ObjectNode kustomization = Yaml.object(file);
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED.contains(field)) {
                throw new ManifestException(file + ": kustomization field '" + field + "' is not supported by this renderer");
            }
        });
        if (!"Kustomization".equals(kustomization.path("kind").asText())) {
            throw new ManifestException(file + ": kind must be Kustomization");
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            objects.addAll(load(directory, resource.asText(), file));
        }
        rejectDuplicates(objects, file);
        for (JsonNode patch : kustomization.path("patches")) {
            applyPatch(directory, patch, objects, file);
        }
        for (JsonNode image : kustomization.path("images")) {
            setImage(image, objects, file);
        }
        if (kustomization.hasNonNull("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            for (ObjectNode object : objects) {
                if (!CLUSTER_SCOPED.contains(object.path("kind").asText())) {
                    metadata(object).put("namespace", namespace);
                }
            }
        }
        return objects;
    }

    private static Path kustomizationFile(Path directory) {
        return KUSTOMIZATION_NAMES.stream().map(directory::resolve).filter(Files::isRegularFile).findFirst()
                .orElseThrow(() -> new ManifestException(directory + ": no kustomization.yaml"));
    }

    private static List<ObjectNode> load(Path directory, String entry, Path file) {
        if (entry.contains("://") || entry.startsWith("github.com/")) {
            throw new ManifestException(file + ": remote resource '" + entry + "' (offline builds only)");
        }
        Path resource = directory.resolve(entry).normalize();
        if (Files.isDirectory(resource)) {
            return build(resource);
        }
        if (!Files.isRegularFile(resource)) {
            throw new ManifestException(file + ": resource '" + entry + "' does not exist");
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode document : Yaml.documents(resource)) {
            if (!(document instanceof ObjectNode object) || !object.hasNonNull("kind") || !object.hasNonNull("apiVersion")) {
                throw new ManifestException(resource + ": every document needs apiVersion and kind");
            }
            if (object.path("metadata").path("name").asText("").isEmpty()) {
                throw new ManifestException(resource + ": a " + object.get("kind").asText() + " without metadata.name");
            }
            objects.add(object);
        }
        return objects;
    }

    private static void rejectDuplicates(List<ObjectNode> objects, Path file) {
        Set<String> ids = new HashSet<>();
        for (ObjectNode object : objects) {
            if (!ids.add(id(object))) {
                throw new ManifestException(file + ": " + id(object) + " is defined twice");
            }
        }
    }

    private static void applyPatch(Path directory, JsonNode entry, List<ObjectNode> objects, Path file) {
        JsonNode body;
        if (entry.hasNonNull("patch")) {
            body = Yaml.parse(entry.get("patch").asText());
        } else if (entry.hasNonNull("path")) {
            body = Yaml.documents(directory.resolve(entry.get("path").asText())).get(0);
        } else {
            throw new ManifestException(file + ": a patch needs 'patch' or 'path'");
        }
        if (!body.isArray()) {
            throw new ManifestException(file + ": only JSON 6902 patches (a list of operations) are supported");
        }
        JsonNode target = entry.path("target");
        if (target.isMissingNode() || target.size() == 0) {
            throw new ManifestException(file + ": a JSON 6902 patch needs a target");
        }
        int matched = 0;
        for (int i = 0; i < objects.size(); i++) {
            if (matches(target, objects.get(i))) {
                try {
                    JsonNode patched = JsonPatch.apply(objects.get(i), body);
                    if (!(patched instanceof ObjectNode patchedObject)) {
                        throw new ManifestException("patch result is not an object");
                    }
                    objects.set(i, patchedObject);
                } catch (ManifestException e) {
                    throw new ManifestException(file + ": patch of " + id(objects.get(i)) + ": " + e.getMessage(), e);
                }
                matched++;
            }
        }
        if (matched == 0) {
            throw new ManifestException(file + ": patch target " + target + " matches no object");
        }
    }

    static boolean matches(JsonNode target, ObjectNode object) {
        if (target.hasNonNull("kind") && !target.get("kind").asText().equals(object.path("kind").asText())) {
            return false;
        }
        if (target.hasNonNull("name") && !Pattern.matches(target.get("name").asText(), object.path("metadata").path("name").asText())) {
            return false;
        }
        String apiVersion = object.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        if (target.hasNonNull("group") && !target.get("group").asText().equals(group)) {
            return false;
        }
        if (target.hasNonNull("version") && !target.get("version").asText().equals(version)) {
            return false;
        }
        if (target.hasNonNull("labelSelector")) {
            JsonNode labels = object.path("metadata").path("labels");
            for (String requirement : target.get("labelSelector").asText().split(",")) {
                String[] keyValue = requirement.trim().split("=", 2);
                if (keyValue.length != 2) {
                    throw new ManifestException("only key=value label selectors are supported: " + requirement);
                }
                if (!keyValue[1].equals(labels.path(keyValue[0]).asText(null))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void setImage(JsonNode image, List<ObjectNode> objects, Path file) {
        String name = image.path("name").asText("");
        if (name.isEmpty()) {
            throw new ManifestException(file + ": an images entry needs a name");
        }
        for (ObjectNode object : objects) {
            JsonNode podSpec = object.path("spec").path("template").path("spec");
            for (String field : List.of("initContainers", "containers")) {
                for (JsonNode container : podSpec.path(field)) {
                    String current = container.path("image").asText("");
                    if (imageName(current).equals(name)) {
                        String newName = image.path("newName").asText(imageName(current));
                        String tag = image.hasNonNull("digest") ? "@" + image.get("digest").asText()
                                : image.hasNonNull("newTag") ? ":" + image.get("newTag").asText()
                                : current.substring(imageName(current).length());
                        ((ObjectNode) container).put("image", newName + tag);
                    }
                }
            }
        }
    }

    /** The image reference without tag or digest (a port in the registry host is not a tag). */
    static String imageName(String image) {
        int at = image.indexOf('@');
        String withoutDigest = at >= 0 ? image.substring(0, at) : image;
        int colon = withoutDigest.lastIndexOf(':');
        return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    static ObjectNode metadata(ObjectNode object) {
        return object.has("metadata") ? (ObjectNode) object.get("metadata") : object.putObject("metadata");
    }

    /** kustomize's resource id: apiVersion, kind, namespace and name. */
    public static String id(JsonNode object) {
        String namespace = object.path("metadata").path("namespace").asText("");
        return object.path("apiVersion").asText() + " " + object.path("kind").asText() + " "
                + (namespace.isEmpty() ? "" : namespace + "/") + object.path("metadata").path("name").asText();
    }

    /** Objects by id, for look-ups in cross checks. */
    public static Map<String, ObjectNode> byKindAndName(List<ObjectNode> objects) {
        Map<String, ObjectNode> index = new LinkedHashMap<>();
        for (ObjectNode object : objects) {
            index.put(object.path("kind").asText() + "/" + object.path("metadata").path("name").asText(), object);
        }
        return index;
    }
}
