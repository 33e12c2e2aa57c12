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
 * its container; every service runs the image the Jib build produces; matching, when pointed at an OpenSearch
 * cluster, reaches one the overlay runs.
 */
public final class ProjectChecks {

    /** Map members that must have at least one entry although a Map has no default: the key ring. */
    static final Map<String, List<String>> REQUIRED_MAP_ENTRIES = Map.of(
            "intake", List.of("takedown.intake.crypto.keys"));

    private ProjectChecks() {
    }

    public static void check(List<ObjectNode> objects, Project project, Problems problems) {
        topics(objects, project, problems);
        monitoring(objects, project, problems);
        publicHosts(objects, problems);
        openSearch(objects, problems);
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
            jsonLogs(service, project, container, byName, Kustomize.id(deployment), problems);
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

    /** The ConfigMaps turn JSON logs on with the key Quarkus reads, and the service has the extension that writes them. */
    private static void jsonLogs(String service, Project project, JsonNode container, Map<String, ObjectNode> byName,
                                 String where, Problems problems) {
        Map<String, String> environment = new java.util.HashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            ObjectNode configMap = byName.get("ConfigMap/" + source.path("configMapRef").path("name").asText());
            if (configMap != null) {
                configMap.path("data").fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
            }
        }
        container.path("env").forEach(env -> environment.put(env.path("name").asText(), env.path("value").asText("")));
        if (environment.containsKey("QUARKUS_LOG_CONSOLE_JSON")) {
            problems.add(where, "QUARKUS_LOG_CONSOLE_JSON is not a Quarkus property (quarkus-logging-json reads QUARKUS_LOG_CONSOLE_JSON_ENABLED)");
        }
        if (!"true".equals(environment.get(JSON_LOGS))) {
            problems.add(where, JSON_LOGS + " must be \"true\": log collectors read one JSON object per line");
        }
        if (!project.dependsOn(service, "io.quarkus", "quarkus-logging-json")) {
            problems.add(where, "services/" + service + " lacks io.quarkus:quarkus-logging-json, so " + JSON_LOGS + " has no effect");
        }
    }

    static final String JSON_LOGS = "QUARKUS_LOG_CONSOLE_JSON_ENABLED";

    /** Alerts and the dashboard read only metrics the services expose, under the names Prometheus gets. */
    private static void monitoring(List<ObjectNode> objects, Project project, Problems problems) {
        Set<String> exposed = Metrics.exposed(project.root());
        boolean rules = false;
        boolean dashboard = false;
        for (ObjectNode object : objects) {
            String kind = object.path("kind").asText();
            if (kind.equals("PrometheusRule")) {
                rules = true;
                for (JsonNode group : object.path("spec").path("groups")) {
                    for (JsonNode rule : group.path("rules")) {
                        String name = rule.path("alert").asText(rule.path("record").asText());
                        unknownMetrics(rule.path("expr").asText(), exposed, Kustomize.id(object) + " rule " + name, problems);
                    }
                }
            } else if (kind.equals("ConfigMap") && object.path("metadata").path("labels").has("grafana_dashboard")) {
                dashboard = true;
                object.path("data").fields().forEachRemaining(file -> {
                    JsonNode json;
                    try {
                        json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.getValue().asText());
                    } catch (java.io.IOException e) {
                        problems.add(Kustomize.id(object), file.getKey() + " is not JSON: " + e.getMessage());
                        return;
                    }
                    if (json.path("panels").size() == 0) {
                        problems.add(Kustomize.id(object), file.getKey() + " has no panels");
                    }
                    for (JsonNode panel : json.path("panels")) {
                        for (JsonNode target : panel.path("targets")) {
                            unknownMetrics(target.path("expr").asText(), exposed,
                                    Kustomize.id(object) + " " + file.getKey() + " panel '" + panel.path("title").asText() + "'", problems);
                        }
                    }
                    for (JsonNode variable : json.path("templating").path("list")) {
                        unknownMetrics(variable.path("definition").asText(), exposed, Kustomize.id(object) + " " + file.getKey()
                                + " variable " + variable.path("name").asText(), problems);
                    }
                });
            }
        }
        if (!rules) {
            problems.add("monitoring", "no PrometheusRule: the alerts of docs/operations.md are not deployed");
        }
        if (!dashboard) {
            problems.add("monitoring", "no Grafana dashboard ConfigMap (label grafana_dashboard)");
        }
    }

    private static void unknownMetrics(String expression, Set<String> exposed, String where, Problems problems) {
        for (String metric : Metrics.referenced(expression)) {
            if (!exposed.contains(metric)) {
                problems.add(where, "metric " + metric + " is not exposed by any service");
            }
        }
    }

    /** The public URLs the configuration announces (intake's links, Keycloak's issuer) are hosts the Ingress serves. */
    private static void publicHosts(List<ObjectNode> objects, Problems problems) {
        Set<String> served = new HashSet<>();
        Map<String, String> announced = new java.util.TreeMap<>();
        for (ObjectNode object : objects) {
            switch (object.path("kind").asText()) {
                case "Ingress" -> object.path("spec").path("rules").forEach(rule -> served.add(rule.path("host").asText()));
                case "Keycloak" -> announced.put(Kustomize.id(object) + " spec.hostname.hostname",
                        object.path("spec").path("hostname").path("hostname").asText());
                case "ConfigMap" -> object.path("data").fields().forEachRemaining(e -> {
                    if (e.getKey().equals("TAKEDOWN_INTAKE_PUBLIC_URL") || e.getKey().equals("QUARKUS_OIDC_TOKEN_ISSUER")) {
                        announced.put(Kustomize.id(object) + " " + e.getKey(), e.getValue().asText());
                    }
                });
                default -> { }
            }
        }
        announced.forEach((where, url) -> {
            String host = java.net.URI.create(url).getHost();
            if (host != null && !served.contains(host)) {
                problems.add(where, "announces " + url + " but no Ingress serves host " + host);
            }
        });
    }

    /**
     * Where matching's ConfigMap names OpenSearch hosts: each is the service of an OpenSearchCluster in the overlay,
     * whose REST certificate names that host; matching's NetworkPolicy lets it reach the cluster's pods on that port;
     * the user it names is an OpensearchUser bound to a role; its password comes from a Secret; and the CA file it
     * names lies in a volume mounted into its container.
     */
    private static void openSearch(List<ObjectNode> objects, Problems problems) {
        Map<String, ObjectNode> byName = Kustomize.byKindAndName(objects);
        ObjectNode config = byName.get("ConfigMap/matching-config");
        ObjectNode deployment = byName.get("Deployment/matching");
        if (config == null || deployment == null || !config.path("data").has("TAKEDOWN_MATCHING_OPENSEARCH_HOSTS")) {
            return;
        }
        String where = Kustomize.id(config) + " TAKEDOWN_MATCHING_OPENSEARCH_HOSTS";
        Map<String, ObjectNode> clusters = new java.util.HashMap<>();
        objects.stream().filter(o -> o.path("kind").asText().equals("OpenSearchCluster"))
                .forEach(c -> clusters.put(c.path("spec").path("general").path("serviceName").asText(), c));
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").path(0);
        for (String host : config.path("data").path("TAKEDOWN_MATCHING_OPENSEARCH_HOSTS").asText().split(",")) {
            java.net.URI uri = java.net.URI.create(host.trim());
            ObjectNode cluster = clusters.get(uri.getHost());
            if (cluster == null) {
                problems.add(where, "names " + uri + " but no OpenSearchCluster serves " + uri.getHost());
                continue;
            }
            String clusterName = cluster.path("metadata").path("name").asText();
            int port = uri.getPort() < 0 ? 9200 : uri.getPort();
            if (!egressReaches(byName.get("NetworkPolicy/matching"), "opster.io/opensearch-cluster", clusterName, port)) {
                problems.add("NetworkPolicy/matching", "allows no egress to OpenSearchCluster " + clusterName + " on port " + port);
            }
            String httpSecret = cluster.path("spec").path("security").path("tls").path("http").path("secret").path("name").asText("");
            if (uri.getScheme().equals("https") && !httpSecret.isEmpty()) {
                objects.stream().filter(o -> o.path("kind").asText().equals("Certificate")
                                && o.path("spec").path("secretName").asText().equals(httpSecret)).findFirst()
                        .ifPresentOrElse(certificate -> {
                            if (!certificate.path("spec").path("dnsNames").toString().contains("\"" + uri.getHost() + "\"")) {
                                problems.add(Kustomize.id(certificate), "does not name host " + uri.getHost() + " that matching connects to");
                            }
                        }, () -> problems.add(Kustomize.id(cluster), "REST certificate Secret " + httpSecret + " comes from no Certificate"));
            }
        }
        String user = config.path("data").path("TAKEDOWN_MATCHING_OPENSEARCH_USERNAME").asText("");
        if (!user.isEmpty()) {
            boolean defined = byName.containsKey("OpensearchUser/" + user);
            boolean bound = objects.stream().anyMatch(o -> o.path("kind").asText().equals("OpensearchUserRoleBinding")
                    && o.path("spec").path("users").toString().contains("\"" + user + "\"")
                    && o.path("spec").path("roles").size() > 0);
            if (!defined || !bound) {
                problems.add(where, "matching logs in as " + user + ", " + (defined ? "bound to no role" : "which no OpensearchUser defines"));
            }
            boolean passwordFromSecret = false;
            for (JsonNode env : container.path("env")) {
                passwordFromSecret |= env.path("name").asText().equals("TAKEDOWN_MATCHING_OPENSEARCH_PASSWORD")
                        && env.path("valueFrom").has("secretKeyRef");
            }
            if (!passwordFromSecret) {
                problems.add(Kustomize.id(deployment), "TAKEDOWN_MATCHING_OPENSEARCH_PASSWORD must come from a Secret");
            }
        }
        String ca = config.path("data").path("TAKEDOWN_MATCHING_OPENSEARCH_CA_CERTIFICATE").asText("");
        if (!ca.isEmpty()) {
            boolean mounted = false;
            for (JsonNode mount : container.path("volumeMounts")) {
                mounted |= ca.startsWith(mount.path("mountPath").asText() + "/");
            }
            if (!mounted) {
                problems.add(Kustomize.id(deployment), "TAKEDOWN_MATCHING_OPENSEARCH_CA_CERTIFICATE " + ca + " is not under a mounted volume");
            }
        }
    }

    private static boolean egressReaches(ObjectNode policy, String label, String value, int port) {
        if (policy == null) {
            return false;
        }
        for (JsonNode rule : policy.path("spec").path("egress")) {
            boolean toPods = false;
            for (JsonNode peer : rule.path("to")) {
                toPods |= value.equals(peer.path("podSelector").path("matchLabels").path(label).asText(null));
            }
            boolean onPort = false;
            for (JsonNode p : rule.path("ports")) {
                onPort |= p.path("port").asInt() == port;
            }
            if (toPods && onPort) {
                return true;
            }
        }
        return false;
    }

    /** The environment variable SmallRye Config reads for a property: upper case, other characters to '_'. */
    static String environmentName(String key) {
        return key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }
}
