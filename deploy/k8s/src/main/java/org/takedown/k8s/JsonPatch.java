package org.takedown.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 JSON Patch (add, remove, replace, test), the patch kind kustomize applies for a
 * {@code patches} entry whose body is a list of operations. Paths are RFC 6901 pointers.
 */
public final class JsonPatch {

    private JsonPatch() {
    }

    /** Applies the operations in place and returns the (possibly replaced) document. */
    public static JsonNode apply(JsonNode document, JsonNode operations) {
        if (!operations.isArray()) {
            throw new ManifestException("a JSON patch is a list of operations");
        }
        JsonNode result = document;
        for (JsonNode operation : operations) {
            result = applyOne(result, operation);
        }
        return result;
    }

    private static JsonNode applyOne(JsonNode document, JsonNode operation) {
        String op = operation.path("op").asText("");
        String path = operation.path("path").asText(null);
        if (path == null) {
            throw new ManifestException("patch operation without path: " + operation);
        }
        List<String> tokens = tokens(path);
        JsonNode value = operation.get("value");
        switch (op) {
            case "add", "replace" -> {
                if (value == null) {
                    throw new ManifestException(op + " " + path + ": no value");
                }
                if (tokens.isEmpty()) {
                    return value.deepCopy();
                }
                set(parent(document, tokens, path), last(tokens), value.deepCopy(), op.equals("add"), path);
            }
            case "remove" -> {
                if (tokens.isEmpty()) {
                    throw new ManifestException("remove of the whole document");
                }
                remove(parent(document, tokens, path), last(tokens), path);
            }
            case "test" -> {
                JsonNode actual = resolve(document, tokens);
                if (actual == null || !actual.equals(value)) {
                    throw new ManifestException("test " + path + " failed: expected " + value + ", found " + actual);
                }
            }
            default -> throw new ManifestException("unsupported patch operation '" + op + "' at " + path);
        }
        return document;
    }

    private static void set(JsonNode parent, String token, JsonNode value, boolean add, String path) {
        if (parent instanceof ObjectNode object) {
            if (!add && !object.has(token)) {
                throw new ManifestException("replace " + path + ": no such member");
            }
            object.set(token, value);
        } else if (parent instanceof ArrayNode array) {
            if (add && token.equals("-")) {
                array.add(value);
                return;
            }
            int index = index(token, array.size() + (add ? 1 : 0), path);
            if (add) {
                array.insert(index, value);
            } else {
                array.set(index, value);
            }
        } else {
            throw new ManifestException(path + ": parent is not an object or list");
        }
    }

    private static void remove(JsonNode parent, String token, String path) {
        if (parent instanceof ObjectNode object) {
            if (object.remove(token) == null) {
                throw new ManifestException("remove " + path + ": no such member");
            }
        } else if (parent instanceof ArrayNode array) {
            array.remove(index(token, array.size(), path));
        } else {
            throw new ManifestException(path + ": parent is not an object or list");
        }
    }

    private static JsonNode parent(JsonNode document, List<String> tokens, String path) {
        JsonNode parent = resolve(document, tokens.subList(0, tokens.size() - 1));
        if (parent == null) {
            throw new ManifestException(path + ": parent does not exist");
        }
        return parent;
    }

    private static JsonNode resolve(JsonNode node, List<String> tokens) {
        JsonNode current = node;
        for (String token : tokens) {
            if (current == null) {
                return null;
            }
            if (current.isArray()) {
                if (!token.matches("0|[1-9][0-9]*")) {
                    return null;
                }
                current = current.get(Integer.parseInt(token));
            } else {
                current = current.get(token);
            }
        }
        return current;
    }

    private static int index(String token, int bound, String path) {
        if (!token.matches("0|[1-9][0-9]*") || Integer.parseInt(token) >= bound) {
            throw new ManifestException(path + ": list index out of range");
        }
        return Integer.parseInt(token);
    }

    private static String last(List<String> tokens) {
        return tokens.get(tokens.size() - 1);
    }

    static List<String> tokens(String pointer) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (!pointer.startsWith("/")) {
            throw new ManifestException("not a JSON pointer: " + pointer);
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            tokens.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }
}
