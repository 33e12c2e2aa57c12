package org.takedown.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.takedown.events.Topics;
import org.takedown.local.DemoVendorReceiver;
import org.takedown.local.LocalStack;
import org.takedown.local.SmtpCatcher;
import org.takedown.testing.ServiceDatabase;
import org.takedown.testing.WorkDirs;

/**
 * The whole pipeline under load, as claimants use it: each request is filed on intake's API, its
 * confirmation mail is read from the SMTP catcher and its code sent back, and then it travels through
 * verification, matching (against a LAION-shaped release of {@link BenchRelease} and the demo
 * releases), review (approved automatically: the dev stack's reviewer), propagation and the demo
 * vendor, which reports each notice applied. The mix: 45 % copyright claims naming 1-3 URLs of the
 * release, 30 % likeness claims with an evidence photo (a resized copy of an item's picture, found by
 * PDQ) and one URL, 25 % GDPR erasures with a name to search for in captions and one URL.
 *
 * <p>Reports, from each request's own timeline on its status page, p50/p95/p99 per hop and the
 * throughput from the first confirmation to the last completion; the CPU each process of the stack
 * used; PostgreSQL commits and Kafka records per request; and, measured on the same stack before the
 * run, the ceilings it is a ratio of: PostgreSQL commits/s (one row per transaction) and Kafka sends/s
 * (acks=all, each awaited), with the same number of clients. Checks its answers: every request must
 * reach COMPLETED with a full timeline, and every item a request named (by URL or by its photo) must
 * be in a notice the vendor received; it exits with 1 otherwise.
 *
 * <p>With {@code outage-seconds}, PostgreSQL is stopped for that long once a third of the requests
 * are filed: the clients retry what intake refuses meanwhile (503, as a partner app would), and the
 * checks are the same, plus, as in every run, no event in any dead-letter topic.
 *
 * <pre>deploy/local/bench pipeline [requests=2000] [rate=max|per-second] [clients=16] [rows=20000] [pictures=200] [outage-seconds=0]</pre>
 */
public final class PipelineBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONFIRMATION = Pattern.compile("/confirm/([0-9a-f-]{36})\\?code=([A-Za-z0-9_-]+)");
    private static final List<String> HOPS = List.of("SUBMITTED", "VERIFIED", "MATCHED", "APPROVED", "NOTIFYING", "COMPLETED");
    /** What each request's timeline said, for the report of a failed check. */
    private final Map<String, String> timelineText = new ConcurrentHashMap<>();
    private static final Duration STALL = Duration.ofSeconds(180);

    private final LocalStack stack;
    private final BenchRelease release;
    private final int clients;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, CompletableFuture<String>> codes = new ConcurrentHashMap<>();
    private final Map<String, Instant> completed = new ConcurrentHashMap<>();
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean watching = new AtomicBoolean(true);
    private final AtomicInteger retries = new AtomicInteger();
    /** The stack's processes when the measured run began (a PostgreSQL outage replaces the postmaster). */
    private Map<String, Long> pidsBefore = Map.of();
    private final Random random = new Random(42);

    /** A request the benchmark filed and what it must lead to. */
    private record Filed(String id, String token, String claimType, Set<String> expectedItems, Instant confirmedAt) {
    }

    private PipelineBench(LocalStack stack, BenchRelease release, int clients) {
        this.stack = stack;
        this.release = release;
        this.clients = clients;
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        double rate = args.length > 1 && !"max".equals(args[1]) ? Double.parseDouble(args[1]) : 0;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int rows = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
        int pictures = args.length > 4 ? Integer.parseInt(args[4]) : 200;
        int outageSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        Path root = Path.of(System.getProperty("takedown.repository.root", ".")).toAbsolutePath();
        Path work = WorkDirs.createTemp("takedown-pipeline-bench");

        System.out.printf("pipeline benchmark: %d requests, %s, %d clients; release %s/%s of %,d rows (%d with pictures)%n",
                requests, rate > 0 ? rate + " requests/s offered" : "as fast as the clients go", clients,
                BenchRelease.DATASET, BenchRelease.RELEASE, rows, pictures);
        BenchRelease release = BenchRelease.write(work.resolve("bench-release"), rows, pictures, 2026);
        Path registry = writeRegistry(work, root);

        // GreenMail announces every new mailbox: one line per request.
        java.util.logging.Logger.getLogger("com.icegreen.greenmail").setLevel(java.util.logging.Level.WARNING);
        // -Dbench.profile=true: a flight recording per service (CPU samples), dumped when the stack stops.
        Path recordings = work.resolve("profiles");
        List<String> jvmOptions = Boolean.getBoolean("bench.profile")
                ? List.of("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + recordings.resolve("{service}.jfr"))
                : List.of();
        Files.createDirectories(recordings);
        System.out.println("starting a throwaway stack on free ports (it ingests the release on start) ...");
        boolean passed;
        // The stack's data and logs stay under the work directory, to look into a failed check.
        try (LocalStack stack = LocalStack.builder().fixedPorts(false).workDir(work.resolve("stack")).autoApprove(true)
                .readyTimeout(Duration.ofMinutes(10))
                .demoVendorApplies(true).repositoryRoot(root).jvmOptions(jvmOptions)
                // One host files every request: the per-network limit would stop it after 200.
                .extraServiceProperties("verification", Map.of("takedown.verification.network-rate-limit.max-requests", "100000000"))
                .extraServiceProperties("matching", Map.of("takedown.matching.registry.bootstrap", registry.toString()))
                .progress(line -> System.out.println("  " + line)).start()) {
            PipelineBench bench = new PipelineBench(stack, release, clients);
            passed = bench.run(requests, rate, Duration.ofSeconds(outageSeconds));
        }
        System.out.println("work directory (release, stack logs" + (jvmOptions.isEmpty() ? "" : ", profiles") + "): " + work);
        if (!jvmOptions.isEmpty()) {
            System.out.println("flight recordings: " + recordings + " (jfr print --events jdk.ExecutionSample <file>)");
        }
        System.exit(passed ? 0 : 1);
    }

    private boolean run(int requests, double rate, Duration outage) throws Exception {
        Thread mail = daemon("mail-reader", this::readMail);
        Thread kafka = daemon("outcome-reader", this::readOutcomes);
        try {
            double pgCeiling = postgresCeiling(Duration.ofSeconds(10));
            double kafkaCeiling = kafkaCeiling(Duration.ofSeconds(10));

            System.out.println("warm-up: 100 requests through the whole pipeline ...");
            List<Filed> warmUp = file(100, 0, Duration.ZERO);
            awaitOutcomes(warmUp);

            pidsBefore = stack.processIds();
            Map<String, Long> cpuBefore = cpuTicks();
            long commitsBefore = commits();
            long recordsBefore = records();
            long wallStart = System.nanoTime();
            System.out.printf("measured run: %d requests ...%n", requests);
            List<Filed> filed = file(requests, rate, outage);
            awaitOutcomes(filed);
            double wall = (System.nanoTime() - wallStart) / 1e9;
            Map<String, Long> cpuAfter = cpuTicks();
            long commits = commits() - commitsBefore;
            long records = records() - recordsBefore;

            return report(filed, rate, wall, cpuBefore, cpuAfter, commits, records, pgCeiling, kafkaCeiling);
        } finally {
            watching.set(false);
            mail.join(2_000);
            kafka.join(2_000);
        }
    }

    // ---------------------------------------------------------------- filing, as a claimant does

    private List<Filed> file(int count, double rate, Duration outage) throws InterruptedException {
        List<Filed> filed = Collections.synchronizedList(new ArrayList<>());
        if (!outage.isZero()) {
            daemon("postgres-outage", () -> {
                while (filed.size() < count / 3) {
                    sleep(100);
                }
                System.out.printf("  stopping PostgreSQL for %d s (%d of %d filed)%n", outage.toSeconds(), filed.size(), count);
                stack.stopPostgres();
                sleep(outage.toMillis());
                stack.startPostgres();
                System.out.println("  PostgreSQL is back");
            });
        }
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        Runnable one = () -> {
            try {
                filed.add(fileOne());
            } catch (Exception e) {
                if (failures.incrementAndGet() <= 3) {
                    System.out.println("  filing failed: " + e.getMessage());
                }
            }
        };
        if (rate > 0) {
            // Open loop: request i starts at i / rate, whether or not the earlier ones have answered.
            for (int i = 0; i < count; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                pool.execute(one);
            }
        } else {
            for (int c = 0; c < clients; c++) {
                pool.execute(() -> {
                    while (next.getAndIncrement() < count) {
                        one.run();
                    }
                });
            }
        }
        pool.shutdown();
        while (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
            System.out.printf("  filed and confirmed %d of %d (%d failed), completed %d, rejected %d%n", filed.size(), count,
                    failures.get(), completed.size(), rejected.size());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  filed and confirmed %d in %.1f s (%.1f/s), %d failed%n", filed.size(), seconds, filed.size() / seconds,
                failures.get());
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " requests could not be filed; see the first failures above");
        }
        return new ArrayList<>(filed);
    }

    private Filed fileOne() throws Exception {
        List<BenchRelease.Row> rows = release.rows();
        int kind = random(100);
        String claimType;
        Set<String> expected = new HashSet<>();
        List<String> urls = new ArrayList<>();
        List<String> textQueries = new ArrayList<>();
        byte[] evidence = null;
        ObjectNode statements = JSON.createObjectNode();
        if (kind < 45) {
            claimType = "COPYRIGHT";
            for (int n = 1 + random(3); n > 0; n--) {
                BenchRelease.Row row = rows.get(random(rows.size()));
                urls.add(row.url());
                expected.add(row.id());
            }
            statements.put("identificationOfWork", "my photographs").put("identificationOfMaterial", "the listed images")
                    .put("contact", "by e-mail").put("goodFaithStatement", true).put("accuracyUnderPenaltyOfPerjury", true)
                    .put("signature", "B. Enchmark");
        } else if (kind < 75) {
            claimType = "LIKENESS";
            List<BenchRelease.Row> pictures = release.withPictures();
            BenchRelease.Row pictured = pictures.get(random(pictures.size()));
            evidence = BenchRelease.evidenceOf(pictured);
            expected.add(pictured.id());
            BenchRelease.Row named = rows.get(random(rows.size()));
            urls.add(named.url());
            expected.add(named.id());
            statements.put("depictedPersonOrMandate", "self").put("jurisdiction", "DE").put("noConsentStatement", true);
        } else {
            claimType = "GDPR_ERASURE";
            List<BenchRelease.Row> named = release.withNames();
            BenchRelease.Row row = named.get(random(named.size()));
            textQueries.add(row.name());
            urls.add(row.url());
            expected.add(row.id());
            statements.put("dataSubjectOrMandate", "self").put("jurisdiction", "FR").put("erasureGround", "consent withdrawn");
        }
        String nonce = UUID.randomUUID().toString();
        ObjectNode body = JSON.createObjectNode().put("claimType", claimType);
        body.putObject("claimant").put("email", "bench+" + nonce + "@example.org").put("name", "B. Enchmark")
                .put("country", "DE").put("actingFor", "SELF");
        ArrayNode imageUrls = body.putArray("imageUrls");
        urls.forEach(imageUrls::add);
        if (!textQueries.isEmpty()) {
            ArrayNode queries = body.putArray("textQueries");
            textQueries.forEach(queries::add);
        }
        body.set("statements", statements);

        HttpResponse<String> created = sendRetrying(evidence == null
                ? HttpRequest.newBuilder(URI.create(stack.url("intake") + "/api/v1/requests")).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").header("Idempotency-Key", nonce)
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build()
                : Submissions.withImage(stack.url("intake"), JSON.writeValueAsString(body), evidence, nonce));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("intake answered " + created.statusCode() + " to a " + claimType + " request: "
                    + abbreviate(created.body()));
        }
        JsonNode receipt = JSON.readTree(created.body());
        String id = receipt.path("id").asText();
        String code = codes.computeIfAbsent(id, k -> new CompletableFuture<>()).get(120, TimeUnit.SECONDS);
        HttpResponse<String> confirmed = sendRetrying(HttpRequest.newBuilder(
                        URI.create(stack.url("intake") + "/api/v1/requests/" + id + "/confirmation")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")).build());
        if (confirmed.statusCode() != 200) {
            throw new IllegalStateException("confirming " + id + ": HTTP " + confirmed.statusCode() + " " + abbreviate(confirmed.body()));
        }
        return new Filed(id, receipt.path("accessToken").asText(), claimType, expected, Instant.now());
    }

    /**
     * As a partner app does: what intake cannot take now (5xx, the connection refused or timed out) is
     * sent again after a second, for up to two minutes. Filing is idempotent per request by the
     * {@code Idempotency-Key} header the caller sets; confirming is idempotent by itself.
     */
    private HttpResponse<String> sendRetrying(HttpRequest request) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() < 500 || Instant.now().isAfter(deadline)) {
                    return response;
                }
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
            retries.incrementAndGet();
            Thread.sleep(1_000);
        }
    }

    private synchronized int random(int bound) {
        return random.nextInt(bound);
    }

    /** The claimant's inbox: every confirmation link, by request. */
    private void readMail() {
        SmtpCatcher smtp = stack.smtpCatcher();
        Set<SmtpCatcher.Message> read = Collections.newSetFromMap(new IdentityHashMap<>());
        while (watching.get()) {
            for (SmtpCatcher.Message message : smtp.messages()) {
                if (read.add(message)) {
                    Matcher link = CONFIRMATION.matcher(message.text());
                    if (link.find()) {
                        codes.computeIfAbsent(link.group(1), k -> new CompletableFuture<>()).complete(link.group(2));
                    }
                }
            }
            sleep(50);
        }
    }

    /** Completions and rejections as they are published, so that waiting costs the services nothing. */
    private void readOutcomes() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "pipeline-bench-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.REQUESTS_COMPLETED, Topics.REQUESTS_REJECTED));
            while (watching.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null) {
                        continue;
                    }
                    if (record.topic().equals(Topics.REQUESTS_COMPLETED)) {
                        completed.putIfAbsent(record.key(), Instant.ofEpochMilli(record.timestamp()));
                    } else {
                        rejected.add(record.key());
                    }
                }
            }
        }
    }

    private void awaitOutcomes(List<Filed> filed) {
        Instant lastProgress = Instant.now();
        int lastDone = -1;
        while (true) {
            int done = (int) filed.stream().filter(f -> completed.containsKey(f.id()) || rejected.contains(f.id())).count();
            if (done == filed.size()) {
                return;
            }
            if (done != lastDone) {
                lastDone = done;
                lastProgress = Instant.now();
                System.out.printf("  completed or rejected: %d of %d%n", done, filed.size());
            } else if (Duration.between(lastProgress, Instant.now()).compareTo(STALL) > 0) {
                System.out.printf("  no progress for %d s: %d of %d requests never finished; see the logs under %s%n",
                        STALL.toSeconds(), filed.size() - done, filed.size(), stack.workDir().resolve("logs"));
                return;
            }
            sleep(1_000);
        }
    }

    // ---------------------------------------------------------------- the report

    private boolean report(List<Filed> filed, double rate, double wall, Map<String, Long> cpuBefore, Map<String, Long> cpuAfter,
            long commits, long records, double pgCeiling, double kafkaCeiling) throws Exception {
        Map<String, List<Double>> hops = new LinkedHashMap<>();
        for (int i = 0; i + 1 < HOPS.size(); i++) {
            hops.put(HOPS.get(i) + "→" + HOPS.get(i + 1), new ArrayList<>());
        }
        hops.put("SUBMITTED→MATCHED", new ArrayList<>());
        hops.put("SUBMITTED→COMPLETED", new ArrayList<>());
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Map<String, Map<String, Instant>> timelines = timelines(filed, problems);
        Instant firstSubmitted = null;
        Instant lastCompleted = null;
        for (Filed request : filed) {
            Map<String, Instant> at = timelines.get(request.id());
            if (at == null) {
                continue;
            }
            List<String> missing = HOPS.stream().filter(s -> !at.containsKey(s)).toList();
            if (!missing.isEmpty()) {
                problems.add(request.id() + " (" + request.claimType() + "): no " + missing + " in its timeline "
                        + timelineText.get(request.id()));
                continue;
            }
            for (int i = 0; i + 1 < HOPS.size(); i++) {
                hops.get(HOPS.get(i) + "→" + HOPS.get(i + 1)).add(millis(at.get(HOPS.get(i)), at.get(HOPS.get(i + 1))));
            }
            hops.get("SUBMITTED→MATCHED").add(millis(at.get("SUBMITTED"), at.get("MATCHED")));
            hops.get("SUBMITTED→COMPLETED").add(millis(at.get("SUBMITTED"), at.get("COMPLETED")));
            firstSubmitted = firstSubmitted == null || at.get("SUBMITTED").isBefore(firstSubmitted) ? at.get("SUBMITTED") : firstSubmitted;
            lastCompleted = lastCompleted == null || at.get("COMPLETED").isAfter(lastCompleted) ? at.get("COMPLETED") : lastCompleted;
        }
        checkNotices(filed, problems);
        long deadLetters = deadLetters();
        if (deadLetters > 0) {
            problems.add(deadLetters + " events in dead-letter topics (nothing may be parked by load or an outage)");
        }

        int done = hops.get("SUBMITTED→COMPLETED").size();
        double span = firstSubmitted == null ? Double.NaN : Duration.between(firstSubmitted, lastCompleted).toMillis() / 1e3;
        System.out.println();
        System.out.printf("machine: %d cores, Java %s; %d requests, %s, %d clients%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), filed.size(), rate > 0 ? rate + "/s offered" : "closed loop", clients);
        System.out.printf("throughput: %d completed in %.1f s from the first SUBMITTED to the last COMPLETED = %.1f requests/s%n",
                done, span, done / span);
        System.out.printf("%-22s %9s %9s %9s %9s%n", "hop (ms)", "p50", "p95", "p99", "max");
        hops.forEach((hop, values) -> System.out.printf("%-22s %9.0f %9.0f %9.0f %9.0f%n", hop, percentile(values, 50),
                percentile(values, 95), percentile(values, 99), percentile(values, 100)));
        System.out.printf("HTTP calls the clients sent again (intake answered 5xx or was unreachable): %d; dead letters: %d%n",
                retries.get(), deadLetters);
        System.out.printf("per request: %.1f PostgreSQL commits, %.1f Kafka records (all topics)%n", commits / (double) filed.size(),
                records / (double) filed.size());
        System.out.printf("ceilings on this stack, %d clients: PostgreSQL %.0f commits/s (one row each), Kafka %.0f sends/s (acks=all, awaited)%n",
                clients, pgCeiling, kafkaCeiling);
        System.out.printf("  requests/s as a share of the ceilings: %.4f of PostgreSQL's, %.4f of Kafka's; commits/s used %.0f (%.2f of the ceiling)%n",
                done / span / pgCeiling, done / span / kafkaCeiling, commits / wall, commits / wall / pgCeiling);
        System.out.printf("CPU during the measured run (%.1f s wall, %d cores):%n", wall, Runtime.getRuntime().availableProcessors());
        double total = 0;
        for (Map.Entry<String, Long> entry : cpuAfter.entrySet()) {
            Long pidNow = stack.processIds().get(entry.getKey());
            if (pidNow != null && !pidNow.equals(pidsBefore.get(entry.getKey()))) {
                System.out.printf("  %-14s   (restarted during the run: not comparable)%n", entry.getKey());
                continue;
            }
            double seconds = (entry.getValue() - cpuBefore.getOrDefault(entry.getKey(), 0L)) / 100.0;
            total += seconds;
            System.out.printf("  %-14s %8.1f CPU s  %5.2f cores%n", entry.getKey(), seconds, seconds / wall);
        }
        System.out.printf("  %-14s %8.1f CPU s  %5.2f cores%n", "all", total, total / wall);
        if (problems.isEmpty()) {
            System.out.println("checks: every request COMPLETED with a full timeline; every item named was in a vendor notice;"
                    + " no dead letters");
            return true;
        }
        System.out.printf("checks FAILED for %d requests, e.g.:%n", problems.size());
        problems.stream().limit(10).forEach(p -> System.out.println("  " + p));
        return false;
    }

    /** Each request's status page, as its claimant reads it: the first time each status was reached. */
    private Map<String, Map<String, Instant>> timelines(List<Filed> filed, List<String> problems) throws InterruptedException {
        Map<String, Map<String, Instant>> timelines = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (Filed request : filed) {
            pool.execute(() -> {
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    URI.create(stack.url("intake") + "/api/v1/requests/" + request.id())).timeout(Duration.ofSeconds(30))
                            .header("X-Claimant-Token", request.token()).GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        problems.add(request.id() + ": status page answered " + response.statusCode());
                        return;
                    }
                    JsonNode status = JSON.readTree(response.body());
                    if (!"COMPLETED".equals(status.path("status").asText())) {
                        problems.add(request.id() + " (" + request.claimType() + "): ended " + status.path("status").asText());
                    }
                    Map<String, Instant> at = new LinkedHashMap<>();
                    StringBuilder text = new StringBuilder();
                    status.path("timeline").forEach(entry -> {
                        at.putIfAbsent(entry.path("status").asText(), Instant.parse(entry.path("at").asText()));
                        text.append(text.length() == 0 ? "[" : ", ").append(entry.path("status").asText()).append(' ')
                                .append(entry.path("detail").asText(""));
                    });
                    timelineText.put(request.id(), text.append(']').toString());
                    timelines.put(request.id(), at);
                } catch (IOException e) {
                    problems.add(request.id() + ": status page unreadable: " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return timelines;
    }

    /** Every item a request named by URL or by its photo must have reached the vendor. */
    private void checkNotices(List<Filed> filed, List<String> problems) throws IOException {
        Set<String> notified = new HashSet<>();
        for (DemoVendorReceiver.Notice notice : stack.vendorReceiver().notices()) {
            JSON.readTree(notice.body()).path("items").forEach(item -> notified.add(item.path("itemId").asText()));
        }
        for (Filed request : filed) {
            Set<String> missing = new HashSet<>(request.expectedItems());
            missing.removeAll(notified);
            if (!missing.isEmpty()) {
                problems.add(request.id() + " (" + request.claimType() + "): items " + missing + " in no notice; timeline "
                        + timelineText.get(request.id()));
            }
        }
    }

    // ---------------------------------------------------------------- ceilings and resources

    /** One row per transaction from every client, on the stack's own PostgreSQL. */
    private double postgresCeiling(Duration duration) throws Exception {
        ServiceDatabase database = stack.database("intake");
        try (Connection admin = database.connect(); Statement ddl = admin.createStatement()) {
            ddl.execute("CREATE TABLE bench_ceiling (id uuid PRIMARY KEY, payload text NOT NULL, at timestamptz NOT NULL DEFAULT now())");
        }
        AtomicLong commits = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        String payload = "x".repeat(600);
        for (int c = 0; c < clients; c++) {
            threads.add(daemon("pg-ceiling", () -> {
                try (Connection connection = database.connect();
                        PreparedStatement insert = connection.prepareStatement("INSERT INTO bench_ceiling (id, payload) VALUES (?, ?)")) {
                    connection.setAutoCommit(true);
                    while (System.nanoTime() < end) {
                        insert.setObject(1, UUID.randomUUID());
                        insert.setString(2, payload);
                        insert.executeUpdate();
                        commits.incrementAndGet();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        try (Connection admin = database.connect(); Statement ddl = admin.createStatement()) {
            ddl.execute("DROP TABLE bench_ceiling");
        }
        double perSecond = commits.get() / (duration.toMillis() / 1e3);
        System.out.printf("ceiling: PostgreSQL %.0f commits/s (%d clients, one 600-byte row per transaction)%n", perSecond, clients);
        return perSecond;
    }

    /** One awaited send at a time per client (what an outbox relay does per row), acks=all, to a topic of its own. */
    private double kafkaCeiling(Duration duration) throws Exception {
        String topic = "bench.ceiling";
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, Topics.DEFAULT_PARTITIONS, (short) 1))).all().get();
        }
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        AtomicLong sends = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        byte[] value = new byte[600];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                threads.add(daemon("kafka-ceiling", () -> {
                    while (System.nanoTime() < end) {
                        try {
                            producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8), value)).get();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        sends.incrementAndGet();
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
        try (Admin admin = Admin.create(props)) {
            admin.deleteTopics(List.of(topic)).all().get();
        }
        double perSecond = sends.get() / (duration.toMillis() / 1e3);
        System.out.printf("ceiling: Kafka %.0f sends/s (%d clients, acks=all, each awaited, one producer)%n", perSecond, clients);
        return perSecond;
    }

    private long commits() throws SQLException {
        try (Connection connection = stack.database("intake").connect(); Statement query = connection.createStatement();
                ResultSet sum = query.executeQuery("SELECT sum(xact_commit) FROM pg_stat_database")) {
            sum.next();
            return sum.getLong(1);
        }
    }

    private long records() throws Exception {
        return endOffsets(Topics.allWithDeadLetters().stream().filter(topic -> !topic.endsWith(".dlq")).toList());
    }

    private long deadLetters() throws Exception {
        return endOffsets(Topics.allWithDeadLetters().stream().filter(topic -> topic.endsWith(".dlq")).toList());
    }

    private long endOffsets(List<String> topics) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(ListOffsetsResultInfo::offset).sum();
        }
    }

    /** utime + stime of each component's process and its children (reaped ones included), in clock ticks. */
    private Map<String, Long> cpuTicks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        stack.processIds().forEach((name, pid) -> ProcessHandle.of(pid).ifPresent(process -> {
            long sum = ticks(process.pid(), true);
            for (ProcessHandle child : process.descendants().toList()) {
                sum += ticks(child.pid(), false);
            }
            ticks.put(name, sum);
        }));
        ticks.put("benchmark", ticks(ProcessHandle.current().pid(), false));
        return ticks;
    }

    private static long ticks(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command: state is field 3, utime 14, stime 15, cutime 16, cstime 17 (1-based, proc(5)).
            long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return withReapedChildren ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : own;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static Path writeRegistry(Path work, Path root) throws IOException {
        ObjectNode registry = JSON.createObjectNode();
        ArrayNode datasets = registry.putArray("datasets");
        ObjectNode bench = datasets.addObject().put("id", BenchRelease.DATASET).put("name", "Bench (LAION-shaped)")
                .put("maintainerContact", "datasets@bench.example").put("homeUrl", "https://bench.example/");
        bench.putArray("releases").addObject().put("id", BenchRelease.RELEASE)
                .put("manifest", work.resolve("bench-release/rows.jsonl").toString());
        // The dev stack's demo data sets too: every request is matched against all active releases.
        JsonNode demo = JSON.readTree(root.resolve("deploy/local/demo/registry.json").toFile());
        for (JsonNode dataset : demo.path("datasets")) {
            ObjectNode copy = dataset.deepCopy();
            for (JsonNode release : copy.path("releases")) {
                ((ObjectNode) release).put("manifest", root.resolve("deploy/local/demo").resolve(release.path("manifest").asText()).toString());
            }
            datasets.add(copy);
        }
        Path file = work.resolve("registry.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), registry);
        return file;
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static {
        Locale.setDefault(Locale.ROOT);
    }
}
