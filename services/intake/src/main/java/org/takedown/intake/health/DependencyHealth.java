package org.takedown.intake.health;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.takedown.messaging.OutboxBacklog;

/**
 * Kafka and Keycloak as seen from intake, in the health group {@code dependencies}
 * ({@code /q/health/group/dependencies}), deliberately <em>not</em> in readiness: the public API must
 * stay in service while either is down — the outbox buffers what Kafka cannot take, and claimants need
 * no Keycloak token. Quarkus's own Kafka and OIDC checks are readiness checks, so intake turns them off
 * ({@code quarkus.kafka.health.enabled}, {@code quarkus.oidc.health.enabled}) and reports the same here.
 */
@ApplicationScoped
public class DependencyHealth {

    public static final String GROUP = "dependencies";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, Object> kafka;
    private final String issuer;
    private final OutboxBacklog backlog;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private volatile Admin admin;

    DependencyHealth(@Identifier("default-kafka-broker") Instance<Map<String, Object>> kafka,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer, OutboxBacklog backlog) {
        this.kafka = kafka.isResolvable() ? kafka.get() : Map.of();
        this.issuer = issuer;
        this.backlog = backlog;
    }

    @Produces
    @HealthGroup(GROUP)
    HealthCheck kafkaBroker() {
        return () -> {
            HealthCheckResponseBuilder check = HealthCheckResponse.named("Kafka broker")
                    .withData("outboxBacklog", backlog.events())
                    .withData("outboxOldestAgeSeconds", (long) backlog.oldestAgeSeconds())
                    .withData("outboxParked", backlog.parked());
            try {
                int nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                        .nodes().get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS).size();
                return check.up().withData("nodes", nodes).build();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return check.down().withData("error", e.getClass().getSimpleName()).build();
            }
        };
    }

    @Produces
    @HealthGroup(GROUP)
    HealthCheck keycloak() {
        return () -> {
            HealthCheckResponseBuilder check = HealthCheckResponse.named("Keycloak");
            try {
                HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                        .timeout(TIMEOUT).GET().build();
                int status = http.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode();
                return check.status(status == 200).withData("status", status).build();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return check.down().withData("error", e.getClass().getSimpleName()).build();
            }
        };
    }

    private Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> settings = new HashMap<>();
                    kafka.forEach((key, value) -> {
                        if (AdminClientConfig.configNames().contains(key)) {
                            settings.put(key, value);
                        }
                    });
                    settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "intake-health");
                    settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
                    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
                    admin = Admin.create(settings);
                }
            }
        }
        return admin;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
