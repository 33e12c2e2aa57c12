package org.takedown.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.takedown.cli.auth.StoredTokens;
import org.takedown.cli.auth.TokenStore;
import org.takedown.local.DemoVendorReceiver;
import org.takedown.local.LocalStack;
import org.takedown.local.SmtpCatcher;
import org.takedown.testing.HeadlessChromium;
import org.takedown.testing.Infrastructure;
import org.takedown.testing.KeycloakServer;

/**
 * The CLI against the dev stack's packaged services, a real Keycloak (the operator logs in with the device grant,
 * confirmed in a real browser) and the stack's Kafka. Each test runs the command line in this JVM, as
 * {@code takedown …} would, and checks its effect through the services or the broker, not only its output.
 */
class CliIT {

    @RegisterExtension
    static final HeadlessChromium CHROMIUM = new HeadlessChromium();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern DEVICE_URL = Pattern.compile("(http\\S+/device\\S*)");

    private static LocalStack stack;
    private static Path configDir;

    record Run(int exitCode, String out, String err) {

        Run succeeded() {
            assertEquals(0, exitCode, "exit code; out:\n" + out + "\nerr:\n" + err);
            return this;
        }

        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    static void startStackAndLogIn() throws Exception {
        LocalStack.Builder builder = LocalStack.builder()
                .keycloakUrl(Infrastructure.sharedKeycloakUrl())
                .autoApprove(true)
                // Five services start at once on a shared build machine: give their first connections and start time room.
                .readyTimeout(Duration.ofMinutes(5));
        for (String service : LocalStack.SERVICES) {
            builder.extraServiceProperties(service, Map.of("quarkus.datasource.jdbc.acquisition-timeout", "60S"));
        }
        stack = builder
                .progress(line -> System.out.println("[stack] " + line))
                .start();
        configDir = Files.createTempDirectory("takedown-cli-it").resolve("takedown");
        Run login = deviceLogin(configDir, "admin");
        assertTrue(login.out().contains("Logged in as admin"), login.out());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theDeviceLoginKeepsTheTokensReadableByTheOperatorOnly() throws Exception {
        Path tokens = configDir.resolve("tokens.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(configDir)));
        Run whoami = run(configDir, "whoami").succeeded();
        assertTrue(whoami.out().startsWith("admin at " + stack.keycloakUrl() + "/realms/takedown"), whoami.out());
        assertTrue(whoami.out().contains("roles: ") && whoami.out().contains("admin"), whoami.out());
    }

    @Test
    void anExpiredAccessTokenIsRefreshedOnTheNextCall() throws Exception {
        TokenStore store = new TokenStore(configDir);
        StoredTokens before = store.read().orElseThrow();
        store.write(new StoredTokens(before.realmUrl(), before.clientId(), before.username(), before.accessToken(),
                before.refreshToken(), 0, before.refreshExpiresAt()));

        run(configDir, "vendors", "list").succeeded();

        StoredTokens after = store.read().orElseThrow();
        assertNotEquals(before.accessToken(), after.accessToken(), "a new access token was stored");
        assertTrue(after.expiresAt() > System.currentTimeMillis() / 1000, "valid again until " + after.expiresAt());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
    }

    @Test
    void withoutALoginAnAdminCommandSaysToLogIn() throws Exception {
        Path nobody = Files.createTempDirectory("takedown-cli-nobody");
        Run run = run(nobody, "vendors", "list");
        assertEquals(CliException.NOT_LOGGED_IN, run.exitCode(), run.err());
        assertTrue(run.err().contains("Run `takedown login`"), run.err());
    }

    @Test
    void aReviewerIsRefusedAdminWorkWithTheRoleNamed() throws Exception {
        Path reviewer = Files.createTempDirectory("takedown-cli-reviewer").resolve("takedown");
        deviceLogin(reviewer, "reviewer");
        Run run = run(reviewer, "vendors", "list");
        assertEquals(CliException.FAILED, run.exitCode(), run.err());
        assertTrue(run.err().contains("answered 403") && run.err().contains("`takedown whoami` shows your roles"), run.err());
    }

    @Test
    void aDataSetIsRegisteredIngestedWithProgressActivatedAndRetired() throws Exception {
        String dataset = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        run(configDir, "datasets", "register", dataset, "--name", "CLI test set", "--home-url", "https://example.org/set").succeeded();

        Run ingest = run(configDir, "releases", "ingest", dataset, "r1", "--manifest", "demo-a-2026-12.jsonl", "--poll", "PT0.2S")
                .succeeded();
        assertTrue(ingest.out().contains("100.0%"), "progress up to 100 %:\n" + ingest.out());
        assertTrue(ingest.out().contains(dataset + "/r1: PUBLISHED, 5 rows"), ingest.out());
        assertEquals("INGESTING", release(dataset, "r1").path("state").asText());

        run(configDir, "releases", "activate", dataset, "r1").succeeded();
        assertEquals("ACTIVE", release(dataset, "r1").path("state").asText());
        assertEquals(5, release(dataset, "r1").path("itemCount").asInt());
        assertTrue(run(configDir, "datasets", "list").succeeded().out().lines()
                .anyMatch(line -> line.startsWith(dataset) && line.contains("r1") && line.contains("ACTIVE")));

        run(configDir, "releases", "retire", dataset, "r1").succeeded();
        assertEquals("RETIRED", release(dataset, "r1").path("state").asText());

        Run again = run(configDir, "releases", "activate", dataset, "r1");
        assertEquals(CliException.FAILED, again.exitCode());
        assertTrue(again.err().contains("answered 409") && again.err().contains("release-retired"), again.err());
    }

    @Test
    void aVendorIsAddedWithAnEndpointItsSecretRotatedAndKeysIssuedAndRevoked() throws Exception {
        String vendor = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        Run added = run(configDir, "vendors", "add", vendor, "--name", "CLI Vendor", "--contact", "ops@example.org").succeeded();
        Matcher secret = Pattern.compile("(whsec_\\S+)").matcher(added.out());
        assertTrue(secret.find(), added.out());

        try (DemoVendorReceiver receiver = DemoVendorReceiver.start(0, secret.group(1))) {
            run(configDir, "vendors", "endpoints", "add", vendor, "--url", receiver.webhookUrl()).succeeded();
            Run test = run(configDir, "vendors", "test-notice", vendor).succeeded();
            assertTrue(test.out().contains(receiver.webhookUrl()), test.out());
            assertEquals(1, receiver.notices().size(), "one signed test notice arrived");
            assertTrue(receiver.refused().isEmpty(), "its signature verified with the secret the CLI printed");

            // Without a grace period the old secret stops at once: the receiver that only knows it refuses.
            Run rotated = run(configDir, "vendors", "rotate-secret", vendor, "--grace", "PT0S").succeeded();
            assertTrue(rotated.out().contains("whsec_") && !rotated.out().contains(secret.group(1)), rotated.out());
            Run refused = run(configDir, "vendors", "test-notice", vendor);
            assertEquals(CliException.FAILED, refused.exitCode(), refused.out());
            assertTrue(refused.err().contains("verifies the signature"), refused.err());
            assertEquals(1, receiver.refused().size());
        }

        Run issued = run(configDir, "--json", "vendors", "api-keys", "issue", vendor).succeeded();
        String key = issued.json().path("key").asText();
        String keyId = issued.json().path("id").asText();
        assertTrue(run(configDir, "vendors", "api-keys", "list", vendor).succeeded().out().contains(keyId));
        assertEquals(200, checkWithApiKey(key));
        run(configDir, "vendors", "api-keys", "revoke", vendor, keyId).succeeded();
        assertEquals(401, checkWithApiKey(key));
        assertTrue(run(configDir, "--json", "vendors", "show", vendor).succeeded().json().path("endpoints").size() == 1);
    }

    @Test
    void deadLettersAreCountedShownAndReplayedOneByOneToTheirOriginalTopic() throws Exception {
        String topic = "takedown.requests.appealed";
        String key = UUID.randomUUID().toString();
        RecordMetadata dead = deadLetter(topic, key, "{\"cli\":\"one\"}", "the CLI test put it here");

        Run list = run(configDir, "--json", "dlq", "list").succeeded();
        long records = 0;
        for (JsonNode row : list.json()) {
            if (row.path("topic").asText().equals(topic + ".dlq")) {
                records = row.path("records").asLong();
            }
        }
        assertTrue(records >= 1, list.out());

        String id = dead.partition() + ":" + dead.offset();
        Run show = run(configDir, "dlq", "show", topic + ".dlq", "--record", id).succeeded();
        assertTrue(show.out().contains("record " + id + "  key " + key), show.out());
        assertTrue(show.out().contains("reason: the CLI test put it here"), show.out());

        Map<TopicPartition, Long> end = endOffsets(topic);
        run(configDir, "dlq", "replay", topic + ".dlq", "--record", id).succeeded();
        List<ConsumerRecord<String, String>> replayed = readFrom(topic, end, key, 1);
        assertEquals("{\"cli\":\"one\"}", replayed.get(0).value());
        assertEquals(null, replayed.get(0).headers().lastHeader("dead-letter-reason"), "the failure's headers stay behind");
        assertEquals(topic + ".dlq-" + id.replace(':', '@'),
                new String(replayed.get(0).headers().lastHeader("takedown-replayed-from").value(), StandardCharsets.UTF_8));
    }

    @Test
    void replayAllSendsEveryDeadLetterOfATopicBack() throws Exception {
        String topic = "takedown.reviews.deadline-extended";
        String key = UUID.randomUUID().toString();
        deadLetter(topic, key, "{\"cli\":\"first\"}", "first");
        deadLetter(topic, key, "{\"cli\":\"second\"}", "second");
        Map<TopicPartition, Long> end = endOffsets(topic);

        Run replay = run(configDir, "dlq", "replay", topic + ".dlq", "--all").succeeded();
        assertTrue(replay.out().contains("record(s) replayed"), replay.out());

        List<ConsumerRecord<String, String>> replayed = readFrom(topic, end, key, 2);
        assertEquals(List.of("{\"cli\":\"first\"}", "{\"cli\":\"second\"}"), replayed.stream().map(ConsumerRecord::value).toList(),
                "both, in their order");
    }

    @Test
    void aRequestsTraceShowsItsCaseNoticesAndTimeline() throws Exception {
        String requestId = submitConfirmed("https://images.example.org/demo/0001.jpg");
        JsonNode trace = await("a delivered removal notice for " + requestId, () -> {
            Run run = run(configDir, "--json", "trace", requestId);
            try {
                return run.exitCode() == 0 ? run.json() : null;
            } catch (Exception e) {
                return null;
            }
        }, found -> found != null && found.path("notices").findValues("deliveredAt").stream().anyMatch(JsonNode::isTextual));

        assertEquals(requestId, trace.path("cases").get(0).path("requestId").asText());
        // acme is the stack's vendor; vendors other tests of this class registered get notices as well.
        List<String> vendors = trace.path("notices").findValues("vendorId").stream().map(JsonNode::asText).toList();
        assertTrue(vendors.contains("acme"), vendors.toString());
        Run human = run(configDir, "trace", requestId).succeeded();
        assertTrue(human.out().contains("review: case " + trace.path("cases").get(0).path("id").asText()), human.out());
        assertTrue(human.out().contains("propagation  REMOVAL notice"), human.out());
        assertTrue(human.out().contains("review  CASE_VIEWED by admin"), "the trace's own reading of the case is audited:\n" + human.out());

        Run unknown = run(configDir, "trace", "not-a-request");
        assertEquals(CliException.FAILED, unknown.exitCode());
        assertTrue(unknown.err().contains("a request id is a UUID"), unknown.err());
    }

    @Test
    void theTransparencyReportIsSavedAsCsvAndPrintedAsJson() throws Exception {
        java.time.YearMonth month = java.time.YearMonth.now(java.time.ZoneOffset.UTC);
        Path csv = configDir.resolve("transparency.csv");
        Run saved = run(configDir, "transparency", "--format", "csv", "--from", month.minusMonths(1).toString(),
                "--to", month.toString(), "-o", csv.toString());
        assertEquals(0, saved.exitCode(), saved.err());
        assertTrue(saved.out().contains("Saved the transparency report (csv"), saved.out());
        assertEquals("section,month,claim_type,vendor,dataset,release,metric,value",
                java.nio.file.Files.readAllLines(csv).get(0));
        Run printed = run(configDir, "transparency");
        assertEquals(0, printed.exitCode(), printed.err());
        assertTrue(printed.out().contains("\"suppression\""), printed.out());
        // The server's own refusal comes through: a month that is not one.
        Run refused = run(configDir, "transparency", "--from", "2026-13");
        assertEquals(CliException.FAILED, refused.exitCode(), refused.out());
        assertTrue(refused.err().contains("from"), refused.err());
    }

    @Test
    void theTransparencyExportSaysWhatToDoWhereReviewHasNoReport() throws Exception {
        // Pointed at a service that has no /api/v1/transparency, as a review from before the report would answer.
        Run run = run(configDir, Map.of("review-url", stack.url("matching")), "transparency", "--format", "csv");
        assertEquals(CliException.FAILED, run.exitCode(), run.out());
        assertTrue(run.err().contains("answers 404 for /api/v1/transparency")
                && run.err().contains("does not serve the transparency report yet"), run.err());
    }

    @Test
    void anUnreachableServiceIsNamedWithTheSettingToCheck() throws Exception {
        Run run = run(configDir, Map.of("matching-url", "http://127.0.0.1:1"), "datasets", "list");
        assertEquals(CliException.UNREACHABLE, run.exitCode());
        assertTrue(run.err().contains("cannot reach matching at http://127.0.0.1:1: is it running? Its address is the setting matching-url"), run.err());
    }

    // --- the operator's side ---

    /** Runs {@code takedown login} and confirms the code in Chromium as {@code user}, as a person would. */
    private static Run deviceLogin(Path dir, String user) throws Exception {
        StringWriter out = new SynchronizedWriter();
        CompletableFuture<Run> login = CompletableFuture.supplyAsync(() -> run(dir, Map.of(), out, "login"));
        String url = await("the device login's address", () -> {
            Matcher found = DEVICE_URL.matcher(out.toString());
            return found.find() ? found.group(1) : null;
        }, found -> found != null);
        try (BrowserContext browser = CHROMIUM.newContextWithoutJavaScript()) {
            Page page = browser.newPage();
            page.navigate(url);
            page.fill("#username", user);
            page.fill("#password", KeycloakServer.DEMO_PASSWORD);
            page.click("#kc-login");
            // Keycloak asks every device login to grant the CLI access, as the person at the terminal might not be this one.
            page.waitForSelector("[name=accept]", new Page.WaitForSelectorOptions().setTimeout(60_000));
            page.click("[name=accept]");
            page.waitForLoadState();
            page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("cli-device-login-" + user + ".png")));
        }
        return login.get(60, TimeUnit.SECONDS).succeeded();
    }

    private static Run run(Path dir, String... args) {
        return run(dir, Map.of(), new StringWriter(), args);
    }

    private static Run run(Path dir, Map<String, String> overrides, String... args) {
        return run(dir, overrides, new StringWriter(), args);
    }

    private static Run run(Path dir, Map<String, String> overrides, StringWriter out, String... args) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "keycloak-url", stack.keycloakUrl(),
                "intake-url", stack.url("intake"),
                "verification-url", stack.url("verification"),
                "matching-url", stack.url("matching"),
                "review-url", stack.url("review"),
                "propagation-url", stack.url("propagation"),
                "kafka-bootstrap-servers", stack.kafkaBootstrapServers()));
        settings.putAll(overrides);
        StringWriter err = new StringWriter();
        Context context = new Context(CliSettings.of(dir, settings), new PrintWriter(out, true), new PrintWriter(err, true),
                Clock.systemUTC());
        int exitCode = Takedown.commandLine(context).execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** A StringWriter the login's thread writes to while the test reads it. */
    private static final class SynchronizedWriter extends StringWriter {

        @Override
        public synchronized void write(String text, int offset, int length) {
            super.write(text, offset, length);
        }

        @Override
        public synchronized String toString() {
            return super.toString();
        }
    }

    // --- the stack's side ---

    private static JsonNode release(String dataset, String release) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("matching") + "/api/v1/datasets/" + dataset))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        for (JsonNode found : JSON.readTree(response.body()).path("releases")) {
            if (found.path("id").asText().equals(release)) {
                return found;
            }
        }
        throw new AssertionError("no release " + release + " in " + response.body());
    }

    private static int checkWithApiKey(String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("propagation") + "/api/v1/check"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "API " + key).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("https://example.org/a.jpg")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static RecordMetadata deadLetter(String topic, String key, String value, String reason) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic + ".dlq", key, value);
            record.headers().add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
            record.headers().add("dead-letter-topic", topic.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_type", "org.takedown.test".getBytes(StandardCharsets.UTF_8));
            return producer.send(record).get(10, TimeUnit.SECONDS);
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(10));
        }
    }

    /** The records with {@code key} written to {@code topic} after {@code from}, waiting for {@code count} of them. */
    private static List<ConsumerRecord<String, String>> readFrom(String topic, Map<TopicPartition, Long> from, String key, int count) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
            assertEquals(count, found.size(), "records with key " + key + " in " + topic);
            assertFalse(found.isEmpty());
            return found;
        }
    }

    private static String submitConfirmed(String imageUrl) throws Exception {
        String body = """
                {"claimType":"COPYRIGHT",
                 "claimant":{"email":"cli+%s@example.org","name":"Cli Tester","country":"DE","actingFor":"SELF"},
                 "imageUrls":["%s"],
                 "statements":{"identificationOfWork":"my photograph","identificationOfMaterial":"%s",
                               "contact":"cli@example.org","goodFaithStatement":true,
                               "accuracyUnderPenaltyOfPerjury":true,"signature":"Cli Tester"}}"""
                .formatted(UUID.randomUUID(), imageUrl, imageUrl);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("intake") + "/api/v1/requests"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        String id = JSON.readTree(response.body()).path("id").asText();
        SmtpCatcher.Message mail = await("the confirmation mail of " + id, () -> stack.smtpCatcher().messages().stream()
                .filter(m -> m.text().contains("/confirm/" + id)).findFirst().orElse(null), found -> found != null);
        Matcher code = Pattern.compile("/confirm/" + id + "\\?code=([A-Za-z0-9_-]+)").matcher(mail.text());
        assertTrue(code.find(), mail.text());
        HttpResponse<String> confirmed = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("intake") + "/api/v1/requests/" + id
                        + "/confirmation")).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code.group(1) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        return id;
    }

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; last: " + last);
    }
}
