package org.takedown.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.takedown.events.Topics;
import org.takedown.opensearch.node.OpenSearchCluster;
import org.takedown.testing.KafkaBroker;
import org.takedown.testing.KeycloakServer;
import org.takedown.testing.Ports;
import org.takedown.testing.PostgresServer;
import org.takedown.testing.TestClients;
import org.takedown.testing.ServiceDatabase;
import org.takedown.testing.WorkDirs;

/**
 * The whole system on one machine, without Docker: PostgreSQL, a Kafka broker, Keycloak with the
 * takedown realm, a demo vendor webhook receiver, an SMTP catcher and the five services, each service a separate JVM running its packaged
 * Quarkus application. {@link #main(String[])} is the developer's one command
 * ({@code deploy/local/run}); end-to-end tests use the {@link #builder()}.
 */
public final class LocalStack implements AutoCloseable {

    public static final List<String> SERVICES = List.of("intake", "verification", "matching", "review", "propagation");
    /** Where the developer stack keeps its data between runs. */
    public static final Path DEV_WORK_DIR = Path.of("/var/tmp/takedown-dev");
    /**
     * Where the developer stack with {@code --opensearch} keeps its data: apart from {@link #DEV_WORK_DIR}, because
     * the registry records which backend serves each release and a release is not moved between them.
     */
    public static final Path DEV_OPENSEARCH_WORK_DIR = Path.of("/var/tmp/takedown-dev-opensearch");
    /** The developer stack's OpenSearch nodes: HTTP on 9200 and 9201, transport on 9300 and 9301. */
    public static final int OPENSEARCH_NODES = 2;
    static final int OPENSEARCH_HTTP_PORT = 9200;
    static final int OPENSEARCH_TRANSPORT_PORT = 9300;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Builder options;
    private final StackPorts ports;
    private final Path workDir;
    private final boolean throwaway;
    private final Thread shutdownHook = new Thread(this::close, "takedown-local-stack-stop");
    private final Map<String, ServiceDatabase> databases = new LinkedHashMap<>();
    private final List<ServiceProcess> services = new ArrayList<>();
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private KeycloakServer keycloak;
    private DemoVendorReceiver receiver;
    private SmtpCatcher smtp;
    private OpenSearchCluster openSearch;
    private boolean closed;

    private LocalStack(Builder options) {
        this.options = options;
        this.ports = options.fixedPorts ? StackPorts.fixed() : StackPorts.free();
        this.throwaway = options.workDir == null && !options.fixedPorts;
        this.workDir = options.workDir != null ? options.workDir
                : options.fixedPorts ? (options.openSearch ? DEV_OPENSEARCH_WORK_DIR : DEV_WORK_DIR)
                : WorkDirs.createTemp("takedown-local-stack");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>} of a service. */
    public String url(String service) {
        return "http://127.0.0.1:" + ports.service(service);
    }

    public int port(String service) {
        return ports.service(service);
    }

    public DemoVendorReceiver vendorReceiver() {
        return receiver;
    }

    /** Where intake's e-mails to claimants end up on this machine. */
    public SmtpCatcher smtpCatcher() {
        return smtp;
    }

    /** {@code http://127.0.0.1:<port>}; the realm's issuer is this plus {@code /realms/takedown}. */
    public String keycloakUrl() {
        return options.keycloakUrl != null ? options.keycloakUrl : keycloak.url();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Stops the broker, keeping its data; the services stay up and must cope. */
    public void stopKafka() {
        kafka.stop();
    }

    /** Starts the broker again on the same port with the same data. */
    public void startKafka() {
        kafka.start();
    }

    /** Stops PostgreSQL (fast shutdown: open sessions roll back), keeping its data; the services stay up and must cope. */
    public void stopPostgres() {
        postgres.stop();
    }

    /** Starts PostgreSQL again on the same port with the same data. */
    public void startPostgres() {
        postgres.start();
    }

    /** The service's database role and schema, e.g. to look at its tables. */
    public ServiceDatabase database(String service) {
        ServiceDatabase database = databases.get(service);
        if (database == null) {
            throw new IllegalArgumentException("No database for '" + service + "'; services: " + SERVICES);
        }
        return database;
    }

    public Path workDir() {
        return workDir;
    }

    public Path logFile(String service) {
        return logsDir().resolve(service + ".log");
    }

    /**
     * Stops the services (SIGTERM, then SIGKILL after a grace period), Kafka, PostgreSQL and the
     * receiver, in that order, so that nothing is left running; a throwaway work dir is deleted.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean anythingStarted = postgres != null || kafka != null || keycloak != null;
        if (anythingStarted) {
            options.progress.accept("Stopping the stack ...");
        }
        List<RuntimeException> failures = new ArrayList<>();
        // In parallel: each may take its grace period to shut down.
        List<Thread> stopping = services.stream().map(service -> new Thread(service::stop, "stop-" + service.name())).toList();
        stopping.forEach(Thread::start);
        stopping.forEach(LocalStack::join);
        attempt(failures, () -> closeIfStarted(openSearch));
        attempt(failures, () -> closeIfStarted(kafka));
        attempt(failures, () -> closeIfStarted(keycloak));
        attempt(failures, () -> closeIfStarted(postgres));
        attempt(failures, () -> closeIfStarted(receiver));
        attempt(failures, () -> closeIfStarted(smtp));
        if (throwaway) {
            WorkDirs.deleteRecursively(workDir);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: this is the hook running.
        }
        if (anythingStarted) {
            options.progress.accept("Stopped.");
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    /**
     * The stack's root processes by component (the five services, {@code kafka}, {@code postgresql} - the
     * postmaster, whose backends are its children - and {@code keycloak} when this stack started it), for
     * benchmarks that report CPU by process.
     */
    public Map<String, Long> processIds() {
        Map<String, Long> pids = new LinkedHashMap<>();
        services.forEach(service -> pids.put(service.name(), service.handle().pid()));
        pids.put("kafka", kafka.pid());
        pids.put("postgresql", postgres.pid());
        if (keycloak != null) {
            pids.put("keycloak", keycloak.pid());
        }
        if (openSearch != null) {
            pids.put("opensearch", openSearch.pid());
        }
        return pids;
    }

    /** Every process of the stack, for tests that check nothing outlives it. */
    List<ProcessHandle> processes() {
        List<ProcessHandle> processes = new ArrayList<>();
        services.forEach(service -> processes.add(service.handle()));
        ProcessHandle.of(kafka.pid()).ifPresent(processes::add);
        if (keycloak != null) {
            ProcessHandle.of(keycloak.pid()).ifPresent(processes::add);
        }
        if (openSearch != null) {
            ProcessHandle.of(openSearch.pid()).ifPresent(processes::add);
        }
        ProcessHandle.of(postgres.pid()).ifPresent(postmaster -> {
            processes.add(postmaster);
            processes.addAll(postmaster.descendants().toList());
        });
        return processes;
    }

    private void start() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        // Launching happens under the lock that close() takes, so a Ctrl-C during start either
        // waits for the launches and stops them, or comes first and prevents them.
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The stack was stopped while starting");
            }
            ports.requireAllFree();
            if (options.openSearch && options.fixedPorts) {
                for (int node = 0; node < OPENSEARCH_NODES; node++) {
                    Ports.requireFree(OPENSEARCH_HTTP_PORT + node, "OpenSearch HTTP");
                    Ports.requireFree(OPENSEARCH_TRANSPORT_PORT + node, "OpenSearch transport");
                }
            }
            Map<String, Path> jars = serviceJars();
            WorkDirs.createTraversable(workDir);
            startDatabaseAndBroker();
            timed("topics", () -> {
                kafka.createTopics(Topics.allWithDeadLetters(), Topics.DEFAULT_PARTITIONS);
                return Topics.allWithDeadLetters().size() + " topics";
            }, Function.identity(), "created in");
            timed("databases", () -> {
                SERVICES.forEach(service -> databases.put(service, postgres.createServiceDatabase(service)));
                return "a role and schema per service";
            }, Function.identity(), "created in");
            receiver = timed("vendor receiver", () -> DemoVendorReceiver.start(ports.vendorReceiver()), DemoVendorReceiver::webhookUrl);
            smtp = timed("SMTP catcher", () -> SmtpCatcher.start(ports.smtp(), ports.smtpApi()), SmtpCatcher::describe);
            SERVICES.forEach(service -> services.add(ServiceProcess.launch(service, jars.get(service), ports.service(service),
                    serviceProperties(service), logFile(service), options.jvmOptions)));
        }
        awaitServicesReady();
        if (options.demoVendorApplies) {
            receiver.applyRemovals(url("propagation"), keycloakUrl() + "/realms/" + KeycloakServer.REALM + "/protocol/openid-connect/token",
                    "vendor-acme", KeycloakServer.devSecret("vendor-acme"));
        }
    }

    /**
     * All three at once: they do not depend on each other. Keycloak takes longest (half a minute,
     * a minute the first time on a machine), so it is started first.
     */
    private void startDatabaseAndBroker() {
        CompletableFuture<KeycloakServer> identity = options.keycloakUrl != null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> timed("Keycloak", this::startKeycloak, KeycloakServer::realmUrl),
                        daemonExecutor());
        CompletableFuture<OpenSearchCluster> search = !options.openSearch ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> timed("OpenSearch", this::startOpenSearch,
                        cluster -> cluster.nodes() + " nodes at " + String.join(", ", cluster.httpUrls())), daemonExecutor());
        CompletableFuture<PostgresServer> database = CompletableFuture.supplyAsync(() -> timed("PostgreSQL",
                () -> PostgresServer.start(workDir.resolve("postgres"), ports.postgres(), !throwaway),
                server -> "127.0.0.1:" + server.port() + "/" + PostgresServer.DATABASE), daemonExecutor());
        RuntimeException failure = null;
        try {
            kafka = timed("Kafka", () -> KafkaBroker.start(workDir.resolve("kafka"), ports.kafka()), KafkaBroker::bootstrapServers);
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            postgres = database.join();
        } catch (CompletionException e) {
            failure = collect(failure, e);
        }
        try {
            keycloak = identity.join();
        } catch (CompletionException e) {
            failure = collect(failure, e);
        }
        try {
            openSearch = search.join();
        } catch (CompletionException e) {
            failure = collect(failure, e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Two nodes, on the fixed ports 9200-9201 (HTTP) and 9300-9301 (transport) with fixed ports, else on free ones. */
    private OpenSearchCluster startOpenSearch() {
        return OpenSearchCluster.start(workDir.resolve("opensearch"), OPENSEARCH_NODES,
                options.fixedPorts ? OPENSEARCH_HTTP_PORT : 0, options.fixedPorts ? OPENSEARCH_TRANSPORT_PORT : 0, throwaway);
    }

    /** The OpenSearch nodes' HTTP addresses; empty unless the stack was started with {@link Builder#openSearch}. */
    public List<String> openSearchUrls() {
        return openSearch == null ? List.of() : openSearch.httpUrls();
    }

    /** Dev secrets and demo users; with {@link Builder#testClients}, also the clients tests need for their tokens. */
    private KeycloakServer startKeycloak() {
        // In memory: the realm comes from the repository's definition on every start.
        KeycloakServer server = KeycloakServer.start(workDir.resolve("keycloak"), ports.keycloak(),
                KeycloakServer.devPlaceholders("http://127.0.0.1:" + ports.service("review")));
        if (options.testClients) {
            TestClients.addTo(server);
        }
        return server;
    }

    private static RuntimeException collect(RuntimeException failure, CompletionException e) {
        RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime : e;
        if (failure == null) {
            return cause;
        }
        failure.addSuppressed(cause);
        return failure;
    }

    /** Waits for all services at once and gives up at the first that fails. */
    private void awaitServicesReady() {
        long start = System.nanoTime();
        CompletableFuture<Void> firstFailure = new CompletableFuture<>();
        List<CompletableFuture<Void>> ready = services.stream().map(service -> CompletableFuture.runAsync(() -> {
            service.awaitReady(options.readyTimeout);
            report(service.name(), "http://localhost:" + service.port(), "ready in", start);
        }, daemonExecutor()).whenComplete((done, failure) -> {
            if (failure != null) {
                firstFailure.completeExceptionally(failure);
            }
        })).toList();
        try {
            CompletableFuture.anyOf(CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)), firstFailure).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private Map<String, String> serviceProperties(String service) {
        ServiceDatabase database = databases.get(service);
        Map<String, String> properties = new LinkedHashMap<>();
        // The services keep their dev-only settings (e.g. intake's demo keys) in a "local" profile.
        properties.put("quarkus.profile", "local");
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        properties.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        properties.put("quarkus.datasource.username", database.username());
        properties.put("quarkus.datasource.password", database.password());
        String issuer = keycloakUrl() + "/realms/" + KeycloakServer.REALM;
        properties.put("quarkus.oidc.auth-server-url", issuer);
        properties.put("quarkus.oidc-client.auth-server-url", issuer);
        switch (service) {
            case "intake" -> {
                properties.put("takedown.intake.public-url", "http://localhost:" + ports.service("intake"));
                properties.put("quarkus.rest-client.verification.url", url("verification"));
                // The data sets a claimant may name (matching's public registry).
                properties.put("quarkus.rest-client.matching.url", url("matching"));
                properties.put("quarkus.mailer.host", "127.0.0.1");
                properties.put("quarkus.mailer.port", String.valueOf(smtp.smtpPort()));
            }
            case "matching" -> {
                properties.put("takedown.matching.dataset.path",
                        options.repositoryRoot.resolve("deploy/local/demo/dataset.jsonl").toString());
                properties.put("takedown.matching.dataset.id", "demo");
                properties.put("takedown.matching.dataset.release", "2026-11");
                // Lucene serves every signal (caption text, PDQ) and the pre-filing search; the memory engine only URLs.
                properties.put("takedown.matching.dataset.engine", "lucene");
                // Two more data sets (two releases), ingested into the stack's index root on first start and
                // activated, so that a request matches in several (demo/README.md "Several data sets").
                properties.put("takedown.matching.dataset.index-root", workDir.resolve("matching-indexes").toString());
                properties.put("takedown.matching.registry.bootstrap",
                        options.repositoryRoot.resolve("deploy/local/demo/registry.json").toString());
                // Releases an operator ingests by hand (README "Try it": demo-a's 2026-12, which carries a removal over).
                properties.put("takedown.matching.ingest.inbox", options.repositoryRoot.resolve("deploy/local/demo/inbox").toString());
                properties.put("quarkus.rest-client.intake.url", url("intake"));
                if (openSearch != null) {
                    // Releases ingested into the index root are written into OpenSearch when activated and served from
                    // there (ADR 018); the configured release (demo/2026-11) stays in matching's JVM.
                    properties.put("takedown.matching.opensearch.hosts", String.join(",", openSearch.httpUrls()));
                    properties.put("takedown.matching.opensearch.publish-on-activate", "true");
                    properties.put("takedown.matching.opensearch.shards", "2");
                }
            }
            case "review" -> {
                properties.put("takedown.review.auto-approve", String.valueOf(options.autoApprove));
                properties.put("quarkus.rest-client.intake.url", url("intake"));
                properties.put("quarkus.rest-client.matching.url", url("matching"));
            }
            // The demo vendor is the realm's example vendor client vendor-acme (vendor_id "acme").
            case "propagation" -> {
                properties.put("takedown.propagation.vendors.acme.url", receiver.webhookUrl());
                // The secret the demo receiver verifies every delivery with (a rotation makes it refuse them, and say so).
                properties.put("takedown.propagation.vendors.acme.secret", DemoVendorReceiver.DEV_SECRET);
                // The dev stack's durable data outlives its configuration: a demo vendor of an earlier version
                // would otherwise wait for acknowledgements forever and no request would complete.
                properties.put("takedown.propagation.retire-unconfigured-vendors", "true");
                // Carry-over of removals to newly activated releases asks matching (ADR 017).
                properties.put("quarkus.rest-client.matching.url", url("matching"));
            }
            default -> {
            }
        }
        if (options.tracesEndpoint != null) {
            properties.put("quarkus.otel.sdk.disabled", "false");
            properties.put("quarkus.otel.exporter.otlp.traces.endpoint", options.tracesEndpoint);
            properties.put("quarkus.otel.bsp.schedule.delay", "500ms");
        }
        // Last, so that a caller's value wins over the defaults above.
        properties.putAll(options.extraServiceProperties.getOrDefault(service, Map.of()));
        return properties;
    }

    private Map<String, Path> serviceJars() {
        Map<String, Path> jars = new LinkedHashMap<>();
        List<Path> missing = new ArrayList<>();
        for (String service : SERVICES) {
            Path jar = options.repositoryRoot.resolve("services").resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
            jars.put(service, jar);
            if (!Files.isRegularFile(jar)) {
                missing.add(jar);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Service applications are not built: " + missing
                    + ". Run first: cd " + options.repositoryRoot + " && mvn -B install -DskipTests");
        }
        return jars;
    }

    private Path logsDir() {
        return workDir.resolve("logs");
    }

    private <T> T timed(String component, Supplier<T> step, Function<T, String> address) {
        return timed(component, step, address, "started in");
    }

    private <T> T timed(String component, Supplier<T> step, Function<T, String> address, String verb) {
        long start = System.nanoTime();
        T result = step.get();
        report(component, address.apply(result), verb, start);
        return result;
    }

    private void report(String component, String address, String verb, long startNanos) {
        options.progress.accept(String.format("  %-16s %-48s %s %.1f s", component, address, verb,
                (System.nanoTime() - startNanos) / 1e9));
    }

    private static Executor daemonExecutor() {
        // Daemon threads: a wait that is still running after a failure must not keep the JVM alive.
        return task -> {
            Thread thread = new Thread(task, "local-stack-start");
            thread.setDaemon(true);
            thread.start();
        };
    }

    private static void closeIfStarted(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void attempt(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The developer's stack: fixed ports, data kept in /var/tmp/takedown-dev, reviews approved automatically. */
    public static void main(String[] args) {
        boolean withOpenSearch = args.length == 1 && "--opensearch".equals(args[0]);
        if (args.length > 0 && !withOpenSearch) {
            System.err.println("Usage: deploy/local/run [--no-build] [--opensearch]   (Ctrl-C stops the stack)");
            System.err.println("  --opensearch   also start a two-node OpenSearch cluster on 9200-9201 and serve the data set");
            System.err.println("                 releases from it (data in " + DEV_OPENSEARCH_WORK_DIR + ")");
            System.exit(2);
        }
        System.out.println("Starting Takedown on this machine" + (withOpenSearch ? ", with OpenSearch" : "") + " ...");
        LocalStack stack;
        try {
            stack = builder().fixedPorts(true).autoApprove(true).openSearch(withOpenSearch).progress(System.out::println)
                    .tracesEndpoint(System.getenv("TAKEDOWN_OTLP_ENDPOINT"))
                    .start();
        } catch (Ports.PortInUseException e) {
            System.err.println(e.getMessage() + ". Is the stack (or something else) already running there? Stop it and try again.");
            System.exit(2);
            return;
        } catch (RuntimeException | Error e) {
            System.err.println("The stack did not start: " + e);
            System.exit(1);
            return;
        }
        System.out.println(Banner.text(stack));
        Banner.announceNotices(stack.vendorReceiver(), System.out);
        awaitShutdown();
    }

    /** Until Ctrl-C or SIGTERM: the JVM then runs the stack's shutdown hook, which stops everything. */
    private static void awaitShutdown() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Options of a {@link LocalStack}; {@link #start()} starts it. */
    public static final class Builder {

        private boolean fixedPorts;
        private Path workDir;
        private boolean autoApprove;
        private boolean testClients;
        private String keycloakUrl;
        private String tracesEndpoint;
        private boolean demoVendorApplies = true;
        private boolean openSearch;
        private Path repositoryRoot;
        private final Map<String, Map<String, String>> extraServiceProperties = new HashMap<>();
        private List<String> jvmOptions = List.of();
        private Duration readyTimeout = READY_TIMEOUT;
        private Consumer<String> progress = line -> {
        };

        private Builder() {
        }

        /**
         * Also starts a two-node OpenSearch cluster (with the k-NN plugin) and has matching write the data set
         * releases it activates into it and serve them from there (ADR 018). Default: off, every release embedded.
         */
        public Builder openSearch(boolean openSearch) {
            this.openSearch = openSearch;
            return this;
        }

        /** {@code true}: the ports of DESIGN.md (8081-8085, Kafka 9092, PostgreSQL 5433, Keycloak 8180, receiver 8090, SMTP 3025/8025); {@code false} (default): free ports. */
        public Builder fixedPorts(boolean fixedPorts) {
            this.fixedPorts = fixedPorts;
            return this;
        }

        /**
         * Where data and logs go; kept after {@link LocalStack#close()}, with a durable PostgreSQL.
         * Unset: /var/tmp/takedown-dev with fixed ports, otherwise a throwaway temp dir.
         */
        public Builder workDir(Path workDir) {
            this.workDir = workDir.toAbsolutePath();
            return this;
        }

        /** Passed to review as {@code takedown.review.auto-approve}; default false. */
        public Builder autoApprove(boolean autoApprove) {
            this.autoApprove = autoApprove;
            return this;
        }

        /**
         * Adds Keycloak clients that only tests need (password grant for the demo users, and makers
         * of bad tokens; see {@link TestClients}); default false.
         */
        public Builder testClients(boolean testClients) {
            this.testClients = testClients;
            return this;
        }

        /**
         * Uses a Keycloak that already runs with the takedown realm ({@code http://host:port})
         * instead of starting one: tests share their JVM's Keycloak this way. Default: start one.
         */
        public Builder keycloakUrl(String keycloakUrl) {
            this.keycloakUrl = keycloakUrl;
            return this;
        }

        /**
         * Turns tracing on in every service, exporting spans by OTLP over HTTP to this collector
         * (e.g. {@code http://127.0.0.1:4318}); default: tracing off.
         */
        public Builder tracesEndpoint(String tracesEndpoint) {
            this.tracesEndpoint = tracesEndpoint;
            return this;
        }

        /**
         * Whether the demo vendor reports each removal notice APPLIED, as a diligent vendor does
         * (a request completes only when every vendor applied it); default true.
         */
        public Builder demoVendorApplies(boolean demoVendorApplies) {
            this.demoVendorApplies = demoVendorApplies;
            return this;
        }

        /** How long each service may take to become ready (default 2 min; longer where it ingests a release on start). */
        public Builder readyTimeout(Duration readyTimeout) {
            this.readyTimeout = readyTimeout;
            return this;
        }

        /**
         * More options for every service's JVM (e.g. a flight recording for a benchmark's profile);
         * {@code {service}} in an option is replaced by the service's name.
         */
        public Builder jvmOptions(List<String> jvmOptions) {
            this.jvmOptions = List.copyOf(jvmOptions);
            return this;
        }

        /** The checkout holding {@code services/} and {@code deploy/local/demo/}; default: found above the working directory. */
        public Builder repositoryRoot(Path repositoryRoot) {
            this.repositoryRoot = repositoryRoot.toAbsolutePath();
            return this;
        }

        /** More system properties for one service; they win over the stack's own. */
        public Builder extraServiceProperties(String service, Map<String, String> properties) {
            if (!SERVICES.contains(service)) {
                throw new IllegalArgumentException("No service '" + service + "'; services: " + SERVICES);
            }
            extraServiceProperties.computeIfAbsent(service, name -> new LinkedHashMap<>()).putAll(properties);
            return this;
        }

        /** Receives one line per component as it starts, with its start time; default: silent. */
        public Builder progress(Consumer<String> progress) {
            this.progress = progress;
            return this;
        }

        /** Starts everything and returns once every service is ready; on failure stops what it started. */
        public LocalStack start() {
            if (repositoryRoot == null) {
                repositoryRoot = RepositoryRoot.find();
            }
            LocalStack stack = new LocalStack(this);
            try {
                stack.start();
            } catch (RuntimeException | Error e) {
                // Errors too (a class missing from a stale class path): nothing may be left running.
                try {
                    stack.close();
                } catch (RuntimeException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
                throw e;
            }
            return stack;
        }
    }
}
