package org.takedown.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds the validator a copy of k8s/ with one mistake in it and expects that mistake reported:
 * the proof that CI fails on a manifest error. The unbroken copy passes (first test), so each
 * failure below is caused by its one edit.
 */
class BrokenManifestTest {

    record Breakage(String description, String file, String from, String to, String expected) {
        @Override
        public String toString() {
            return description;
        }
    }

    static List<Breakage> breakages() {
        return List.of(
                new Breakage("misspelt field in the ingestion Job", "overlays/dev/matching-ingest-job.yaml",
                        "ttlSecondsAfterFinished:", "ttlSecondAfterFinished:", "unknown field .spec.ttlSecondAfterFinished"),
                new Breakage("ingestion Job with a writable root filesystem", "overlays/dev/matching-ingest-job.yaml",
                        "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", "root filesystem must be read-only"),
                new Breakage("volume naming a claim that is not defined", "overlays/dev/matching-ingest-job.yaml",
                        "claimName: matching-indexes", "claimName: matching-index", "names PersistentVolumeClaim 'matching-index', not defined"),
                new Breakage("misspelt field in a Deployment", "base/services/review/deployment.yaml",
                        "readinessProbe:", "readinesProbe:", "unknown field .spec.template.spec.containers[0].readinesProbe"),
                new Breakage("wrong type in a Deployment", "base/services/review/deployment.yaml",
                        "revisionHistoryLimit: 5", "revisionHistoryLimit: five", "does not match the Kubernetes schema"),
                new Breakage("quoted number where the API wants an integer", "base/services/review/hpa.yaml",
                        "averageUtilization: 70", "averageUtilization: \"70\"", "does not match the Kubernetes schema"),
                new Breakage("invalid quantity", "base/services/review/deployment.yaml",
                        "memory: 768Mi", "memory: lots", "is not a quantity"),
                new Breakage("unknown field in a KafkaTopic", "base/infra/kafka/topics.yaml",
                        "partitions: 6", "partition: 6", "unknown field spec.partition"),
                new Breakage("value outside a CRD enum", "base/infra/kafka/nodepool.yaml",
                        "- broker", "- brokers", "is not one of"),
                new Breakage("missing required CRD field", "base/infra/postgres/cluster.yaml",
                        "secret:\n        name: takedown-db-owner", "secret:\n        key: takedown-db-owner",
                        "spec.bootstrap.initdb.secret.name: required"),
                new Breakage("topic of the contract missing", "base/infra/kafka/topics.yaml",
                        "topicName: takedown.matches.found.dlq", "topicName: takedown.matches.found-dlq",
                        "topic takedown.matches.found.dlq: no KafkaTopic"),
                new Breakage("required configuration key missing", "base/services/review/configmap.yaml",
                        "  KAFKA_BOOTSTRAP_SERVERS: takedown-kafka-bootstrap:9092\n", "",
                        "required key kafka.bootstrap.servers"),
                new Breakage("intake's key ring missing", "base/services/intake/deployment.yaml",
                        "name: TAKEDOWN_INTAKE_CRYPTO_KEYS_K1", "name: TAKEDOWN_INTAKE_CRYPTO_KEY_K1",
                        "no entry of takedown.intake.crypto.keys"),
                new Breakage("image that the build does not produce", "base/services/review/deployment.yaml",
                        "image: takedown/review:latest", "image: takedown/reviewer:latest", "is not the built image takedown/review"),
                new Breakage("more replicas than partitions", "overlays/dev/kustomization.yaml",
                        "path: /spec/maxReplicas\n        value: 2", "path: /spec/maxReplicas\n        value: 12",
                        "maxReplicas above 6 partitions"),
                new Breakage("patch that adds a field the API does not have (kustomize's replace adds a missing path)", "overlays/dev/kustomization.yaml",
                        "path: /spec/minReplicas", "path: /spec/minimumReplicas", "unknown field .spec.minimumReplicas"),
                new Breakage("patch whose test operation fails", "overlays/prod/kustomization.yaml",
                        "path: /spec/kafka/listeners/0/name\n        value: plain", "path: /spec/kafka/listeners/0/name\n        value: tls",
                        "kustomize build failed"),
                new Breakage("secret value written into a manifest", "base/services/review/deployment.yaml",
                        "- name: JAVA_OPTS_APPEND", "- name: DB_PASSWORD", "DB_PASSWORD has a literal value"),
                new Breakage("writable root filesystem", "base/services/review/deployment.yaml",
                        "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", "root filesystem must be read-only"),
                new Breakage("liveness probe on the readiness endpoint", "base/services/review/deployment.yaml",
                        "path: /q/health/live", "path: /q/health/ready", "livenessProbe must be an HTTP GET on /q/health/live"),
                new Breakage("Service that selects no pods", "base/services/review/service.yaml",
                        "    app.kubernetes.io/name: review\n  ports:", "    app.kubernetes.io/name: reviews\n  ports:",
                        "matches no pods"),
                new Breakage("object of an unknown kind", "base/services/review/pdb.yaml",
                        "apiVersion: policy/v1", "apiVersion: policy/v1beta1", "no Kubernetes or CRD schema"),
                new Breakage("YAML that does not parse", "base/services/review/service.yaml",
                        "spec:\n  selector:", "spec:\n selector:\n   - [", "kustomize build failed"),
                new Breakage("Kafka on the v1beta2 API that Strimzi 1.x no longer serves", "base/infra/kafka/kafka.yaml",
                        "apiVersion: kafka.strimzi.io/v1", "apiVersion: kafka.strimzi.io/v1beta2", "no Kubernetes or CRD schema"),
                new Breakage("unknown field in a Kafka (full upstream CRD)", "base/infra/kafka/kafka.yaml",
                        "auto.create.topics.enable: false\n", "auto.create.topics.enable: false\n    autoCreateTopics: false\n",
                        "unknown field spec.kafka.autoCreateTopics"),
                new Breakage("misspelt field in the Barman Cloud ObjectStore", "overlays/prod/object-store.yaml",
                        "destinationPath:", "destinationPth:", "unknown field spec.configuration.destinationPth"),
                new Breakage("JSON logs under a key Quarkus does not read", "base/services/review/configmap.yaml",
                        "QUARKUS_LOG_CONSOLE_JSON_ENABLED:", "QUARKUS_LOG_CONSOLE_JSON:", "QUARKUS_LOG_CONSOLE_JSON is not a Quarkus property"),
                new Breakage("alert on a metric no service exposes", "base/monitoring/prometheusrule.yaml",
                        "(takedown_outbox_oldest_age_seconds)", "(takedown_outbox_oldest_age)",
                        "metric takedown_outbox_oldest_age is not exposed"),
                new Breakage("dashboard panel on a misspelt metric", "base/monitoring/grafana/takedown-pipeline.json",
                        "(takedown_open_cases{", "(takedown_open_case{", "metric takedown_open_case is not exposed"),
                new Breakage("misspelt field in the ServiceMonitor", "base/monitoring/servicemonitor.yaml",
                        "scrapeTimeout:", "scrapeTimout:", "unknown field spec.endpoints[0].scrapeTimout"),
                new Breakage("public host without a certificate", "overlays/dev/kustomization.yaml",
                        "path: /spec/dnsNames\n        value: [intake.takedown-dev.example, review.takedown-dev.example,",
                        "path: /spec/dnsNames\n        value: [intake.takedown-dev.example,",
                        "TLS host review.takedown-dev.example is not among the dnsNames"),
                new Breakage("public URL on a host no Ingress serves", "overlays/prod/kustomization.yaml",
                        "value: https://intake.takedown.example", "value: https://claims.takedown.example",
                        "no Ingress serves host claims.takedown.example"),
                new Breakage("Ingress to a port the Service lacks", "base/ingress/ingress.yaml",
                        "name: intake\n                port:\n                  name: http", "name: intake\n                port:\n                  name: https",
                        "is not a port of Service intake"),
                new Breakage("misspelt field in the OpenSearchCluster (the operator's CRD)", "overlays/prod/opensearch.yaml",
                        "diskSize: 500Gi", "diskSpace: 500Gi", "unknown field spec.nodePools[0].diskSpace"),
                new Breakage("matching pointed at an OpenSearch service no cluster provides", "overlays/prod/kustomization.yaml",
                        "value: https://takedown-search:9200", "value: https://opensearch:9200",
                        "no OpenSearchCluster serves opensearch"),
                new Breakage("matching's network policy not reaching OpenSearch", "overlays/prod/kustomization.yaml",
                        "opster.io/opensearch-cluster: takedown-search", "opster.io/opensearch-cluster: search",
                        "allows no egress to OpenSearchCluster takedown-search on port 9200"),
                new Breakage("OpenSearch REST certificate without the host matching connects to", "overlays/prod/opensearch.yaml",
                        "    - takedown-search\n    - takedown-search.takedown\n", "    - takedown-search.takedown\n",
                        "does not name host takedown-search"),
                new Breakage("OpenSearch user bound to no role", "overlays/prod/opensearch.yaml",
                        "users: [takedown-matching]", "users: [matching]", "matching logs in as takedown-matching, bound to no role"),
                new Breakage("OpenSearch CA file outside any mounted volume", "overlays/prod/kustomization.yaml",
                        "mountPath: /etc/takedown/opensearch-ca", "mountPath: /etc/takedown/search-ca",
                        "/etc/takedown/opensearch-ca/ca.crt is not under a mounted volume"),
                new Breakage("cert-manager Issuer with a misspelt solver field", "base/ingress/issuer.yaml",
                        "ingressClassName: nginx", "ingressClass_Name: nginx", "unknown field spec.acme.solvers[0].http01.ingress.ingressClass_Name"));
    }

    @TempDir
    Path copy;

    @Test
    void theUnbrokenCopyPasses() throws IOException {
        copyK8s();
        for (String overlay : List.of("dev", "prod")) {
            Problems problems = validate(overlay);
            assertTrue(problems.isEmpty(), () -> overlay + ":\n" + problems);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void aBrokenManifestIsReported(Breakage breakage) throws IOException {
        copyK8s();
        Path file = copy.resolve(breakage.file());
        String text = Files.readString(file);
        assertTrue(text.contains(breakage.from()), () -> breakage.file() + " no longer contains: " + breakage.from());
        Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(breakage.from()),
                java.util.regex.Matcher.quoteReplacement(breakage.to())));

        Problems problems = validate(breakage.file().startsWith("overlays/prod/") ? "prod" : "dev");

        assertTrue(problems.contains(breakage.expected()), () -> "expected '" + breakage.expected() + "' among:\n" + problems);
    }

    private Problems validateDev() {
        return validate("dev");
    }

    private Problems validate(String overlay) {
        return new OverlayValidator(Repository.project()).validate(copy.resolve("overlays/" + overlay));
    }

    private void copyK8s() throws IOException {
        Path source = Repository.root().resolve("k8s");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path path : files.toList()) {
                Path target = copy.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
