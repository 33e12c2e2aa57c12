package org.takedown.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the real Kafka and PostgreSQL of {@link Infrastructure#shared()},
 * with the service's own role and schema, and, when the application uses {@code quarkus-oidc}, at
 * the real Keycloak (tokens for its tests: {@link Tokens#shared()}):
 *
 * <pre>
 * &#64;QuarkusTest
 * &#64;WithTestResource(value = RealInfrastructureResource.class,
 *         initArgs = &#64;ResourceArg(name = RealInfrastructureResource.SERVICE, value = "intake"))
 * class RequestResourceIT { ... }
 * </pre>
 */
public class RealInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: the service name, which is also its database role and schema. */
    public static final String SERVICE = "service";

    private String service;

    /** For tests that stop and start Kafka. */
    public static Infrastructure infrastructure() {
        return Infrastructure.shared();
    }

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.get(SERVICE);
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException(RealInfrastructureResource.class.getSimpleName()
                    + " needs initArgs = @ResourceArg(name = \"" + SERVICE + "\", value = \"<service name>\")");
        }
    }

    @Override
    public Map<String, String> start() {
        Infrastructure infrastructure = Infrastructure.shared();
        ServiceDatabase database = infrastructure.serviceDatabase(service);
        Map<String, String> config = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", infrastructure.kafkaBootstrapServers(),
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.username(),
                "quarkus.datasource.password", database.password()));
        if (onClassPath("io.quarkus.oidc.OidcTenantConfig")) {
            // A protected service: its tokens come from the real Keycloak, started on first need.
            String issuer = infrastructure.keycloakUrl() + "/realms/" + KeycloakServer.REALM;
            config.put("quarkus.oidc.auth-server-url", issuer);
            if (onClassPath("io.quarkus.oidc.client.OidcClient")) {
                config.put("quarkus.oidc-client.auth-server-url", issuer);
            }
        }
        return config;
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * The infrastructure outlives each application (a JVM shutdown hook stops it); only a broker
     * that a failed test left stopped is brought back for the next test class.
     */
    @Override
    public void stop() {
        Infrastructure.shared().startKafka();
    }
}
