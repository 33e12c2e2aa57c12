package org.takedown.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.takedown.testing.Infrastructure;
import org.takedown.testing.Tokens;

/**
 * Every endpoint of every service × every kind of caller → the status it must answer, against the
 * packaged services and real Keycloak tokens. The table is the specification: an endpoint that a
 * service serves (its OpenAPI document) but the table lacks fails the test, and so does a cell
 * whose answer differs.
 */
class AuthorizationMatrixIT {

    /** The callers of the matrix. Claimants carry their capability token, everyone else a bearer token. */
    enum Caller {
        ANONYMOUS, CLAIMANT, OTHER_CLAIMANT, REVIEWER, SENIOR_REVIEWER, ADMIN, VENDOR_A, VENDOR_B, SERVICE
    }

    private static final Set<Caller> BEARERS = Set.of(Caller.REVIEWER, Caller.SENIOR_REVIEWER, Caller.ADMIN, Caller.VENDOR_A,
            Caller.VENDOR_B, Caller.SERVICE);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String UNKNOWN = "00000000-0000-4000-8000-000000000000";

    private static LocalStack stack;
    private static Tokens tokens;
    private static Receipt claimantA;
    private static Receipt claimantB;

    record Receipt(String id, String token) {
    }

    /** One row: how to call the endpoint, and what each caller gets. */
    record Endpoint(String service, String method, String template, Supplier<String> path, String contentType,
            Supplier<byte[]> body, Map<Caller, Integer> expected) {

        String key() {
            return service + " " + method + " " + template;
        }
    }

    @BeforeAll
    static void startStack() throws Exception {
        String keycloak = Infrastructure.sharedKeycloakUrl();
        stack = LocalStack.builder()
                .keycloakUrl(keycloak)
                .autoApprove(false)
                // The matrix sends many wrong claimant tokens from one address on purpose.
                .extraServiceProperties("intake", Map.of("takedown.intake.access.max-failures", "100000",
                        "takedown.intake.search.per-minute", "1000"))
                // ...and calls the public search once per caller from one address.
                .extraServiceProperties("matching", Map.of("takedown.matching.search.burst", "1000"))
                .repositoryRoot(RepositoryRoot.find())
                .progress(line -> System.out.println("[stack] " + line))
                .start();
        tokens = Tokens.of(keycloak);
        claimantA = submit();
        claimantB = submit();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    static List<Endpoint> table() {
        List<RowBuilder> rows = new ArrayList<>();
        // intake: claimants are not Keycloak users; a capability token opens their own request only.
        rows.add(row("intake", "POST", "/api/v1/requests", () -> "/api/v1/requests", "application/json", json("{}"))
                .everyone(400));
        rows.add(row("intake", "GET", "/api/v1/requests/{id}", () -> "/api/v1/requests/" + claimantA.id(), null, null)
                .everyone(404).as(Caller.CLAIMANT, 200));
        // The claimant's rotation retires the token; the test carries on with the new one (see call).
        rows.add(row("intake", "POST", "/api/v1/requests/{id}/token/rotate", () -> "/api/v1/requests/" + claimantA.id() + "/token/rotate",
                null, null)
                .everyone(404).as(Caller.CLAIMANT, 200));

        // The claimant's own actions; each needs the token (anyone else: the same 404 as an unknown id). Not in a state that
        // allows it (no question asked, nothing denied, no statements missing): 409. The withdrawal comes last of them.
        rows.add(row("intake", "POST", "/api/v1/requests/{id}/information", () -> "/api/v1/requests/" + claimantA.id() + "/information",
                "application/json", json("{\"text\":\"my answer\"}"))
                .everyone(404).as(Caller.CLAIMANT, 409));
        rows.add(row("intake", "POST", "/api/v1/requests/{id}/appeal", () -> "/api/v1/requests/" + claimantA.id() + "/appeal",
                "application/json", json("{\"grounds\":\"my grounds\"}"))
                .everyone(404).as(Caller.CLAIMANT, 409));
        rows.add(row("intake", "POST", "/api/v1/requests/{id}/statements", () -> "/api/v1/requests/" + claimantA.id() + "/statements",
                "application/json", json("{\"statements\":{\"goodFaithStatement\":true}}"))
                .everyone(404).as(Caller.CLAIMANT, 409));
        rows.add(row("intake", "POST", "/api/v1/requests/{id}/confirmation", () -> "/api/v1/requests/" + claimantA.id() + "/confirmation",
                "application/json", json("{\"code\":\"not-the-code\"}"))
                .everyone(404));
        rows.add(row("intake", "GET", "/api/v1/requests/{id}/export", () -> "/api/v1/requests/" + claimantA.id() + "/export", null, null)
                .everyone(404).as(Caller.CLAIMANT, 200));
        rows.add(row("intake", "POST", "/api/v1/requests/{id}/withdrawal", () -> "/api/v1/requests/" + claimantA.id() + "/withdrawal",
                null, null)
                .everyone(404).as(Caller.CLAIMANT, 200));
        // intake: reviewers and admins leave the claimant a message (in their own words, kept encrypted); replies are read
        // by reviewers, admins and services, each read logged
        rows.add(row("intake", "POST", "/api/v1/internal/requests/{requestId}/messages",
                () -> "/api/v1/internal/requests/" + claimantA.id() + "/messages", "application/json",
                json("{\"kind\":\"INFORMATION_REQUEST\",\"text\":\"Please send the original file.\"}"))
                .roles(201, Caller.REVIEWER, Caller.SENIOR_REVIEWER, Caller.ADMIN));
        rows.add(row("intake", "GET", "/api/v1/internal/requests/{requestId}/replies/{replyId}",
                () -> "/api/v1/internal/requests/" + claimantA.id() + "/replies/" + UNKNOWN, null, null)
                .roles(404, Caller.REVIEWER, Caller.SENIOR_REVIEWER, Caller.ADMIN, Caller.SERVICE));

        // intake: evidence images for reviewers, admins and services (each read logged); the log for admins
        rows.add(row("intake", "GET", "/api/v1/internal/requests/{requestId}/evidence",
                () -> "/api/v1/internal/requests/" + claimantA.id() + "/evidence", null, null)
                .roles(200, Caller.REVIEWER, Caller.SENIOR_REVIEWER, Caller.ADMIN, Caller.SERVICE));
        rows.add(row("intake", "GET", "/api/v1/internal/requests/{requestId}/evidence/{evidenceId}",
                () -> "/api/v1/internal/requests/" + claimantA.id() + "/evidence/" + UNKNOWN, null, null)
                .roles(404, Caller.REVIEWER, Caller.SENIOR_REVIEWER, Caller.ADMIN, Caller.SERVICE));
        rows.add(row("intake", "GET", "/api/v1/internal/requests/{requestId}/evidence/hashes",
                () -> "/api/v1/internal/requests/" + claimantA.id() + "/evidence/hashes", null, null)
                .roles(200, Caller.REVIEWER, Caller.SENIOR_REVIEWER, Caller.ADMIN, Caller.SERVICE));
        rows.add(row("intake", "GET", "/api/v1/internal/requests/{requestId}/text-queries",
                () -> "/api/v1/internal/requests/" + UNKNOWN + "/text-queries", null, null)
                .roles(404, Caller.REVIEWER, Caller.SENIOR_REVIEWER, Caller.ADMIN, Caller.SERVICE));
        rows.add(row("intake", "GET", "/api/v1/admin/evidence-access", () -> "/api/v1/admin/evidence-access", null, null)
                .roles(200, Caller.ADMIN));
        // intake: the claimant's HTML pages are public; their forms without the CSRF pair are refused (403)
        rows.add(row("intake", "GET", "/", () -> "/", null, null).everyone(200));
        rows.add(row("intake", "GET", "/submit", () -> "/submit", null, null).everyone(200));
        rows.add(row("intake", "POST", "/submit", () -> "/submit", MULTIPART_TYPE, AuthorizationMatrixIT::pngPart).everyone(403));
        rows.add(row("intake", "GET", "/status/{id}", () -> "/status/" + claimantA.id(), null, null).everyone(200));
        rows.add(row("intake", "POST", "/status/{id}", () -> "/status/" + claimantA.id(), FORM, form("token=x")).everyone(403));
        rows.add(row("intake", "POST", "/status/{id}/rotate", () -> "/status/" + claimantA.id() + "/rotate", FORM, form("token=x"))
                .everyone(403));
        rows.add(row("intake", "POST", "/status/{id}/withdraw", () -> "/status/" + claimantA.id() + "/withdraw", FORM, form("token=x"))
                .everyone(403));
        rows.add(row("intake", "POST", "/status/{id}/answer", () -> "/status/" + claimantA.id() + "/answer", FORM, form("token=x"))
                .everyone(403));
        rows.add(row("intake", "POST", "/status/{id}/statements", () -> "/status/" + claimantA.id() + "/statements", FORM, form("token=x"))
                .everyone(403));
        rows.add(row("intake", "POST", "/status/{id}/appeal", () -> "/status/" + claimantA.id() + "/appeal", FORM, form("token=x"))
                .everyone(403));
        rows.add(row("intake", "POST", "/status/{id}/export", () -> "/status/" + claimantA.id() + "/export", FORM, form("token=x"))
                .everyone(403));
        // intake: the pre-filing search page and its hash search (public, rate-limited per network; ADR 025)
        rows.add(row("intake", "GET", "/search", () -> "/search?q=cat", null, null).everyone(200));
        rows.add(row("intake", "POST", "/search/hashes", () -> "/search/hashes", "application/json",
                json("{\"pdq\":\"" + "5a".repeat(32) + "\",\"quality\":100}")).everyone(200));
        rows.add(row("intake", "GET", "/confirm/{id}", () -> "/confirm/" + claimantA.id(), null, null).everyone(200));
        rows.add(row("intake", "POST", "/confirm/{id}", () -> "/confirm/" + claimantA.id(), FORM, form("code=x")).everyone(403));

        // verification
        rows.add(row("verification", "GET", "/api/v1/requests/{requestId}/domain-proofs",
                () -> "/api/v1/requests/" + UNKNOWN + "/domain-proofs", null, null)
                .roles(404, Caller.SERVICE, Caller.REVIEWER, Caller.SENIOR_REVIEWER, Caller.ADMIN));

        // matching
        rows.add(row("matching", "POST", "/api/v1/hashes", () -> "/api/v1/hashes", MULTIPART_TYPE, AuthorizationMatrixIT::pngPart)
                .roles(200, Caller.REVIEWER, Caller.SENIOR_REVIEWER, Caller.ADMIN, Caller.VENDOR_A, Caller.VENDOR_B, Caller.SERVICE));

        // matching: the pre-filing search is public (rate-limited per address)
        rows.add(row("matching", "GET", "/api/v1/search/captions", () -> "/api/v1/search/captions?q=cat", null, null)
                .everyone(200));
        rows.add(row("matching", "POST", "/api/v1/search/images", () -> "/api/v1/search/images", MULTIPART_TYPE,
                AuthorizationMatrixIT::pngPart).everyone(200));
        rows.add(row("matching", "GET", "/api/v1/search/captions/active", () -> "/api/v1/search/captions/active?q=cat",
                null, null).everyone(200));
        rows.add(row("matching", "POST", "/api/v1/search/hashes", () -> "/api/v1/search/hashes", "application/json",
                json("{\"pdq\":\"" + "5a".repeat(32) + "\",\"quality\":100}")).everyone(200));

        // matching: the data set registry is public to read, admin to change
        rows.add(row("matching", "GET", "/api/v1/datasets", () -> "/api/v1/datasets", null, null).everyone(200));
        rows.add(row("matching", "GET", "/api/v1/datasets/{dataset}", () -> "/api/v1/datasets/demo", null, null).everyone(200));
        rows.add(row("matching", "PUT", "/api/v1/datasets/{dataset}", () -> "/api/v1/datasets/matrix",
                "application/json", json("{}")).roles(400, Caller.ADMIN));
        rows.add(row("matching", "PUT", "/api/v1/datasets/{dataset}/releases/{release}",
                () -> "/api/v1/datasets/matrix-none/releases/r1", null, null).roles(404, Caller.ADMIN));
        rows.add(row("matching", "POST", "/api/v1/datasets/{dataset}/releases/{release}/activation",
                () -> "/api/v1/datasets/matrix-none/releases/r1/activation", null, null).roles(404, Caller.ADMIN));
        rows.add(row("matching", "POST", "/api/v1/datasets/{dataset}/releases/{release}/retirement",
                () -> "/api/v1/datasets/matrix-none/releases/r1/retirement", null, null).roles(404, Caller.ADMIN));
        // matching: the lookup in one release that propagation's carry-over asks (ADR 017), for services only
        rows.add(row("matching", "POST", "/api/v1/internal/datasets/{dataset}/releases/{release}/lookup",
                () -> "/api/v1/internal/datasets/matrix-none/releases/r1/lookup", "application/json",
                json("{\"urls\":[\"https://example.org/a.jpg\"]}")).roles(404, Caller.SERVICE));
        // matching: an item's image from its ingested release, for the console's side-by-side view (ADR 024)
        rows.add(row("matching", "GET", "/api/v1/internal/datasets/{dataset}/releases/{release}/items/{itemId}/image",
                () -> "/api/v1/internal/datasets/matrix-none/releases/r1/items/i-1/image?url=https://example.org/a.jpg", null, null)
                .roles(404, Caller.REVIEWER, Caller.SENIOR_REVIEWER, Caller.ADMIN, Caller.SERVICE));
        rows.add(row("matching", "POST", "/api/v1/admin/releases/{dataset}/{release}/ingestion",
                () -> "/api/v1/admin/releases/demo/matrix/ingestion", "application/json", json("{}"))
                .roles(400, Caller.ADMIN));
        rows.add(row("matching", "GET", "/api/v1/admin/releases/{dataset}/{release}/ingestion",
                () -> "/api/v1/admin/releases/demo/matrix/ingestion", null, null)
                .roles(404, Caller.ADMIN));
        rows.add(row("matching", "DELETE", "/api/v1/admin/releases/{dataset}/{release}/ingestion",
                () -> "/api/v1/admin/releases/demo/matrix/ingestion", null, null)
                .roles(404, Caller.ADMIN));

        // review
        rows.add(row("review", "GET", "/api/v1/cases", () -> "/api/v1/cases", null, null)
                .roles(200, Caller.REVIEWER, Caller.SENIOR_REVIEWER, Caller.ADMIN));
        rows.add(row("review", "GET", "/api/v1/cases/{id}", () -> "/api/v1/cases/" + UNKNOWN, null, null)
                .roles(404, Caller.REVIEWER, Caller.SENIOR_REVIEWER, Caller.ADMIN));
        rows.add(row("review", "POST", "/api/v1/cases/{id}/decision", () -> "/api/v1/cases/" + UNKNOWN + "/decision",
                "application/json", json("{\"decision\":\"APPROVE\"}"))
                .roles(404, Caller.REVIEWER, Caller.SENIOR_REVIEWER));
        rows.add(row("review", "GET", "/api/v1/cases/counts", () -> "/api/v1/cases/counts", null, null)
                .roles(200, Caller.REVIEWER, Caller.SENIOR_REVIEWER, Caller.ADMIN));
        rows.add(row("review", "GET", "/api/v1/cases/{id}/replies/{replyId}",
                () -> "/api/v1/cases/" + UNKNOWN + "/replies/" + UNKNOWN, null, null)
                .roles(404, Caller.REVIEWER, Caller.SENIOR_REVIEWER, Caller.ADMIN));
        rows.add(row("review", "PUT", "/api/v1/cases/{id}/assignee", () -> "/api/v1/cases/" + UNKNOWN + "/assignee",
                "application/json", json("{\"assignee\":\"reviewer\",\"version\":0}"))
                .roles(404, Caller.REVIEWER, Caller.SENIOR_REVIEWER, Caller.ADMIN));
        rows.add(row("review", "DELETE", "/api/v1/cases/{id}/assignee", () -> "/api/v1/cases/" + UNKNOWN + "/assignee?version=0",
                null, null)
                .roles(404, Caller.REVIEWER, Caller.SENIOR_REVIEWER, Caller.ADMIN));
        rows.add(row("review", "POST", "/api/v1/cases/{id}/information-request",
                () -> "/api/v1/cases/" + UNKNOWN + "/information-request", "application/json",
                json("{\"reasonCodes\":[\"OTHER\"],\"version\":0}"))
                .roles(404, Caller.REVIEWER, Caller.SENIOR_REVIEWER));
        rows.add(row("review", "POST", "/api/v1/cases/{id}/deadline-extension",
                () -> "/api/v1/cases/" + UNKNOWN + "/deadline-extension", "application/json",
                json("{\"reasonCode\":\"COMPLEXITY\",\"version\":0}"))
                .roles(404, Caller.REVIEWER, Caller.SENIOR_REVIEWER));
        rows.add(row("review", "POST", "/api/v1/cases/{id}/reversal", () -> "/api/v1/cases/" + UNKNOWN + "/reversal",
                "application/json", json("{\"reasonCode\":\"OTHER\",\"version\":0}"))
                .roles(404, Caller.ADMIN));
        rows.add(row("review", "GET", "/api/v1/admin/audit", () -> "/api/v1/admin/audit", null, null)
                .roles(200, Caller.ADMIN));
        // review: the transparency report is public (ADR 020)
        rows.add(row("review", "GET", "/api/v1/transparency", () -> "/api/v1/transparency", null, null).everyone(200));
        rows.add(row("review", "GET", "/transparency", () -> "/transparency", null, null).everyone(200));
        // review console: browser pages behind the Keycloak login (authorization code flow); bearer tokens and
        // claimant tokens do not open a console session, so every caller here is sent to the login page.
        rows.add(row("review", "GET", "/console", () -> "/console", null, null)
                .everyone(302));
        rows.add(row("review", "GET", "/console/cases/{id}", () -> "/console/cases/" + UNKNOWN, null, null)
                .everyone(302));
        rows.add(row("review", "GET", "/console/cases/{id}/evidence/{evidenceId}",
                () -> "/console/cases/" + UNKNOWN + "/evidence/" + UNKNOWN, null, null)
                .everyone(302));
        rows.add(row("review", "GET", "/console/cases/{id}/candidates/{candidateId}",
                () -> "/console/cases/" + UNKNOWN + "/candidates/1", null, null)
                .everyone(302));
        rows.add(row("review", "GET", "/console/cases/{id}/candidates/{candidateId}/image",
                () -> "/console/cases/" + UNKNOWN + "/candidates/1/image", null, null)
                .everyone(302));
        rows.add(row("review", "POST", "/console/bulk/approve", () -> "/console/bulk/approve",
                "application/x-www-form-urlencoded", () -> "site=example.org&case=i".getBytes(StandardCharsets.UTF_8))
                .everyone(302));
        rows.add(row("review", "POST", "/console/cases/{id}/approve", () -> "/console/cases/" + UNKNOWN + "/approve",
                "application/x-www-form-urlencoded", () -> "version=0&item=i-1".getBytes(StandardCharsets.UTF_8))
                .everyone(302));
        rows.add(row("review", "POST", "/console/cases/{id}/deny", () -> "/console/cases/" + UNKNOWN + "/deny",
                "application/x-www-form-urlencoded", () -> "version=0&reasonCode=NOT_A_MATCH".getBytes(StandardCharsets.UTF_8))
                .everyone(302));

        rows.add(row("review", "POST", "/console/cases/{id}/claim", () -> "/console/cases/" + UNKNOWN + "/claim",
                "application/x-www-form-urlencoded", () -> "version=0".getBytes(StandardCharsets.UTF_8))
                .everyone(302));
        rows.add(row("review", "POST", "/console/cases/{id}/assign", () -> "/console/cases/" + UNKNOWN + "/assign",
                "application/x-www-form-urlencoded", () -> "version=0".getBytes(StandardCharsets.UTF_8))
                .everyone(302));
        rows.add(row("review", "POST", "/console/cases/{id}/unassign", () -> "/console/cases/" + UNKNOWN + "/unassign",
                "application/x-www-form-urlencoded", () -> "version=0".getBytes(StandardCharsets.UTF_8))
                .everyone(302));
        rows.add(row("review", "POST", "/console/cases/{id}/request-information", () -> "/console/cases/" + UNKNOWN + "/request-information",
                "application/x-www-form-urlencoded", () -> "version=0".getBytes(StandardCharsets.UTF_8))
                .everyone(302));
        rows.add(row("review", "POST", "/console/cases/{id}/extend-deadline", () -> "/console/cases/" + UNKNOWN + "/extend-deadline",
                "application/x-www-form-urlencoded", () -> "version=0".getBytes(StandardCharsets.UTF_8))
                .everyone(302));
        rows.add(row("review", "POST", "/console/cases/{id}/reverse", () -> "/console/cases/" + UNKNOWN + "/reverse",
                "application/x-www-form-urlencoded", () -> "version=0".getBytes(StandardCharsets.UTF_8))
                .everyone(302));

        // propagation: the registry and failed notices are for admins
        rows.add(row("propagation", "POST", "/api/v1/admin/vendors", () -> "/api/v1/admin/vendors", "application/json", json("{}"))
                .roles(400, Caller.ADMIN));
        rows.add(row("propagation", "GET", "/api/v1/admin/vendors", () -> "/api/v1/admin/vendors", null, null)
                .roles(200, Caller.ADMIN));
        rows.add(row("propagation", "GET", "/api/v1/admin/vendors/{id}", () -> "/api/v1/admin/vendors/no-such-vendor", null, null)
                .roles(404, Caller.ADMIN));
        rows.add(row("propagation", "PATCH", "/api/v1/admin/vendors/{id}", () -> "/api/v1/admin/vendors/no-such-vendor",
                "application/json", json("{\"name\":\"x\"}"))
                .roles(404, Caller.ADMIN));
        rows.add(row("propagation", "POST", "/api/v1/admin/vendors/{id}/endpoints",
                () -> "/api/v1/admin/vendors/no-such-vendor/endpoints", "application/json",
                json("{\"url\":\"https://hooks.example.org/takedown\",\"datasets\":[\"demo\"]}"))
                .roles(404, Caller.ADMIN));
        rows.add(row("propagation", "POST", "/api/v1/admin/vendors/{id}/endpoints/{endpointId}/disable",
                () -> "/api/v1/admin/vendors/no-such-vendor/endpoints/" + UNKNOWN + "/disable", null, null)
                .roles(404, Caller.ADMIN));
        rows.add(row("propagation", "POST", "/api/v1/admin/vendors/{id}/endpoints/{endpointId}/enable",
                () -> "/api/v1/admin/vendors/no-such-vendor/endpoints/" + UNKNOWN + "/enable", null, null)
                .roles(404, Caller.ADMIN));
        rows.add(row("propagation", "POST", "/api/v1/admin/vendors/{id}/secrets/rotate",
                () -> "/api/v1/admin/vendors/no-such-vendor/secrets/rotate", "application/json", json("{}"))
                .roles(404, Caller.ADMIN));
        rows.add(row("propagation", "GET", "/api/v1/admin/notices", () -> "/api/v1/admin/notices?requestId=" + UNKNOWN, null, null)
                .roles(200, Caller.ADMIN));
        rows.add(row("propagation", "GET", "/api/v1/admin/notices/failed", () -> "/api/v1/admin/notices/failed", null, null)
                .roles(200, Caller.ADMIN));
        rows.add(row("propagation", "POST", "/api/v1/admin/notices/{id}/replay",
                () -> "/api/v1/admin/notices/" + UNKNOWN + "/replay", null, null)
                .roles(404, Caller.ADMIN));
        rows.add(row("propagation", "GET", "/api/v1/admin/notices/overdue", () -> "/api/v1/admin/notices/overdue", null, null)
                .roles(200, Caller.ADMIN));
        rows.add(row("propagation", "GET", "/api/v1/admin/notices/{id}", () -> "/api/v1/admin/notices/" + UNKNOWN, null, null)
                .roles(404, Caller.ADMIN));
        // propagation: signed removal lists per data set release, and the key that verifies them
        rows.add(row("propagation", "GET", "/api/v1/removals/export", () -> "/api/v1/removals/export?dataset=demo&release=2026-11",
                null, null)
                .roles(200, Caller.VENDOR_A, Caller.VENDOR_B, Caller.ADMIN));
        rows.add(row("propagation", "GET", "/api/v1/removals/export.sig", () -> "/api/v1/removals/export.sig?dataset=demo&release=2026-11",
                null, null)
                .roles(200, Caller.VENDOR_A, Caller.VENDOR_B, Caller.ADMIN));
        rows.add(row("propagation", "GET", "/api/v1/removals/signing-key", () -> "/api/v1/removals/signing-key", null, null)
                .roles(200, Caller.VENDOR_A, Caller.VENDOR_B, Caller.ADMIN));
        // propagation: trainers check their data and read the removal feed
        rows.add(row("propagation", "POST", "/api/v1/check", () -> "/api/v1/check", "text/plain",
                () -> "https://images.example.org/not-removed.jpg\n".getBytes(StandardCharsets.UTF_8))
                .roles(200, Caller.VENDOR_A, Caller.VENDOR_B, Caller.ADMIN));
        rows.add(row("propagation", "GET", "/api/v1/removals", () -> "/api/v1/removals", null, null)
                .roles(200, Caller.VENDOR_A, Caller.VENDOR_B, Caller.ADMIN));
        // propagation: the Spawning-compatible check (datadiligence's request; tokens here, API keys in SpawningCompatIT)
        rows.add(row("propagation", "POST", "/api/v2/query/urls", () -> "/api/v2/query/urls", "text/plain",
                () -> "https://images.example.org/not-removed.jpg".getBytes(StandardCharsets.UTF_8))
                .roles(200, Caller.VENDOR_A, Caller.VENDOR_B, Caller.ADMIN));
        // propagation: vendors' API keys, issued, listed and revoked by admins only
        rows.add(row("propagation", "POST", "/api/v1/admin/vendors/{id}/api-keys",
                () -> "/api/v1/admin/vendors/no-such-vendor/api-keys", null, null)
                .roles(404, Caller.ADMIN));
        rows.add(row("propagation", "GET", "/api/v1/admin/vendors/{id}/api-keys",
                () -> "/api/v1/admin/vendors/no-such-vendor/api-keys", null, null)
                .roles(404, Caller.ADMIN));
        rows.add(row("propagation", "DELETE", "/api/v1/admin/vendors/{id}/api-keys/{keyId}",
                () -> "/api/v1/admin/vendors/no-such-vendor/api-keys/" + UNKNOWN, null, null)
                .roles(404, Caller.ADMIN));
        // propagation: a vendor's own notices
        rows.add(row("propagation", "GET", "/api/v1/vendor/notices", () -> "/api/v1/vendor/notices", null, null)
                .roles(200, Caller.VENDOR_A, Caller.VENDOR_B));
        rows.add(row("propagation", "GET", "/api/v1/vendor/notices/{id}", () -> "/api/v1/vendor/notices/" + UNKNOWN, null, null)
                .roles(404, Caller.VENDOR_A, Caller.VENDOR_B));
        rows.add(row("propagation", "POST", "/api/v1/vendor/notices/{id}/acknowledgement",
                () -> "/api/v1/vendor/notices/" + UNKNOWN + "/acknowledgement", "application/json",
                json("{\"state\":\"ACKNOWLEDGED\"}"))
                .roles(404, Caller.VENDOR_A, Caller.VENDOR_B));
        // propagation: test notices (acme has the demo receiver as its endpoint; globex is not in the registry: 404)
        rows.add(row("propagation", "POST", "/api/v1/vendor/test-notice", () -> "/api/v1/vendor/test-notice", null, null)
                .roles(200, Caller.VENDOR_A).as(Caller.VENDOR_B, 404));
        rows.add(row("propagation", "POST", "/api/v1/admin/vendors/{id}/test-notice",
                () -> "/api/v1/admin/vendors/no-such-vendor/test-notice", null, null)
                .roles(404, Caller.ADMIN));
        return rows.stream().map(RowBuilder::build).toList();
    }

    @Test
    void everyEndpointOfEveryServiceIsInTheTable() throws Exception {
        Set<String> served = new TreeSet<>();
        for (String service : LocalStack.SERVICES) {
            JsonNode paths = get(stack.url(service) + "/q/openapi?format=json").path("paths");
            for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> path = it.next();
                for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                    String method = methods.next().toUpperCase();
                    if (Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                        served.add(service + " " + method + " " + path.getKey());
                    }
                }
            }
        }
        Set<String> specified = new TreeSet<>(table().stream().map(Endpoint::key).toList());
        Set<String> missing = new TreeSet<>(served);
        missing.removeAll(specified);
        Set<String> gone = new TreeSet<>(specified);
        gone.removeAll(served);
        assertTrue(missing.isEmpty(), "endpoints without a row in the authorization matrix: " + missing);
        assertTrue(gone.isEmpty(), "rows for endpoints no service serves: " + gone);
    }

    @Test
    void everyCallerGetsWhatTheTableSays() throws Exception {
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (Endpoint endpoint : table()) {
            for (Caller caller : Caller.values()) {
                HttpResponse<String> response = call(endpoint, caller);
                int expected = endpoint.expected().get(caller);
                cells++;
                if (response.statusCode() != expected) {
                    wrong.add(endpoint.key() + " as " + caller + ": expected " + expected + ", got " + response.statusCode()
                            + " " + abbreviate(response.body()));
                }
                if (response.statusCode() == 401 || response.statusCode() == 403) {
                    String body = response.body();
                    if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                            || body.contains("Exception") || body.contains("at org.")) {
                        wrong.add(endpoint.key() + " as " + caller + ": refusal is not a plain problem+json: " + abbreviate(body));
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + cells + " cells differ:\n" + String.join("\n", wrong));
    }

    @Test
    void theClaimantsTokenOpensOnlyTheirOwnRequest() throws Exception {
        HttpResponse<String> own = send(HttpRequest.newBuilder(URI.create(stack.url("intake") + "/api/v1/requests/" + claimantB.id()))
                .header("X-Claimant-Token", claimantB.token()).GET());
        assertEquals(200, own.statusCode(), own.body());
        HttpResponse<String> other = send(HttpRequest.newBuilder(URI.create(stack.url("intake") + "/api/v1/requests/" + claimantB.id()))
                .header("X-Claimant-Token", claimantA.token()).GET());
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(URI.create(stack.url("intake") + "/api/v1/requests/" + UNKNOWN))
                .header("X-Claimant-Token", claimantA.token()).GET());
        // Same answer for "not yours" and "does not exist": ids cannot be probed.
        assertEquals(404, other.statusCode());
        assertEquals(unknown.statusCode(), other.statusCode());
        assertEquals(JSON.readTree(unknown.body()).path("title"), JSON.readTree(other.body()).path("title"));
    }

    private static HttpResponse<String> call(Endpoint endpoint, Caller caller) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.url(endpoint.service()) + endpoint.path().get()))
                .timeout(Duration.ofSeconds(30));
        byte[] body = endpoint.body() == null ? null : endpoint.body().get();
        request.method(endpoint.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (endpoint.contentType() != null) {
            request.header("Content-Type", endpoint.contentType());
        }
        switch (caller) {
            case CLAIMANT -> request.header("X-Claimant-Token", claimantA.token());
            case OTHER_CLAIMANT -> request.header("X-Claimant-Token", claimantB.token());
            case REVIEWER -> request.header("Authorization", "Bearer " + tokens.user("reviewer"));
            case SENIOR_REVIEWER -> request.header("Authorization", "Bearer " + tokens.user("senior"));
            case ADMIN -> request.header("Authorization", "Bearer " + tokens.user("admin"));
            case VENDOR_A -> request.header("Authorization", "Bearer " + tokens.vendor("acme"));
            case VENDOR_B -> request.header("Authorization", "Bearer " + tokens.vendor("globex"));
            case SERVICE -> request.header("Authorization", "Bearer " + tokens.service("intake"));
            case ANONYMOUS -> {
            }
        }
        HttpResponse<String> response = send(request);
        if (caller == Caller.CLAIMANT && response.statusCode() == 200 && endpoint.template().endsWith("/token/rotate")) {
            claimantA = new Receipt(claimantA.id(), JSON.readTree(response.body()).path("accessToken").asText());
        }
        return response;
    }

    private static Receipt submit() throws Exception {
        String body = """
                {"claimType":"COPYRIGHT",
                 "claimant":{"email":"matrix@example.org","name":"Matrix Tester","country":"DE","actingFor":"SELF"},
                 "imageUrls":["https://images.example.org/demo/0001.jpg"],
                 "statements":{"identificationOfWork":"my photo","identificationOfMaterial":"https://images.example.org/demo/0001.jpg",
                  "contact":"matrix@example.org","goodFaithStatement":true,"accuracyUnderPenaltyOfPerjury":true,"signature":"Matrix Tester"}}""";
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(stack.url("intake") + "/api/v1/requests"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(201, response.statusCode(), response.body());
        JsonNode receipt = JSON.readTree(response.body());
        return new Receipt(receipt.path("id").asText(), receipt.path("accessToken").asText());
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).GET());
        assertEquals(200, response.statusCode(), url);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }

    private static final String FORM = "application/x-www-form-urlencoded";

    private static Supplier<byte[]> form(String fields) {
        return () -> fields.getBytes(StandardCharsets.UTF_8);
    }

    private static Supplier<byte[]> json(String json) {
        return () -> json.getBytes(StandardCharsets.UTF_8);
    }

    private static final String BOUNDARY = "matrix-boundary";
    private static final String MULTIPART_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    /** A multipart body with a small real PNG in part {@code image}. */
    private static byte[] pngPart() {
        try {
            BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    image.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8 | ((x + y) * 2));
                }
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n"
                    + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(png.toByteArray());
            body.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return body.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static RowBuilder row(String service, String method, String template, Supplier<String> path, String contentType,
            Supplier<byte[]> body) {
        return new RowBuilder(service, method, template, path, contentType, body);
    }

    /** Fills a row: by default anonymous and claimant-token callers get 401, callers with the wrong role 403. */
    private static final class RowBuilder {

        private final Endpoint prototype;
        private final Map<Caller, Integer> expected = new EnumMap<>(Caller.class);

        RowBuilder(String service, String method, String template, Supplier<String> path, String contentType, Supplier<byte[]> body) {
            this.prototype = new Endpoint(service, method, template, path, contentType, body, Map.of());
            for (Caller caller : Caller.values()) {
                expected.put(caller, BEARERS.contains(caller) ? 403 : 401);
            }
        }

        /** These callers get {@code status}; the others keep 401 (no token) or 403 (wrong role). */
        RowBuilder roles(int status, Caller... callers) {
            for (Caller caller : callers) {
                expected.put(caller, status);
            }
            return this;
        }

        /** A public endpoint: every caller gets {@code status}. */
        RowBuilder everyone(int status) {
            for (Caller caller : Caller.values()) {
                expected.put(caller, status);
            }
            return this;
        }

        RowBuilder as(Caller caller, int status) {
            expected.put(caller, status);
            return this;
        }

        Endpoint build() {
            return new Endpoint(prototype.service(), prototype.method(), prototype.template(), prototype.path(),
                    prototype.contentType(), prototype.body(), Map.copyOf(expected));
        }
    }
}
