package org.takedown.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates custom resources against the {@code openAPIV3Schema} of their CRD, with the
 * structural-schema rules the API server applies: types, required fields, enums, minimums, and no
 * field that the schema does not declare (unless {@code x-kubernetes-preserve-unknown-fields}).
 * The schemas are in {@code src/main/resources/crds/}, one file per kind and version.
 */
public final class CrdSchemas {

    /** The CRDs k8s/ may use; each file's header names its upstream source and version. */
    static final List<String> FILES = List.of(
            "kafka.strimzi.io_v1beta2_Kafka.yaml",
            "kafka.strimzi.io_v1beta2_KafkaNodePool.yaml",
            "kafka.strimzi.io_v1beta2_KafkaTopic.yaml",
            "postgresql.cnpg.io_v1_Cluster.yaml",
            "postgresql.cnpg.io_v1_ScheduledBackup.yaml",
            "k8s.keycloak.org_v2alpha1_Keycloak.yaml",
            "k8s.keycloak.org_v2alpha1_KeycloakRealmImport.yaml");

    private final Map<String, JsonNode> schemas = new HashMap<>();

    public CrdSchemas() {
        for (String file : FILES) {
            try (InputStream in = CrdSchemas.class.getResourceAsStream("/crds/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("missing CRD schema " + file);
                }
                JsonNode crd = Yaml.MAPPER.readTree(in);
                schemas.put(crd.path("group").asText() + "/" + crd.path("version").asText() + " " + crd.path("kind").asText(),
                        crd.path("schema"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
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
        check(object, schema, "", where, problems);
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
