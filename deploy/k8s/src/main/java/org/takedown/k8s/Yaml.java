package org.takedown.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads YAML streams (several documents separated by {@code ---}) into JSON trees. */
public final class Yaml {

    public static final ObjectMapper MAPPER = new YAMLMapper();

    private Yaml() {
    }

    /** Every non-empty document of the file, in order. */
    public static List<JsonNode> documents(Path file) {
        try (var parser = new YAMLFactory().createParser(Files.readString(file))) {
            List<JsonNode> documents = new ArrayList<>();
            for (var it = MAPPER.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode document = it.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
            return documents;
        } catch (IOException | RuntimeException e) {
            // SnakeYAML reports syntax errors as unchecked exceptions.
            throw new ManifestException(file + ": not readable YAML: " + e.getMessage(), e);
        }
    }

    public static ObjectNode object(Path file) {
        List<JsonNode> documents = documents(file);
        if (documents.size() != 1 || !documents.get(0).isObject()) {
            throw new ManifestException(file + ": expected exactly one YAML mapping");
        }
        return (ObjectNode) documents.get(0);
    }
}
