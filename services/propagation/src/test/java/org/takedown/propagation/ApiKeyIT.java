package org.takedown.propagation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.takedown.propagation.Callers.asAdmin;
import static org.takedown.propagation.Callers.asVendor;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.takedown.propagation.RegistryFixtures.IssuedKey;
import org.takedown.testing.RealInfrastructureResource;

/**
 * Vendor API keys: issued by admins, sent as {@code Authorization: API <key>}, a vendor's role on the check, the feed
 * and the exports; revoked or of a disabled vendor, refused. {@code takedown.propagation.api-keys.refresh-interval}
 * is 2 s by default (and in tests).
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class ApiKeyIT {

    /** The documented bound for a change made on another replica: the refresh interval, plus a margin for a busy machine. */
    private static final Duration OTHER_REPLICA_BOUND = Duration.ofSeconds(2 + 3);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anIssuedKeyWorksOnTheCheckTheFeedAndTheExportsAsTheVendorRole() {
        IssuedKey key = RegistryFixtures.apiKeyOf(RegistryFixtures.vendor());

        withKey(key.key()).contentType("text/plain").body("https://a.example/1.jpg").post("/api/v1/check")
                .then().statusCode(200).body("checked", equalTo(1));
        withKey(key.key()).get("/api/v1/removals").then().statusCode(200);
        withKey(key.key()).queryParam("dataset", "any-ds").get("/api/v1/removals/export").then().statusCode(200);
        withKey(key.key()).queryParam("dataset", "any-ds").get("/api/v1/removals/export.sig").then().statusCode(200);
        withKey(key.key()).contentType("text/plain").body("https://a.example/1.jpg").post("/api/v2/query/urls/")
                .then().statusCode(200).body("urls[0].optOut", equalTo(false));
    }

    @Test
    void theKeyIsShownOnceWithItsPrefixAndKeptOnlyAsItsHash() throws Exception {
        String vendor = RegistryFixtures.vendor();
        IssuedKey key = RegistryFixtures.apiKeyOf(vendor);
        assertTrue(key.key().startsWith("tdk_"), key.key());
        assertTrue(key.key().length() >= 4 + 43, "256 random bits in base64url: " + key.key());

        Map<String, String> row = row("SELECT * FROM propagation.vendor_api_key WHERE id = ?", UUID.fromString(key.id()));
        assertEquals(vendor, row.get("vendor_id"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.key().getBytes(StandardCharsets.UTF_8))),
                row.get("key_hash"));
        String secretPart = key.key().substring(4);
        row.values().forEach(value -> assertFalse(value != null && value.contains(secretPart), "the row holds the key: " + row));

        String listed = asAdmin().get("/api/v1/admin/vendors/{id}/api-keys", vendor).then().statusCode(200)
                .body("", hasSize(1)).body("[0].id", equalTo(key.id())).body("[0].prefix", startsWith("tdk_"))
                .body("[0].createdAt", notNullValue()).body("[0].revokedAt", nullValue())
                .extract().asString();
        assertFalse(listed.contains(secretPart), "the listing shows the key: " + listed);
    }

    @Test
    void aVendorMayHaveSeveralKeysAndRevokingOneLeavesTheOthers() {
        String vendor = RegistryFixtures.vendor();
        IssuedKey first = RegistryFixtures.apiKeyOf(vendor);
        IssuedKey second = RegistryFixtures.apiKeyOf(vendor);
        assertNotEquals(first.key(), second.key());

        asAdmin().delete("/api/v1/admin/vendors/{id}/api-keys/{keyId}", vendor, first.id()).then().statusCode(204);

        feedStatus(first.key()).then().statusCode(401).contentType("application/problem+json");
        feedStatus(second.key()).then().statusCode(200);
        asAdmin().get("/api/v1/admin/vendors/{id}/api-keys", vendor).then().statusCode(200)
                .body("find { it.id == '" + first.id() + "' }.revokedAt", notNullValue())
                .body("find { it.id == '" + second.id() + "' }.revokedAt", nullValue());
    }

    @Test
    void aKeyRevokedOnAnotherReplicaIsRefusedWithinTheRefreshInterval() throws Exception {
        IssuedKey key = RegistryFixtures.apiKeyOf(RegistryFixtures.vendor());
        feedStatus(key.key()).then().statusCode(200);

        // What another replica's revocation leaves behind: the row, and nothing in this replica's memory.
        update("UPDATE propagation.vendor_api_key SET revoked_at = now() WHERE id = ?", UUID.fromString(key.id()));

        assertRefusedWithin(OTHER_REPLICA_BOUND, () -> feedStatus(key.key()).statusCode());
    }

    @Test
    void theKeyOfADisabledVendorIsRefused() {
        String vendor = RegistryFixtures.vendor();
        IssuedKey key = RegistryFixtures.apiKeyOf(vendor);
        feedStatus(key.key()).then().statusCode(200);

        asAdmin().contentType(ContentType.JSON).body(Map.of("enabled", false)).patch("/api/v1/admin/vendors/{id}", vendor)
                .then().statusCode(200);
        feedStatus(key.key()).then().statusCode(401).contentType("application/problem+json");

        asAdmin().contentType(ContentType.JSON).body(Map.of("enabled", true)).patch("/api/v1/admin/vendors/{id}", vendor)
                .then().statusCode(200);
        feedStatus(key.key()).then().statusCode(200);
    }

    @Test
    void aWrongOrEmptyKeyIsUnauthenticated() {
        IssuedKey key = RegistryFixtures.apiKeyOf(RegistryFixtures.vendor());
        String wrong = key.key().substring(0, key.key().length() - 1) + (key.key().endsWith("A") ? "B" : "A");
        feedStatus(wrong).then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        given().header("Authorization", "API ").get("/api/v1/removals").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer " + key.key()).get("/api/v1/removals").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aVendorKeyIsForbiddenOnTheAdminApi() {
        String vendor = RegistryFixtures.vendor();
        IssuedKey key = RegistryFixtures.apiKeyOf(vendor);
        withKey(key.key()).get("/api/v1/admin/vendors").then().statusCode(403).contentType("application/problem+json");
        withKey(key.key()).post("/api/v1/admin/vendors/{id}/api-keys", vendor).then().statusCode(403)
                .contentType("application/problem+json");
        withKey(key.key()).get("/api/v1/admin/notices/failed").then().statusCode(403);
    }

    @Test
    void aKeyDoesNotOpenTheVendorNoticesWhichGoByTheTokensVendorId() {
        IssuedKey key = RegistryFixtures.apiKeyOf(RegistryFixtures.vendor());
        withKey(key.key()).get("/api/v1/vendor/notices").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void onlyAdminsIssueListAndRevokeKeys() {
        String vendor = RegistryFixtures.vendor();
        IssuedKey key = RegistryFixtures.apiKeyOf(vendor);
        asVendor().post("/api/v1/admin/vendors/{id}/api-keys", vendor).then().statusCode(403).contentType("application/problem+json");
        asVendor().get("/api/v1/admin/vendors/{id}/api-keys", vendor).then().statusCode(403);
        asVendor().delete("/api/v1/admin/vendors/{id}/api-keys/{keyId}", vendor, key.id()).then().statusCode(403);
        given().post("/api/v1/admin/vendors/{id}/api-keys", vendor).then().statusCode(401);
        feedStatus(key.key()).then().statusCode(200);
    }

    @Test
    void unknownKeysAndVendorsAreNotFound() {
        String vendor = RegistryFixtures.vendor();
        IssuedKey other = RegistryFixtures.apiKeyOf(RegistryFixtures.vendor());
        asAdmin().delete("/api/v1/admin/vendors/{id}/api-keys/{keyId}", vendor, UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        asAdmin().delete("/api/v1/admin/vendors/{id}/api-keys/{keyId}", vendor, other.id()).then().statusCode(404);
        asAdmin().post("/api/v1/admin/vendors/{id}/api-keys", "no-such-vendor").then().statusCode(404)
                .contentType("application/problem+json");
        feedStatus(other.key()).then().statusCode(200);
    }

    @Test
    void useIsRecordedWithoutAWritePerCall() throws Exception {
        String vendor = RegistryFixtures.vendor();
        IssuedKey key = RegistryFixtures.apiKeyOf(vendor);
        for (int i = 0; i < 20; i++) {
            feedStatus(key.key()).then().statusCode(200);
        }
        UUID id = UUID.fromString(key.id());
        String first = awaitLastUsed(id, null);
        for (int i = 0; i < 20; i++) {
            feedStatus(key.key()).then().statusCode(200);
        }
        Thread.sleep(OTHER_REPLICA_BOUND.toMillis()); // several refresh rounds
        assertEquals(first, row("SELECT last_used_at FROM propagation.vendor_api_key WHERE id = ?", id).get("last_used_at"),
                "written again within the minute");
        asAdmin().get("/api/v1/admin/vendors/{id}/api-keys", vendor).then().body("[0].lastUsedAt", notNullValue());
    }

    @Test
    void bearerTokensStillWorkNextToKeys() {
        asVendor().get("/api/v1/removals").then().statusCode(200);
        asAdmin().get("/api/v1/admin/vendors").then().statusCode(200);
    }

    private static RequestSpecification withKey(String key) {
        return given().header("Authorization", "API " + key);
    }

    private static io.restassured.response.Response feedStatus(String key) {
        return withKey(key).queryParam("limit", 1).get("/api/v1/removals");
    }

    private static void assertRefusedWithin(Duration bound, IntSupplier status) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        int last;
        do {
            last = status.getAsInt();
            if (last == 401) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("still answered " + last + " after " + bound);
    }

    private String awaitLastUsed(UUID id, String before) throws Exception {
        long deadline = System.nanoTime() + OTHER_REPLICA_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            String value = row("SELECT last_used_at FROM propagation.vendor_api_key WHERE id = ?", id).get("last_used_at");
            if (value != null && !value.equals(before)) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("last_used_at not written within " + OTHER_REPLICA_BOUND);
    }

    private Map<String, String> row(String sql, Object parameter) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, parameter);
            try (ResultSet rows = select.executeQuery()) {
                assertTrue(rows.next(), "no row for " + parameter);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    row.put(rows.getMetaData().getColumnName(i), rows.getString(i));
                }
                return row;
            }
        }
    }

    private void update(String sql, Object parameter) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement(sql)) {
            update.setObject(1, parameter);
            assertEquals(1, update.executeUpdate());
        }
    }
}
