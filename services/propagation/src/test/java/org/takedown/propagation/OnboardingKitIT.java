package org.takedown.propagation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.takedown.propagation.onboarding.VerifyWebhook;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/**
 * The vendor onboarding kit: test notices (signed and sent like every notice, results per endpoint), the Java snippet of
 * docs/vendors.md verifying real deliveries with the official Standard Webhooks library, and the checked-in OpenAPI
 * document (with its webhooks) equal to what the service serves.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "propagation"))
@WithTestResource(VendorReceiverResource.class)
class OnboardingKitIT {

    private static final Path DOCS = Path.of("..", "..", "docs");
    /** In the checked-in document: the deployment's {@code quarkus.oidc.auth-server-url} + the discovery path. */
    private static final String OIDC_PLACEHOLDER = "https://keycloak.example/realms/takedown/.well-known/openid-configuration";

    @Test
    void anAdminsTestNoticeReachesTheVendorSignedAndTheSnippetVerifiesIt() throws Exception {
        RegistryFixtures.RegisteredVendor vendor = RegistryFixtures.vendorAt("ok", RegistryFixtures.uniqueId("kit"));

        JsonPath result = asAdmin().post("/api/v1/admin/vendors/{id}/test-notice", vendor.id()).then().statusCode(200)
                .extract().jsonPath();
        assertEquals("takedown.notice.test", result.getString("type"));
        assertEquals(List.of(204), result.getList("endpoints.status"));
        assertEquals(List.of(true), result.getList("endpoints.delivered"));

        VendorReceiverResource.Delivery delivery = onlyDeliveryTo("ok/" + vendor.id());
        assertEquals(result.getString("webhookId"), delivery.webhookId());
        String body = VerifyWebhook.verifiedBody(vendor.secret(), delivery.body(), delivery.headers());
        JsonPath notice = JsonPath.from(body);
        assertEquals("takedown.notice.test", notice.getString("type"));
        assertEquals(List.of(), notice.getList("items"));
    }

    @Test
    void theSnippetRefusesATamperedBodyAndAnotherSecret() throws Exception {
        RegistryFixtures.RegisteredVendor vendor = RegistryFixtures.vendorAt("ok", RegistryFixtures.uniqueId("kit"));
        asAdmin().post("/api/v1/admin/vendors/{id}/test-notice", vendor.id()).then().statusCode(200);
        VendorReceiverResource.Delivery delivery = onlyDeliveryTo("ok/" + vendor.id());

        assertThrows(WebhookVerificationException.class, () -> VerifyWebhook.verifiedBody(vendor.secret(),
                delivery.body().replace("takedown.notice.test", "takedown.removal"), delivery.headers()));
        assertThrows(WebhookVerificationException.class, () -> VerifyWebhook.verifiedBody(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", delivery.body(), delivery.headers()));
    }

    @Test
    void aVendorSendsItselfATestNoticeWithItsApiKey() {
        RegistryFixtures.RegisteredVendor vendor = RegistryFixtures.vendorAt("ok", RegistryFixtures.uniqueId("kit"));
        String key = RegistryFixtures.apiKeyOf(vendor.id()).key();

        given().header("Authorization", "API " + key).post("/api/v1/vendor/test-notice").then().statusCode(200)
                .body("endpoints[0].delivered", equalTo(true));
        assertEquals(1, VendorReceiverResource.to("ok/" + vendor.id()).size());
    }

    @Test
    void anEndpointThatFailsIsReportedWithItsStatusAndError() {
        RegistryFixtures.RegisteredVendor vendor = RegistryFixtures.vendorAt("gone", RegistryFixtures.uniqueId("kit"));

        asAdmin().post("/api/v1/admin/vendors/{id}/test-notice", vendor.id()).then().statusCode(200)
                .body("endpoints[0].status", equalTo(410)).body("endpoints[0].delivered", equalTo(false))
                .body("endpoints[0].error", equalTo("HTTP 410"));
    }

    @Test
    void anUnknownVendorOrOneWithoutEndpointsIsAProblem() {
        asAdmin().post("/api/v1/admin/vendors/{id}/test-notice", "no-such-vendor").then().statusCode(404)
                .contentType("application/problem+json");
        String bare = RegistryFixtures.vendor();
        asAdmin().post("/api/v1/admin/vendors/{id}/test-notice", bare).then().statusCode(409)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.shared().vendor("acme")).post("/api/v1/admin/vendors/{id}/test-notice", bare)
                .then().statusCode(403);
    }

    @Test
    void theCheckedInOpenApiDocumentIsWhatTheServiceServes() throws Exception {
        String served = stable(given().accept("application/yaml").get("/q/openapi").then().statusCode(200).extract().asString());
        Path checkedIn = DOCS.resolve("openapi").resolve("propagation.yaml");
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(checkedIn, served);
        }
        assertTrue(served.startsWith("---\nopenapi: 3.1") || served.startsWith("openapi: 3.1"), served.substring(0, 40));
        assertTrue(served.contains("\nwebhooks:\n") && served.contains("takedown.removal:") && served.contains("webhook-signature"),
                "the webhooks are in the served document");
        assertEquals(Files.readString(checkedIn).strip(), served.strip(),
                "docs/openapi/propagation.yaml differs from the service's /q/openapi: run this test with -Dopenapi.write=true"
                        + " and commit the file");
    }

    @Test
    void theJavaSnippetInTheVendorGuideIsTheOneTested() throws Exception {
        String source = Files.readString(Path.of("src", "test", "java", "org", "takedown", "propagation", "onboarding",
                "VerifyWebhook.java"));
        String snippet = source.substring(source.indexOf("// vendors.md:begin") + "// vendors.md:begin".length(),
                source.indexOf("// vendors.md:end")).stripIndent().strip();
        String guide = Files.readString(DOCS.resolve("vendors.md"), StandardCharsets.UTF_8);
        assertTrue(guide.contains(snippet), "docs/vendors.md must contain the snippet of VerifyWebhook.java as it is:\n" + snippet);
    }

    private static RequestSpecification asAdmin() {
        return given().auth().oauth2(Tokens.shared().user("admin")).contentType(ContentType.JSON);
    }

    /** The document without what depends on where it runs: the OIDC discovery URL of this run's Keycloak. */
    private static String stable(String openApi) {
        return openApi.replaceAll("openIdConnectUrl: \\S+", "openIdConnectUrl: " + OIDC_PLACEHOLDER);
    }

    private static VendorReceiverResource.Delivery onlyDeliveryTo(String path) {
        List<VendorReceiverResource.Delivery> deliveries = VendorReceiverResource.to(path);
        assertEquals(1, deliveries.size(), "one delivery to " + path);
        return deliveries.get(0);
    }
}
