package org.takedown.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.takedown.events.Topics;

/**
 * Checks a rendered overlay against the project itself: every topic of the event contract and every
 * topic a service names in its configuration exists as a KafkaTopic (with the contract's partition
 * count and a Kafka cluster to live in); every configuration key a service requires is supplied to
 * its container; every service runs the image the Jib build produces.
 */
public final class ProjectChecks {

    /** Map members that must have at least one entry although a Map has no default: the key ring. */
    static final Map<String, List<String>> REQUIRED_MAP_ENTRIES = Map.of(
            "intake", List.of("takedown.intake.crypto.keys"));

    private ProjectChecks() {
    }

    public static void check(List<ObjectNode> objects, Project project, Problems problems) {
        topics(objects, project, problems);
        for (ObjectNode object : objects) {
            if (object.path("kind").asText().equals("HorizontalPodAutoscaler")
                    && object.path("spec").path("maxReplicas").asInt() > Topics.DEFAULT_PARTITIONS) {
                problems.add(Kustomize.id(object), "maxReplicas above " + Topics.DEFAULT_PARTITIONS
                        + " partitions per topic: the extra consumers would sit idle");
            }
        }
        Map<String, ObjectNode> byName = Kustomize.byKindAndName(objects);
        String group = project.imageGroup();
        for (String service : project.services()) {
            String name = project.applicationName(service);
            ObjectNode deployment = byName.get("Deployment/" + name);
            if (deployment == null) {
                problems.add("service " + service, "no Deployment named " + name);
                continue;
            }
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").path(0);
            image(container, group + "/" + name, Kustomize.id(deployment), problems);
            configuration(service, project, container, byName, Kustomize.id(deployment), problems);
        }
    }

    private static void topics(List<ObjectNode> objects, Project project, Problems problems) {
        Set<String> kafkaClusters = new HashSet<>();
        Map<String, JsonNode> topics = new java.util.HashMap<>();
        for (ObjectNode object : objects) {
            if (object.path("kind").asText().equals("Kafka")) {
                kafkaClusters.add(object.path("metadata").path("name").asText());
            }
        }
        for (ObjectNode object : objects) {
            if (object.path("kind").asText().equals("KafkaTopic")) {
                String topic = object.path("spec").path("topicName").asText(object.path("metadata").path("name").asText());
                topics.put(topic, object);
                String cluster = object.path("metadata").path("labels").path("strimzi.io/cluster").asText("");
                if (!kafkaClusters.contains(cluster)) {
                    problems.add(Kustomize.id(object), "label strimzi.io/cluster '" + cluster + "' names no Kafka of this overlay");
                }
            }
        }
        Set<String> needed = new HashSet<>(Topics.allWithDeadLetters());
        for (String service : project.services()) {
            Properties properties = project.properties(service);
            for (String key : properties.stringPropertyNames()) {
                if (key.startsWith("mp.messaging.") && (key.endsWith(".topic") || key.endsWith(".dead-letter-queue.topic"))) {
                    needed.add(properties.getProperty(key).trim());
                }
            }
        }
        for (String topic : needed) {
            JsonNode kafkaTopic = topics.get(topic);
            if (kafkaTopic == null) {
                problems.add("topic " + topic, "no KafkaTopic for it");
            } else if (kafkaTopic.path("spec").path("partitions").asInt() != Topics.DEFAULT_PARTITIONS) {
                problems.add(Kustomize.id(kafkaTopic), "partitions must be " + Topics.DEFAULT_PARTITIONS + " (Topics.DEFAULT_PARTITIONS)");
            }
        }
    }

    private static void image(JsonNode container, String expected, String where, Problems problems) {
        String image = container.path("image").asText("");
        String name = Kustomize.imageName(image);
        if (!name.equals(expected) && !name.endsWith("/" + expected)) {
            problems.add(where, "image " + image + " is not the built image " + expected + " (Jib: group/application name)");
        }
        if (image.equals(name) || image.endsWith(":latest")) {
            problems.add(where, "image " + image + " has no pinned tag");
        }
    }

    private static void configuration(String service, Project project, JsonNode container, Map<String, ObjectNode> byName,
                                      String where, Problems problems) {
        Set<String> supplied = new HashSet<>();
        container.path("env").forEach(env -> supplied.add(env.path("name").asText()));
        for (JsonNode source : container.path("envFrom")) {
            ObjectNode configMap = byName.get("ConfigMap/" + source.path("configMapRef").path("name").asText());
            if (configMap != null) {
                configMap.path("data").fieldNames().forEachRemaining(supplied::add);
            }
            if (source.has("secretRef")) {
                problems.add(where, "envFrom a whole Secret hides which keys it supplies: name each variable");
            }
        }
        Properties properties = project.properties(service);
        for (String key : project.requiredKeys(service)) {
            if (!properties.containsKey(key) && !supplied.contains(environmentName(key))) {
                problems.add(where, "required key " + key + " (" + environmentName(key) + ") is not supplied");
            }
        }
        for (String map : REQUIRED_MAP_ENTRIES.getOrDefault(service, List.of())) {
            String prefix = environmentName(map) + "_";
            if (supplied.stream().noneMatch(name -> name.startsWith(prefix))) {
                problems.add(where, "no entry of " + map + " (" + prefix + "<ID>) is supplied");
            }
        }
    }

    /** The environment variable SmallRye Config reads for a property: upper case, other characters to '_'. */
    static String environmentName(String key) {
        return key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }
}
