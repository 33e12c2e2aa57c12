package org.takedown.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.takedown.events.Topics;

/**
 * Holds the one {@link Infrastructure} of this JVM; see {@link Infrastructure#shared()}.
 * <p>
 * Quarkus loads test code into a fresh class loader per test profile, each with its own copy of
 * this class and its statics, and closes those loaders as it goes. So the instance lives in the
 * copy of the system class loader, which never closes, and copies elsewhere forward to it through
 * the static methods below, whose signatures use JDK types only.
 */
final class SharedInfrastructure {

    private static Infrastructure instance;
    private static RuntimeException failure;
    private static KeycloakServer keycloak;
    private static RuntimeException keycloakFailure;

    private SharedInfrastructure() {
    }

    /** The JVM-wide Keycloak only, without starting Kafka and PostgreSQL. */
    static String sharedKeycloakUrl() {
        Class<?> owner = jvmWideCopy();
        if (owner == SharedInfrastructure.class) {
            return keycloakUrl();
        }
        try {
            Method target = owner.getDeclaredMethod("keycloakUrl");
            target.setAccessible(true);
            return (String) target.invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot reach the shared Keycloak in the system class loader", e);
        }
    }

    static Infrastructure get() {
        Class<?> owner = jvmWideCopy();
        return owner == SharedInfrastructure.class ? instance() : new Forwarding(owner);
    }

    static synchronized Infrastructure instance() {
        if (failure != null) {
            // Every later test class would otherwise wait through the same failing start again.
            throw new IllegalStateException("The shared test infrastructure failed to start earlier in this JVM", failure);
        }
        if (instance == null) {
            try {
                instance = start();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return instance;
    }

    static String kafkaBootstrapServers() {
        return instance().kafkaBootstrapServers();
    }

    static List<String> serviceDatabase(String service) {
        ServiceDatabase database = instance().serviceDatabase(service);
        return List.of(database.jdbcUrl(), database.username(), database.password(), database.schema());
    }

    static void stopKafka() {
        instance().stopKafka();
    }

    static void startKafka() {
        instance().startKafka();
    }

    static void stopPostgres() {
        instance().stopPostgres();
    }

    static void startPostgres() {
        instance().startPostgres();
    }

    static void close() {
        instance().close();
    }

    /**
     * Keycloak is started on first use only (about half a minute on two cores), whichever provider
     * runs Kafka and PostgreSQL: it is a local process either way.
     */
    static synchronized String keycloakUrl() {
        if (keycloakFailure != null) {
            throw new IllegalStateException("The test Keycloak failed to start earlier in this JVM", keycloakFailure);
        }
        if (keycloak == null) {
            Path workDir = WorkDirs.createTemp("takedown-keycloak");
            try {
                long started = System.nanoTime();
                KeycloakServer server = KeycloakServer.start(workDir, 0, KeycloakServer.devPlaceholders("http://127.0.0.1:8084"));
                TestClients.addTo(server);
                System.out.printf("[takedown-testing] Keycloak %s ready in %.1f s%n", server.url(), (System.nanoTime() - started) / 1e9);
                keycloak = server;
            } catch (RuntimeException e) {
                keycloakFailure = e;
                WorkDirs.deleteRecursively(workDir);
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                keycloak.close();
                WorkDirs.deleteRecursively(workDir);
            }, "takedown-keycloak-stop"));
        }
        return keycloak.url();
    }

    private static Class<?> jvmWideCopy() {
        try {
            return Class.forName(SharedInfrastructure.class.getName(), true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            // Not on the application class path (a custom launcher): this copy is the only one.
            return SharedInfrastructure.class;
        }
    }

    private static Infrastructure start() {
        String provider = System.getProperty(Infrastructure.PROVIDER_PROPERTY, "local");
        Path workDir = WorkDirs.createTemp("takedown-infrastructure");
        Infrastructure infrastructure;
        try {
            infrastructure = switch (provider) {
                case "local" -> LocalInfrastructure.start(workDir);
                case "testcontainers" -> startTestcontainers();
                default -> throw new IllegalArgumentException(
                        "-D" + Infrastructure.PROVIDER_PROPERTY + "=" + provider + ": expected local or testcontainers");
            };
        } catch (RuntimeException e) {
            WorkDirs.deleteRecursively(workDir);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            infrastructure.close();
            WorkDirs.deleteRecursively(workDir);
        }, "takedown-infrastructure-stop"));
        infrastructure.createTopics(Topics.allWithDeadLetters(), Topics.DEFAULT_PARTITIONS);
        return infrastructure;
    }

    private static Infrastructure startTestcontainers() {
        try {
            return TestcontainersInfrastructure.start();
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("-D" + Infrastructure.PROVIDER_PROPERTY + "=testcontainers needs the test dependencies"
                    + " org.testcontainers:testcontainers-kafka and org.testcontainers:testcontainers-postgresql", e);
        }
    }

    /** This class loader's view of the instance held by the system class loader's copy. */
    private static final class Forwarding implements Infrastructure {

        private final Class<?> owner;

        Forwarding(Class<?> owner) {
            this.owner = owner;
            call("instance");
        }

        @Override
        public String kafkaBootstrapServers() {
            return (String) call("kafkaBootstrapServers");
        }

        @Override
        public ServiceDatabase serviceDatabase(String service) {
            List<?> fields = (List<?>) call("serviceDatabase", service);
            return new ServiceDatabase((String) fields.get(0), (String) fields.get(1), (String) fields.get(2), (String) fields.get(3));
        }

        @Override
        public void stopKafka() {
            call("stopKafka");
        }

        @Override
        public void startKafka() {
            call("startKafka");
        }

        @Override
        public void stopPostgres() {
            call("stopPostgres");
        }

        @Override
        public void startPostgres() {
            call("startPostgres");
        }

        @Override
        public void close() {
            call("close");
        }

        @Override
        public String keycloakUrl() {
            return (String) call("keycloakUrl");
        }

        private Object call(String method, String... args) {
            try {
                Class<?>[] types = Stream.of(args).map(arg -> String.class).toArray(Class<?>[]::new);
                Method target = owner.getDeclaredMethod(method, types);
                target.setAccessible(true);
                return target.invoke(null, (Object[]) args);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot reach the shared infrastructure in the system class loader", e);
            }
        }
    }
}
