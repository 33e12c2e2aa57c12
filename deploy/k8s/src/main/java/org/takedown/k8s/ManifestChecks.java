package org.takedown.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks across the rendered objects that a schema cannot express: references resolve (selectors,
 * service accounts, ConfigMaps, volumes, named ports), the workload rules of k8s/ hold (probes on
 * {@code /q/health/*}, requests and limits, non-root, read-only root filesystem with a writable
 * {@code /tmp}, no capabilities), and no secret value is written into a manifest.
 */
public final class ManifestChecks {

    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|PEPPER|_TOKEN|PRIVATE_KEY|CRYPTO_KEYS_\\w+)$");
    private static final Map<String, String> PROBES = Map.of(
            "startupProbe", "/q/health/started", "livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready");

    private ManifestChecks() {
    }

    public static void check(List<ObjectNode> objects, Problems problems) {
        Map<String, ObjectNode> byName = Kustomize.byKindAndName(objects);
        for (ObjectNode object : objects) {
            String where = Kustomize.id(object);
            String name = object.path("metadata").path("name").asText();
            if (!DNS_SUBDOMAIN.matcher(name).matches()) {
                problems.add(where, "name '" + name + "' is not a DNS-1123 subdomain");
            }
            switch (object.path("kind").asText()) {
                case "Deployment" -> deployment(object, byName, where, problems);
                case "Job" -> job(object, byName, where, problems);
                case "Service" -> selects(object.path("spec").path("selector"), objects, where, problems, true);
                case "PodDisruptionBudget", "NetworkPolicy" -> selects(
                        object.path("spec").path(object.path("kind").asText().equals("NetworkPolicy") ? "podSelector" : "selector")
                                .path("matchLabels"), objects, where, problems, false);
                case "HorizontalPodAutoscaler" -> autoscaler(object, byName, where, problems);
                case "Ingress" -> ingress(object, byName, where, problems);
                case "Certificate" -> certificate(object, byName, where, problems);
                case "ServiceMonitor" -> serviceMonitor(object, objects, where, problems);
                case "Secret" -> {
                    if (object.has("data") || object.has("stringData")) {
                        problems.add(where, "a Secret with values: secrets are referenced, never written into the repository");
                    }
                }
                case "ConfigMap" -> object.path("data").fieldNames().forEachRemaining(key -> {
                    if (SECRET_NAME.matcher(key).matches()) {
                        problems.add(where, "ConfigMap key " + key + " looks like a secret: take it from a Secret");
                    }
                });
                default -> { }
            }
        }
        targetPorts(objects, problems);
    }

    private static void deployment(ObjectNode deployment, Map<String, ObjectNode> byName, String where, Problems problems) {
        JsonNode spec = deployment.path("spec");
        JsonNode template = spec.path("template");
        if (!contains(template.path("metadata").path("labels"), spec.path("selector").path("matchLabels"))
                || spec.path("selector").path("matchLabels").size() == 0) {
            problems.add(where, "selector does not match the pod template's labels");
        }
        pod(template.path("spec"), byName, where, problems, true);
    }

    /** A run-to-completion pod (an ingestion): the same rules as a Deployment's pods, but no probes (it serves nothing). */
    private static void job(ObjectNode job, Map<String, ObjectNode> byName, String where, Problems problems) {
        JsonNode pod = job.path("spec").path("template").path("spec");
        if (!List.of("Never", "OnFailure").contains(pod.path("restartPolicy").asText())) {
            problems.add(where, "restartPolicy must be Never or OnFailure");
        }
        pod(pod, byName, where, problems, false);
    }

    private static void pod(JsonNode pod, Map<String, ObjectNode> byName, String where, Problems problems, boolean serves) {
        String serviceAccount = pod.path("serviceAccountName").asText("");
        if (serviceAccount.isEmpty() || !byName.containsKey("ServiceAccount/" + serviceAccount)) {
            problems.add(where, "service account '" + serviceAccount + "' is not defined");
        }
        Set<String> volumes = new HashSet<>();
        Set<String> emptyDirs = new HashSet<>();
        for (JsonNode volume : pod.path("volumes")) {
            volumes.add(volume.path("name").asText());
            if (volume.has("emptyDir")) {
                emptyDirs.add(volume.path("name").asText());
            }
            String configMap = volume.path("configMap").path("name").asText("");
            if (!configMap.isEmpty() && !byName.containsKey("ConfigMap/" + configMap)) {
                problems.add(where, "volume " + volume.path("name").asText() + " names ConfigMap '" + configMap + "', not defined");
            }
            String claim = volume.path("persistentVolumeClaim").path("claimName").asText("");
            if (!claim.isEmpty() && !byName.containsKey("PersistentVolumeClaim/" + claim)) {
                problems.add(where, "volume " + volume.path("name").asText() + " names PersistentVolumeClaim '" + claim + "', not defined");
            }
        }
        boolean podNonRoot = pod.path("securityContext").path("runAsNonRoot").asBoolean(false);
        if (pod.path("containers").size() == 0) {
            problems.add(where, "no containers");
        }
        for (JsonNode container : pod.path("containers")) {
            String at = "container " + container.path("name").asText();
            if (container.path("image").asText("").isEmpty()) {
                problems.add(where, at + ": no image");
            }
            for (String amount : List.of("requests", "limits")) {
                JsonNode resources = container.path("resources").path(amount);
                if (!resources.has("cpu") && amount.equals("requests") || !resources.has("memory")) {
                    problems.add(where, at + ": resources." + amount + " must set " + (amount.equals("requests") ? "cpu and memory" : "memory"));
                }
            }
            Set<String> ports = new HashSet<>();
            container.path("ports").forEach(port -> {
                ports.add(port.path("name").asText());
                ports.add(port.path("containerPort").asText());
            });
            (serves ? PROBES : Map.<String, String>of()).forEach((probe, path) -> {
                JsonNode get = container.path(probe).path("httpGet");
                if (!path.equals(get.path("path").asText())) {
                    problems.add(where, at + ": " + probe + " must be an HTTP GET on " + path);
                } else if (!ports.contains(get.path("port").asText())) {
                    problems.add(where, at + ": " + probe + " port " + get.path("port").asText() + " is not a container port");
                }
            });
            JsonNode security = container.path("securityContext");
            if (!podNonRoot && !security.path("runAsNonRoot").asBoolean(false)) {
                problems.add(where, at + ": must run as non-root (runAsNonRoot)");
            }
            if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                problems.add(where, at + ": root filesystem must be read-only");
            }
            if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
                problems.add(where, at + ": allowPrivilegeEscalation must be false");
            }
            if (!security.path("capabilities").path("drop").toString().contains("\"ALL\"")) {
                problems.add(where, at + ": capabilities must drop ALL");
            }
            boolean writableTmp = false;
            for (JsonNode mount : container.path("volumeMounts")) {
                String volume = mount.path("name").asText();
                if (!volumes.contains(volume)) {
                    problems.add(where, at + ": volume mount " + volume + " has no volume");
                }
                writableTmp |= mount.path("mountPath").asText().equals("/tmp") && emptyDirs.contains(volume);
            }
            if (!writableTmp) {
                problems.add(where, at + ": needs an emptyDir at /tmp (the root filesystem is read-only)");
            }
            for (JsonNode source : container.path("envFrom")) {
                String configMap = source.path("configMapRef").path("name").asText("");
                if (!configMap.isEmpty() && !byName.containsKey("ConfigMap/" + configMap)) {
                    problems.add(where, at + ": envFrom names ConfigMap '" + configMap + "', not defined");
                }
            }
            for (JsonNode env : container.path("env")) {
                String name = env.path("name").asText();
                if (env.has("value") && SECRET_NAME.matcher(name).matches()) {
                    problems.add(where, at + ": " + name + " has a literal value: take it from a Secret");
                }
                JsonNode ref = env.path("valueFrom").path("configMapKeyRef");
                if (!ref.isMissingNode()) {
                    ObjectNode configMap = byName.get("ConfigMap/" + ref.path("name").asText());
                    if (configMap == null || !configMap.path("data").has(ref.path("key").asText())) {
                        problems.add(where, at + ": " + name + " refers to a missing ConfigMap key " + ref);
                    }
                }
            }
        }
    }

    private static void autoscaler(ObjectNode hpa, Map<String, ObjectNode> byName, String where, Problems problems) {
        JsonNode spec = hpa.path("spec");
        JsonNode target = spec.path("scaleTargetRef");
        if (!byName.containsKey(target.path("kind").asText() + "/" + target.path("name").asText())) {
            problems.add(where, "scale target " + target.path("kind").asText() + "/" + target.path("name").asText() + " is not defined");
        }
        if (spec.path("minReplicas").asInt(1) > spec.path("maxReplicas").asInt()) {
            problems.add(where, "minReplicas is above maxReplicas");
        }
    }

    /** Does the label selector pick the pods of at least one Deployment? */
    private static void selects(JsonNode selector, List<ObjectNode> objects, String where, Problems problems, boolean required) {
        if (selector.size() == 0) {
            if (required) {
                problems.add(where, "empty selector");
            }
            return;
        }
        boolean any = objects.stream().filter(o -> o.path("kind").asText().equals("Deployment"))
                .anyMatch(d -> contains(d.path("spec").path("template").path("metadata").path("labels"), selector));
        if (!any) {
            problems.add(where, "selector " + selector + " matches no pods of any Deployment");
        }
    }

    private static void targetPorts(List<ObjectNode> objects, Problems problems) {
        for (ObjectNode service : objects) {
            if (!service.path("kind").asText().equals("Service")) {
                continue;
            }
            JsonNode selector = service.path("spec").path("selector");
            for (ObjectNode deployment : objects) {
                if (!deployment.path("kind").asText().equals("Deployment")
                        || !contains(deployment.path("spec").path("template").path("metadata").path("labels"), selector)) {
                    continue;
                }
                Set<String> ports = new HashSet<>();
                deployment.path("spec").path("template").path("spec").path("containers").forEach(c -> c.path("ports").forEach(p -> {
                    ports.add(p.path("name").asText());
                    ports.add(p.path("containerPort").asText());
                }));
                for (JsonNode port : service.path("spec").path("ports")) {
                    String target = port.path("targetPort").asText(port.path("port").asText());
                    if (!ports.contains(target)) {
                        problems.add(Kustomize.id(service), "targetPort " + target + " is not a port of " + Kustomize.id(deployment));
                    }
                }
            }
        }
    }

    /** Backends are defined Services and ports; every TLS host is covered by the cert-manager Certificate writing its Secret. */
    private static void ingress(ObjectNode ingress, Map<String, ObjectNode> byName, String where, Problems problems) {
        Set<String> hosts = new HashSet<>();
        for (JsonNode rule : ingress.path("spec").path("rules")) {
            hosts.add(rule.path("host").asText());
            for (JsonNode path : rule.path("http").path("paths")) {
                JsonNode backend = path.path("backend").path("service");
                String name = backend.path("name").asText();
                ObjectNode service = byName.get("Service/" + name);
                if (service == null) {
                    // Operators create some Services (Keycloak's <name>-service); accept those by their owner's name.
                    if (!(name.endsWith("-service") && byName.containsKey("Keycloak/" + name.substring(0, name.length() - "-service".length())))) {
                        problems.add(where, "backend Service '" + name + "' is not defined");
                    }
                    continue;
                }
                JsonNode port = backend.path("port");
                boolean found = false;
                for (JsonNode servicePort : service.path("spec").path("ports")) {
                    found |= port.has("name") ? servicePort.path("name").asText().equals(port.path("name").asText())
                            : servicePort.path("port").asInt() == port.path("number").asInt();
                }
                if (!found) {
                    problems.add(where, "backend port " + port + " is not a port of Service " + name);
                }
            }
        }
        Set<String> covered = new HashSet<>();
        for (JsonNode tls : ingress.path("spec").path("tls")) {
            String secret = tls.path("secretName").asText();
            ObjectNode certificate = byName.values().stream()
                    .filter(o -> o.path("kind").asText().equals("Certificate") && o.path("spec").path("secretName").asText().equals(secret))
                    .findFirst().orElse(null);
            if (certificate == null) {
                problems.add(where, "TLS Secret '" + secret + "' is written by no cert-manager Certificate");
                continue;
            }
            Set<String> names = new HashSet<>();
            certificate.path("spec").path("dnsNames").forEach(n -> names.add(n.asText()));
            for (JsonNode host : tls.path("hosts")) {
                if (!names.contains(host.asText())) {
                    problems.add(where, "TLS host " + host.asText() + " is not among the dnsNames of " + Kustomize.id(certificate));
                }
                covered.add(host.asText());
            }
        }
        for (String host : hosts) {
            if (!covered.contains(host)) {
                problems.add(where, "host " + host + " has no TLS entry");
            }
        }
    }

    private static void certificate(ObjectNode certificate, Map<String, ObjectNode> byName, String where, Problems problems) {
        JsonNode issuer = certificate.path("spec").path("issuerRef");
        String kind = issuer.path("kind").asText("Issuer");
        if (kind.equals("Issuer") && !byName.containsKey("Issuer/" + issuer.path("name").asText())) {
            problems.add(where, "issuer " + issuer.path("name").asText() + " is not defined");
        }
    }

    /** The ServiceMonitor selects Services that have the port it scrapes. */
    private static void serviceMonitor(ObjectNode monitor, List<ObjectNode> objects, String where, Problems problems) {
        JsonNode selector = monitor.path("spec").path("selector").path("matchLabels");
        List<ObjectNode> services = objects.stream().filter(o -> o.path("kind").asText().equals("Service")
                && contains(o.path("metadata").path("labels"), selector)).toList();
        if (services.isEmpty()) {
            problems.add(where, "selector " + selector + " matches no Service");
        }
        for (JsonNode endpoint : monitor.path("spec").path("endpoints")) {
            String port = endpoint.path("port").asText();
            for (ObjectNode service : services) {
                boolean has = false;
                for (JsonNode servicePort : service.path("spec").path("ports")) {
                    has |= servicePort.path("name").asText().equals(port);
                }
                if (!has) {
                    problems.add(where, "endpoint port '" + port + "' is not a named port of " + Kustomize.id(service));
                }
            }
        }
    }

    private static boolean contains(JsonNode labels, JsonNode required) {
        for (Iterator<Map.Entry<String, JsonNode>> it = required.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}
