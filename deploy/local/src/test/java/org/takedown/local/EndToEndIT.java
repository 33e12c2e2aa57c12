package org.takedown.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.takedown.events.Topics;
import org.takedown.testing.Infrastructure;
import org.takedown.testing.KafkaProbe;
import org.takedown.testing.Tokens;

/**
 * One request through the five services, each a separate process as a user would run them, over
 * a real Kafka broker and a real PostgreSQL cluster: intake → verification → matching → review
 * (a person approves over the API) → propagation → the vendor's webhook → COMPLETED.
 */
class EndToEndIT {

    private static final Duration FLOW_TIMEOUT = Duration.ofSeconds(90);
    private static final String DEMO_URL = "https://images.example.org/demo/0001.jpg";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static LocalStack stack;
    private static OtlpCollector traces;

    @BeforeAll
    static void startStack() throws IOException {
        traces = new OtlpCollector();
        stack = LocalStack.builder()
                .tracesEndpoint(traces.tracesEndpoint())
                .fixedPorts(false)
                .keycloakUrl(Infrastructure.sharedKeycloakUrl())
                .autoApprove(false)
                .repositoryRoot(RepositoryRoot.find())
                .progress(line -> System.out.println("[stack] " + line))
                .start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
        if (traces != null) {
            traces.close();
        }
    }

    @Test
    void oneRequestIsOneTraceThroughAllFiveServicesAndTheirMetricsShowIt() throws Exception {
        Set<String> tracesBefore = traces.spans().stream().map(OtlpCollector.CollectedSpan::traceId).collect(Collectors.toSet());
        Receipt receipt = submit(DEMO_URL);
        awaitStatus(receipt, "IN_REVIEW");
        int noticesBefore = stack.vendorReceiver().notices().size();
        approveCaseOf(receipt.id());
        awaitNextNotice(noticesBefore);

        // The submission is a new POST to intake's request API; its trace is the request's trace. Spans are exported
        // in batches, so an earlier test's POST (one refused with 400, which stays in intake) may arrive after the
        // snapshot above: of the new POST traces, the request's is the one that goes on through the services.
        List<String> services = List.copyOf(LocalStack.SERVICES);
        Map<String, Set<String>> postTraces = await("a trace from a new POST to intake with spans of all five services",
                () -> {
                    Set<String> posts = traces.spans().stream()
                            .filter(s -> s.service().equals("intake") && s.name().equals("POST /api/v1/requests")
                                    && !tracesBefore.contains(s.traceId()))
                            .map(OtlpCollector.CollectedSpan::traceId).collect(Collectors.toSet());
                    return traces.spans().stream().filter(s -> posts.contains(s.traceId()))
                            .collect(Collectors.groupingBy(OtlpCollector.CollectedSpan::traceId, java.util.TreeMap::new,
                                    Collectors.mapping(OtlpCollector.CollectedSpan::service,
                                            Collectors.toCollection(java.util.TreeSet::new))));
                },
                found -> found.values().stream().anyMatch(inTrace -> inTrace.containsAll(services)));
        List<String> complete = postTraces.entrySet().stream().filter(e -> e.getValue().containsAll(services))
                .map(Map.Entry::getKey).toList();
        assertEquals(1, complete.size(), "one request, one trace through all five services: " + postTraces);
        String traceId = complete.get(0);
        // The reviewer's approval was a trace of its own; review's decision joined the request's trace, linked to it.
        // Spans are exported in batches, so the decision's may come after the notice it caused: wait for it.
        assertTrue(await("review's decision span in trace " + traceId + ", linked to the reviewer's request",
                        () -> traces.spans().stream().anyMatch(s -> s.service().equals("review") && s.traceId().equals(traceId)
                                && s.name().startsWith("publish ") && s.linkedTraceIds().stream().anyMatch(l -> !l.equals(traceId))),
                        found -> found),
                "no span of review's decision in the request's trace linking to the reviewer's request");
        // Nothing claimant-related in span names.
        assertTrue(traces.spans().stream().noneMatch(s -> s.name().contains("jane")));

        for (String service : services) {
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url(service) + "/q/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("takedown_outbox_backlog_events"), service + " has no outbox backlog gauge");
            assertTrue(metrics.contains("takedown_dlq_records{"), service + " has no dead-letter gauge");
            // Every service consumed events of this request, and timed how long they had waited.
            assertTrue(metrics.lines().anyMatch(l -> l.startsWith("takedown_events_wait_seconds_count{")
                    && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= 1), service + " has no event wait timer");
        }
    }

    @Test
    void requestTravelsThroughEveryServiceAndTheVendorIsNotified() throws Exception {
        Receipt receipt = submit(DEMO_URL);

        awaitStatus(receipt, "IN_REVIEW");
        int noticesBefore = stack.vendorReceiver().notices().size();
        approveCaseOf(receipt.id());

        DemoVendorReceiver.Notice notice = awaitNextNotice(noticesBefore);
        JsonNode body = JSON.readTree(notice.body());
        assertEquals(DEMO_URL, body.path("items").path(0).path("url").asText());
        assertEquals("demo-0001", body.path("items").path(0).path("itemId").asText());
        // The URL is in three releases of three data sets: one notice, each item naming its release.
        assertEquals("*", body.path("datasetId").asText(), notice.body());
        List<String> releases = new java.util.ArrayList<>();
        body.path("items").forEach(item -> releases.add(item.path("datasetId").asText() + "/" + item.path("releaseId").asText()));
        assertEquals(List.of("demo-a/2026-11", "demo-b/2026-11", "demo/2026-11"),
                releases.stream().sorted().toList(), notice.body());
        assertFalse(notice.body().contains("jane"), "the notice carries the claimant's data: " + notice.body());

        awaitStatus(receipt, "COMPLETED");
        // The demo vendor reported the notice APPLIED through the vendor API: that is what completes a request.
        await("the demo vendor's APPLIED report of " + notice.header("webhook-id"), () -> stack.vendorReceiver().applied(),
                applied -> applied.contains(notice.header("webhook-id")));
        // Events of different topics arrive in any order: the timeline fills up, the status never goes back.
        List<String> expected = List.of("SUBMITTED", "VERIFIED", "MATCHED", "IN_REVIEW", "APPROVED", "NOTIFYING", "COMPLETED");
        JsonNode done = await("the full timeline of " + receipt.id(), () -> status(receipt),
                s -> timeline(s).containsAll(expected));
        assertEquals("COMPLETED", done.path("status").asText());

        // The public transparency report (ADR 020, no login) counts it, the vendor's answer and the removed items,
        // and names no request.
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        JsonNode report = await("the transparency report counting " + receipt.id(), () -> JSON.readTree(HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.url("review") + "/api/v1/transparency?from=" + month)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()), r -> counted(r.path("requests"), "decided", "approvedInFull")
                && counted(r.path("vendors"), "applied", null) && counted(r.path("removals"), "removedByDecision", null));
        assertFalse(report.toString().contains(receipt.id().toString()), report.toString());
    }

    /** Whether a row of {@code rows} shows a count above zero (or withheld: 1 to 4) under {@code field} ({@code .sub}). */
    private static boolean counted(JsonNode rows, String field, String sub) {
        for (JsonNode row : rows) {
            JsonNode value = sub == null ? row.path(field) : row.path(field).path(sub);
            if (value.isTextual() && value.asText().equals("< 5") || value.isNumber() && value.asLong() > 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aRequestThatNamesOneDataSetIsMatchedOnlyThere() throws Exception {
        // The demo URL is in all three releases; the claimant asks for demo-b only.
        Receipt receipt = submit(DEMO_URL, "[\"demo-b\"]");
        awaitStatus(receipt, "IN_REVIEW");
        assertEquals(List.of("demo-b"), JSON.convertValue(status(receipt).path("targets").path("datasets"), List.class));
        String reviewer = "Bearer " + Tokens.of(stack.keycloakUrl()).user("reviewer");
        JsonNode cases = await("a review case for " + receipt.id(), () -> JSON.readTree(HTTP.send(HttpRequest.newBuilder(
                                URI.create(stack.url("review") + "/api/v1/cases?requestId=" + receipt.id()))
                                .header("Authorization", reviewer).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body()),
                list -> list.size() == 1);
        List<String> releases = new java.util.ArrayList<>();
        cases.get(0).path("candidates").forEach(candidate ->
                releases.add(candidate.path("datasetId").asText() + "/" + candidate.path("releaseId").asText()));
        assertEquals(List.of("demo-b/2026-11"), releases, cases.toString());

        // A data set the registry does not have is refused at once, naming the field.
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("intake") + "/api/v1/requests"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(DEMO_URL, "[\"laion-9b\"]"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("laion-9b"), refused.body());
    }

    @Test
    void withdrawingAfterTheVendorAppliedTheRemovalSendsItAReversal() throws Exception {
        Receipt receipt = submit(DEMO_URL);
        awaitStatus(receipt, "IN_REVIEW");
        int noticesBefore = stack.vendorReceiver().notices().size();
        approveCaseOf(receipt.id());
        DemoVendorReceiver.Notice removal = awaitNextNotice(noticesBefore);
        awaitStatus(receipt, "COMPLETED");

        HttpResponse<String> withdrawn = claimantPost(receipt, "/withdrawal", null);
        assertEquals(200, withdrawn.statusCode(), withdrawn.body());
        awaitStatus(receipt, "WITHDRAWN");

        // Every vendor told to remove the items hears that they are no longer to be removed.
        DemoVendorReceiver.Notice reversal = awaitNextNotice(noticesBefore + 1);
        JsonNode body = JSON.readTree(reversal.body());
        assertEquals("takedown.removal.reversed", body.path("type").asText(), reversal.body());
        assertEquals(removal.header("webhook-id"), body.path("noticeId").asText());
        assertEquals("demo-0001", body.path("items").path(0).path("itemId").asText());
        assertFalse(removal.header("webhook-id").equals(reversal.header("webhook-id")), "a reversal is a delivery of its own");
    }

    @Test
    void aReviewersQuestionReachesTheClaimantWhoseAnswerReachesTheReviewer() throws Exception {
        Receipt receipt = submit(DEMO_URL);
        awaitStatus(receipt, "IN_REVIEW");
        String reviewer = bearer("reviewer");
        JsonNode reviewCase = caseOf(receipt.id(), reviewer);

        HttpResponse<String> asked = post(stack.url("review") + "/api/v1/cases/" + reviewCase.path("id").asText()
                        + "/information-request", reviewer,
                "{\"reasonCodes\":[\"OWNERSHIP_PROOF\"],\"message\":\"Please show us the original file of the photo.\","
                        + "\"version\":" + reviewCase.path("version").asLong() + "}");
        assertEquals(200, asked.statusCode(), asked.body());

        // The claimant sees the question (through intake, which holds the words) and answers it.
        JsonNode waiting = awaitStatus(receipt, "NEEDS_INFORMATION");
        assertTrue(waiting.toString().contains("original file of the photo"), waiting.toString());
        HttpResponse<String> answered = claimantPost(receipt, "/information",
                "{\"text\":\"The original is attached to my e-mail of today, with its EXIF data.\"}");
        assertEquals(201, answered.statusCode(), answered.body());
        String replyId = JSON.readTree(answered.body()).path("replyId").asText();

        // Review gets the case back with the reply's id; the reviewer reads the words from intake.
        JsonNode resumed = await("the case of " + receipt.id() + " to get the claimant's reply",
                () -> caseOf(receipt.id(), reviewer), c -> replyId.equals(c.path("informationReplyId").asText()));
        assertTrue(resumed.path("pausedAt").isNull() || resumed.path("pausedAt").isMissingNode(), resumed.toString());
        HttpResponse<String> reply = get(stack.url("review") + "/api/v1/cases/" + resumed.path("id").asText()
                + "/replies/" + replyId, reviewer);
        assertEquals(200, reply.statusCode(), reply.body());
        assertTrue(reply.body().contains("with its EXIF data"), reply.body());
    }

    @Test
    void aClaimantFindsTheirItemByCaptionAndMatchingFindsItFromTheRequestsTextQuery() throws Exception {
        // Before filing: the public search finds the item by its caption.
        HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("matching")
                        + "/api/v1/search/captions?q=yellow%20scarf")).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, found.statusCode(), found.body());
        assertEquals("demo-0002", JSON.readTree(found.body()).path("items").path(0).path("itemId").asText(), found.body());

        // Filed with the words as a text query (personal data: it stays in intake; matching reads it there).
        String body = """
                {"claimType":"COPYRIGHT",
                 "claimant":{"email":"jane+%s@example.org","name":"Jane Doe","country":"DE","actingFor":"SELF"},
                 "textQueries":["yellow scarf"],
                 "statements":{"identificationOfWork":"my portrait painting","identificationOfMaterial":"the data set item captioned with a yellow scarf",
                               "contact":"jane@example.org","goodFaithStatement":true,
                               "accuracyUnderPenaltyOfPerjury":true,"signature":"Jane Doe"}}""".formatted(UUID.randomUUID());
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("intake") + "/api/v1/requests"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        JsonNode created = JSON.readTree(response.body());
        Receipt receipt = confirmed(new Receipt(created.path("id").asText(), created.path("accessToken").asText()));
        awaitStatus(receipt, "IN_REVIEW");

        String reviewer = bearer("reviewer");
        JsonNode reviewCase = JSON.readTree(get(stack.url("review") + "/api/v1/cases/" + caseOf(receipt.id(), reviewer)
                .path("id").asText(), reviewer).body());
        JsonNode candidate = null;
        for (JsonNode c : reviewCase.path("candidates")) {
            if ("demo-0002".equals(c.path("itemId").asText())) {
                candidate = c;
            }
        }
        assertTrue(candidate != null, reviewCase.toString());
        assertTrue(candidate.path("signals").toString().contains("CAPTION_TEXT"), candidate.toString());
        assertTrue(!candidate.path("explanations").toString().contains("scarf"),
                "the explanation names the query's position, not its words: " + candidate);
    }

    @Test
    void aDeniedClaimantAppealsAndAnotherReviewerDecides() throws Exception {
        Receipt receipt = submit(DEMO_URL);
        awaitStatus(receipt, "IN_REVIEW");
        String first = bearer("reviewer");
        JsonNode reviewCase = caseOf(receipt.id(), first);
        HttpResponse<String> denied = post(stack.url("review") + "/api/v1/cases/" + reviewCase.path("id").asText() + "/decision",
                first, "{\"decision\":\"DENY\",\"reasonCode\":\"NOT_THE_CLAIMANTS_WORK\",\"version\":"
                        + reviewCase.path("version").asLong() + ",\"message\":\"We could not see that the photo is yours.\"}");
        assertEquals(200, denied.statusCode(), denied.body());
        JsonNode deniedStatus = awaitStatus(receipt, "DENIED");
        assertTrue(deniedStatus.toString().contains("could not see that the photo is yours"), deniedStatus.toString());

        HttpResponse<String> appealed = claimantPost(receipt, "/appeal",
                "{\"grounds\":\"I took this photo in 2019; the RAW file is on my camera.\"}");
        assertEquals(201, appealed.statusCode(), appealed.body());
        assertEquals(409, claimantPost(receipt, "/appeal", "{\"grounds\":\"again\"}").statusCode(), "a second appeal");

        JsonNode appeal = await("the appeal of " + receipt.id() + " in review", () -> caseOf(receipt.id(), first),
                c -> c.path("appeal").asBoolean() && "OPEN".equals(c.path("status").asText()));
        String decision = "{\"decision\":\"APPROVE\",\"itemIds\":[\"demo-0001\"],\"version\":" + appeal.path("version").asLong() + "}";
        // The reviewer who denied it may not decide the appeal; another reviewer may.
        HttpResponse<String> byDenier = post(stack.url("review") + "/api/v1/cases/" + appeal.path("id").asText() + "/decision", first, decision);
        assertEquals(403, byDenier.statusCode(), byDenier.body());
        int noticesBefore = stack.vendorReceiver().notices().size();
        HttpResponse<String> bySecond = post(stack.url("review") + "/api/v1/cases/" + appeal.path("id").asText() + "/decision",
                bearer("reviewer2"), decision);
        assertEquals(200, bySecond.statusCode(), bySecond.body());
        awaitNextNotice(noticesBefore);
        awaitStatus(receipt, "COMPLETED");
    }

    @Test
    void requestAcceptedWhileKafkaIsDownIsCompletedAfterItReturns() throws Exception {
        stack.stopKafka();
        Receipt receipt;
        try {
            receipt = submit(DEMO_URL);
            assertEquals("SUBMITTED", status(receipt).path("status").asText());
        } finally {
            stack.startKafka();
        }

        awaitStatus(receipt, "IN_REVIEW");
        int noticesBefore = stack.vendorReceiver().notices().size();
        approveCaseOf(receipt.id());
        awaitNextNotice(noticesBefore);
        awaitStatus(receipt, "COMPLETED");
    }

    @Test
    void theClaimantGetsAConfirmationMailThroughTheSmtpCatcher() throws Exception {
        Receipt receipt = submit(DEMO_URL);
        SmtpCatcher.Message mail = await("a confirmation e-mail for request " + receipt.id(),
                () -> stack.smtpCatcher().messages().stream().filter(m -> m.text().contains(receipt.id())).findFirst().orElse(null),
                found -> found != null);
        assertEquals(1, mail.to().size(), mail.toString());
        assertTrue(mail.to().get(0).startsWith("jane+"), mail.toString());
        assertTrue(mail.text().contains("/confirm/" + receipt.id()), mail.text());
        // The catcher's HTTP view lists what it caught, for people trying the dev stack.
        String listed = HTTP.send(HttpRequest.newBuilder(URI.create(stack.smtpCatcher().messagesUrl())).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(listed.startsWith("[") && listed.contains(receipt.id()), listed);
    }

    @Test
    void aSiteOptOutsStatusSaysWhatToPublishAsVerificationKnowsIt() throws Exception {
        // Intake asks verification with its own client-credentials token (verification only lets
        // services, reviewers and admins read proofs): this shows the call works end to end.
        String domain = "optout-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        String body = """
                {"claimType":"SITE_OPT_OUT",
                 "claimant":{"email":"webmaster@%s","name":"Site Owner","country":"DE","actingFor":"SELF"},
                 "domains":["%s"],
                 "statements":{"authorityForSite":true,"accuracyStatement":true}}""".formatted(domain, domain);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("intake") + "/api/v1/requests"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        JsonNode receipt = JSON.readTree(response.body());
        Receipt optOut = confirmed(new Receipt(receipt.path("id").asText(), receipt.path("accessToken").asText()));

        JsonNode status = await("domain proofs on the status of " + optOut.id(), () -> status(optOut),
                s -> s.path("domainProofs").path("proofs").size() == 1);
        JsonNode proof = status.path("domainProofs").path("proofs").path(0);
        assertEquals(domain, proof.path("domain").asText());
        assertEquals("_takedown-verification." + domain, proof.path("dnsRecord").path("name").asText());
        assertTrue(proof.path("token").asText().startsWith("tdv1-"), proof.toString());
        assertEquals("PENDING", proof.path("status").asText());
    }

    @Test
    void noEventOnAnyTopicCarriesTheClaimantsAddressNameOrImageBytes() throws Exception {
        String email = "privacy-" + UUID.randomUUID() + "@example.org";
        String name = "Zoltana Pfefferminz";
        byte[] image = pngWithNoise();
        String request = """
                {"claimType":"LIKENESS","claimant":{"email":"%s","name":"%s","country":"FR","actingFor":"SELF"},
                 "imageUrls":["%s"], "textQueries":["%s"],
                 "statements":{"depictedPersonOrMandate":"%s","jurisdiction":"FR","noConsentStatement":true}}"""
                .formatted(email, name, DEMO_URL, name, name);
        Receipt receipt = submitMultipart(request, image);
        awaitStatus(receipt, "IN_REVIEW");

        try (KafkaProbe everything = new KafkaProbe(stack.kafkaBootstrapServers(), Topics.allWithDeadLetters())) {
            everything.awaitRecord(r -> r.value() != null && r.value().contains(receipt.id())
                    && r.topic().equals(Topics.MATCHES_FOUND), FLOW_TIMEOUT);
            List<ConsumerRecord<String, String>> records = everything.drain(Duration.ofSeconds(2));
            assertTrue(records.stream().anyMatch(r -> receipt.id().equals(r.key())), "the request's events were read");
            String imageSample = java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(image, 100, 148));
            String rawSample = new String(java.util.Arrays.copyOfRange(image, 100, 148), java.nio.charset.StandardCharsets.ISO_8859_1);
            for (ConsumerRecord<String, String> record : records) {
                String everythingInIt = record.value() + " " + headers(record);
                assertFalse(everythingInIt.contains(email), record.topic() + " carries the e-mail address");
                assertFalse(everythingInIt.contains("Pfefferminz"), record.topic() + " carries the name");
                assertFalse(everythingInIt.contains(imageSample) || everythingInIt.contains(rawSample),
                        record.topic() + " carries image bytes");
            }
        }
    }

    private static String headers(ConsumerRecord<String, String> record) {
        StringBuilder all = new StringBuilder();
        record.headers().forEach(h -> all.append(h.key()).append('=')
                .append(new String(h.value(), java.nio.charset.StandardCharsets.ISO_8859_1)).append(' '));
        return all.toString();
    }

    /** A PNG whose bytes cannot appear anywhere by chance. */
    private static byte[] pngWithNoise() throws IOException {
        java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(64, 64, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(42);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                picture.setRGB(x, y, random.nextInt(0xFFFFFF));
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(picture, "png", out);
        return out.toByteArray();
    }

    private static Receipt submitMultipart(String requestJson, byte[] png) throws Exception {
        String boundary = "----takedown-" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"request\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + requestJson + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"images\"; filename=\"me.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(png);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("intake") + "/api/v1/requests"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        JsonNode receipt = JSON.readTree(response.body());
        return confirmed(new Receipt(receipt.path("id").asText(), receipt.path("accessToken").asText()));
    }

    private record Receipt(String id, String token) {
    }

    private static final java.util.regex.Pattern CONFIRMATION_CODE = java.util.regex.Pattern.compile("/confirm/([0-9a-f-]{36})\\?code=([A-Za-z0-9_-]+)");

    /**
     * Does what the claimant does next: reads the confirmation mail in the SMTP catcher and sends its
     * code. Until then the request waits in AWAITING_CONFIRMATION and nothing downstream hears of it.
     */
    private static Receipt confirmed(Receipt receipt) throws Exception {
        assertEquals("AWAITING_CONFIRMATION", status(receipt).path("status").asText());
        SmtpCatcher.Message mail = await("the confirmation mail of " + receipt.id(), () -> stack.smtpCatcher().messages().stream()
                .filter(m -> m.text().contains("/confirm/" + receipt.id())).findFirst().orElse(null), found -> found != null);
        java.util.regex.Matcher link = CONFIRMATION_CODE.matcher(mail.text());
        assertTrue(link.find(), mail.text());
        HttpResponse<String> confirmed = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.url("intake") + "/api/v1/requests/" + receipt.id() + "/confirmation"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + link.group(2) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        return receipt;
    }

    private static List<String> timeline(JsonNode status) {
        List<String> statuses = new ArrayList<>();
        status.path("timeline").forEach(entry -> statuses.add(entry.path("status").asText()));
        return statuses;
    }

    private static Receipt submit(String imageUrl) throws Exception {
        return submit(imageUrl, "[]");
    }

    /** A copyright request for {@code imageUrl}, to be searched in {@code datasets} (a JSON array; empty: all). */
    private static String requestBody(String imageUrl, String datasets) {
        return """
                {"claimType":"COPYRIGHT",
                 "claimant":{"email":"jane+%s@example.org","name":"Jane Doe","country":"DE","actingFor":"SELF"},
                 "imageUrls":["%s"],
                 "statements":{"identificationOfWork":"my photograph of my cat","identificationOfMaterial":"%s",
                               "contact":"jane@example.org","goodFaithStatement":true,
                               "accuracyUnderPenaltyOfPerjury":true,"signature":"Jane Doe"},
                 "datasets":%s}"""
                .formatted(UUID.randomUUID(), imageUrl, imageUrl, datasets);
    }

    private static Receipt submit(String imageUrl, String datasets) throws Exception {
        String body = requestBody(imageUrl, datasets);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("intake") + "/api/v1/requests"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        JsonNode receipt = JSON.readTree(response.body());
        return confirmed(new Receipt(receipt.path("id").asText(), receipt.path("accessToken").asText()));
    }

    private static JsonNode status(Receipt receipt) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.url("intake") + "/api/v1/requests/" + receipt.id()))
                .timeout(Duration.ofSeconds(10))
                .header("X-Claimant-Token", receipt.token()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static JsonNode awaitStatus(Receipt receipt, String expected) throws Exception {
        return await("request " + receipt.id() + " to reach " + expected, () -> status(receipt),
                s -> expected.equals(s.path("status").asText()));
    }

    private static String bearer(String user) {
        return "Bearer " + Tokens.of(stack.keycloakUrl()).user(user);
    }

    private static JsonNode caseOf(String requestId, String bearer) throws Exception {
        JsonNode cases = await("a review case for " + requestId, () -> JSON.readTree(get(
                        stack.url("review") + "/api/v1/cases?requestId=" + requestId, bearer).body()),
                list -> list.size() == 1);
        return cases.get(0);
    }

    private static HttpResponse<String> get(String url, String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String bearer, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A claimant's call on their own request, with its capability token; {@code json} null sends no body. */
    private static HttpResponse<String> claimantPost(Receipt receipt, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url("intake") + "/api/v1/requests/" + receipt.id() + path))
                .timeout(Duration.ofSeconds(10)).header("X-Claimant-Token", receipt.token());
        if (json == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void approveCaseOf(String requestId) throws Exception {
        String reviewer = "Bearer " + Tokens.of(stack.keycloakUrl()).user("reviewer");
        JsonNode cases = await("a review case for " + requestId, () -> JSON.readTree(HTTP.send(HttpRequest.newBuilder(
                                URI.create(stack.url("review") + "/api/v1/cases?requestId=" + requestId))
                                .header("Authorization", reviewer).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body()),
                list -> list.size() == 1);
        JsonNode reviewCase = cases.get(0);
        assertEquals("EXACT_URL", reviewCase.path("candidates").path(0).path("signals").path(0).asText());
        // Every candidate: the demo URL is in each of the dev stack's three releases (demo, demo-a, demo-b).
        String decision = "{\"decision\":\"APPROVE\",\"version\":" + reviewCase.path("version").asLong() + "}";
        HttpResponse<String> decided = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.url("review") + "/api/v1/cases/" + reviewCase.path("id").asText() + "/decision"))
                .header("Content-Type", "application/json")
                .header("Authorization", reviewer)
                .POST(HttpRequest.BodyPublishers.ofString(decision)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, decided.statusCode(), decided.body());
    }

    /** Notices name no request: each test approves one case, so its notice is the next one to arrive. */
    private static DemoVendorReceiver.Notice awaitNextNotice(int noticesBefore) throws Exception {
        List<DemoVendorReceiver.Notice> notices = stack.vendorReceiver().awaitNotices(noticesBefore + 1, FLOW_TIMEOUT);
        assertEquals(noticesBefore + 1, notices.size(), "notices at the vendor");
        return notices.get(noticesBefore);
    }

    private interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T await(String what, Probe<T> probe, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + FLOW_TIMEOUT.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + last
                + "\nlogs: " + stack.workDir().resolve("logs"));
    }
}
