package org.takedown.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates custom resources against the {@code openAPIV3Schema} of their CRD, with the
 * structural-schema rules the API server applies: types, required fields, enums, bounds, patterns,
 * and no field that the schema does not declare (unless {@code x-kubernetes-preserve-unknown-fields}).
 * The CRDs are the operators' published ones, unchanged, vendored under {@code crds/} on the class path
 * (deploy/k8s's test resources; crds/README.md names each file's source and release). Only the
 * versions a CRD marks {@code served} are known, so a resource on an API version the targeted
 * operator release no longer serves is reported.
 */
public final class CrdSchemas {

    /** The CRDs k8s/ may use: {@code <project>-<release>_<plural>.<group>.yaml}, as published by the project. */
    static final List<String> FILES = List.of(
            "strimzi-1.2.0_kafkas.kafka.strimzi.io.yaml",
            "strimzi-1.2.0_kafkanodepools.kafka.strimzi.io.yaml",
            "strimzi-1.2.0_kafkatopics.kafka.strimzi.io.yaml",
            "cloudnative-pg-1.30.0_clusters.postgresql.cnpg.io.yaml",
            "cloudnative-pg-1.30.0_scheduledbackups.postgresql.cnpg.io.yaml",
            "plugin-barman-cloud-0.14.0_objectstores.barmancloud.cnpg.io.yaml",
            "keycloak-26.0.0_keycloaks.k8s.keycloak.org.yaml",
            "keycloak-26.0.0_keycloakrealmimports.k8s.keycloak.org.yaml",
            "prometheus-operator-0.93.0_servicemonitors.monitoring.coreos.com.yaml",
            "prometheus-operator-0.93.0_prometheusrules.monitoring.coreos.com.yaml",
            "cert-manager-1.21.1_certificates.cert-manager.io.yaml",
            "cert-manager-1.21.1_issuers.cert-manager.io.yaml",
            "opensearch-k8s-operator-2.8.0_opensearchclusters.opensearch.opster.io.yaml",
            "opensearch-k8s-operator-2.8.0_opensearchroles.opensearch.opster.io.yaml",
            "opensearch-k8s-operator-2.8.0_opensearchusers.opensearch.opster.io.yaml",
            "opensearch-k8s-operator-2.8.0_opensearchuserrolebindings.opensearch.opster.io.yaml");

    private final Map<String, JsonNode> schemas = new HashMap<>();

    private static volatile CrdSchemas shared;

    /** The schemas, read once per JVM (some 1.7 MB of YAML). */
    public static CrdSchemas shared() {
        CrdSchemas schemas = shared;
        if (schemas == null) {
            synchronized (CrdSchemas.class) {
                if (shared == null) {
                    shared = new CrdSchemas();
                }
                schemas = shared;
            }
        }
        return schemas;
    }

    public CrdSchemas() {
        for (String file : FILES) {
            try (InputStream in = CrdSchemas.class.getResourceAsStream("/crds/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("missing CRD " + file + " on the class path (crds/)");
                }
                try (var parser = new YAMLFactory().createParser(in)) {
                    for (var it = Yaml.MAPPER.readValues(parser, JsonNode.class); it.hasNext(); ) {
                        add(it.next(), file);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void add(JsonNode crd, String file) {
        if (crd == null || !"CustomResourceDefinition".equals(crd.path("kind").asText())) {
            return;
        }
        String group = crd.path("spec").path("group").asText();
        String kind = crd.path("spec").path("names").path("kind").asText();
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (version.path("served").asBoolean(false)) {
                JsonNode schema = version.path("schema").path("openAPIV3Schema");
                if (schema.isMissingNode()) {
                    throw new IllegalStateException(file + ": version " + version.path("name").asText() + " has no openAPIV3Schema");
                }
                schemas.put(group + "/" + version.path("name").asText() + " " + kind, schema);
            }
        }
    }

    /** The served apiVersion + kind pairs, e.g. {@code kafka.strimzi.io/v1 Kafka}. */
    public java.util.Set<String> served() {
        return java.util.Collections.unmodifiableSet(schemas.keySet());
    }

    public boolean knows(JsonNode object) {
        return schemas.containsKey(key(object));
    }

    public void validate(JsonNode object, Problems problems) {
        JsonNode schema = schemas.get(key(object));
        String where = Kustomize.id(object);
        if (schema == null) {
            problems.add(where, "no CRD schema for " + key(object));
            return;
        }
        // apiVersion, kind and metadata are the API server's, whatever the CRD's schema says of them (many
        // declare metadata as a bare object): metadata is checked against the Kubernetes ObjectMeta instead.
        ObjectNode rest = ((ObjectNode) object).deepCopy();
        rest.remove(List.of("apiVersion", "kind", "metadata"));
        ObjectNode root = schema.deepCopy();
        if (root.path("properties") instanceof ObjectNode properties) {
            properties.remove(List.of("apiVersion", "kind", "metadata"));
        }
        if (root.path("required") instanceof com.fasterxml.jackson.databind.node.ArrayNode required) {
            for (int i = required.size() - 1; i >= 0; i--) {
                if (List.of("apiVersion", "kind", "metadata").contains(required.get(i).asText())) {
                    required.remove(i);
                }
            }
        }
        check(rest, root, "", where, problems);
    }

    private static String key(JsonNode object) {
        return object.path("apiVersion").asText() + " " + object.path("kind").asText();
    }

    static void check(JsonNode value, JsonNode schema, String path, String where, Problems problems) {
        String at = path.isEmpty() ? "(root)" : path;
        if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
            if (!value.isInt() && !value.isTextual()) {
                problems.add(where, at + ": expected an integer or a string");
            }
            return;
        }
        if (value.isNull() && schema.path("nullable").asBoolean(false)) {
            return;
        }
        String type = schema.path("type").asText("");
        if (!type.isEmpty() && !hasType(value, type)) {
            problems.add(where, at + ": expected " + type + ", found " + value.getNodeType().name().toLowerCase());
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                problems.add(where, at + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("minimum") && value.isNumber() && value.asDouble() < schema.get("minimum").asDouble()) {
            problems.add(where, at + ": " + value + " is below the minimum " + schema.get("minimum"));
        }
        if (schema.has("maximum") && value.isNumber() && value.asDouble() > schema.get("maximum").asDouble()) {
            problems.add(where, at + ": " + value + " is above the maximum " + schema.get("maximum"));
        }
        if (value.isTextual() && schema.has("maxLength") && value.asText().length() > schema.get("maxLength").asInt()) {
            problems.add(where, at + ": longer than " + schema.get("maxLength") + " characters");
        }
        if (value.isTextual() && schema.has("minLength") && value.asText().length() < schema.get("minLength").asInt()) {
            problems.add(where, at + ": shorter than " + schema.get("minLength") + " characters");
        }
        if (value.isArray() && schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            problems.add(where, at + ": fewer than " + schema.get("minItems") + " items");
        }
        if (value.isArray() && schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            problems.add(where, at + ": more than " + schema.get("maxItems") + " items");
        }
        if (schema.has("pattern") && value.isTextual() && !value.asText().matches(".*(" + schema.get("pattern").asText() + ").*")) {
            problems.add(where, at + ": '" + value.asText() + "' does not match " + schema.get("pattern").asText());
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), path + "[" + i + "]", where, problems);
            }
        }
        if (value.isObject()) {
            checkObject(value, schema, path, where, problems);
        }
    }

    private static void checkObject(JsonNode value, JsonNode schema, String path, String where, Problems problems) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(where, (path.isEmpty() ? "" : path + ".") + required.asText() + ": required");
            }
        }
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean() && !schema.has("properties")) {
            return;
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String child = (path.isEmpty() ? "" : path + ".") + field.getKey();
            if (properties.has(field.getKey())) {
                check(field.getValue(), properties.get(field.getKey()), child, where, problems);
            } else if (additional != null && additional.isObject()) {
                check(field.getValue(), additional, child, where, problems);
            } else if (!schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()
                    && !(additional != null && additional.asBoolean(false))) {
                problems.add(where, "unknown field " + child);
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }
}
