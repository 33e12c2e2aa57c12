package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.takedown.testing.RealInfrastructureResource;

/** The confirmation mail goes through a real SMTP server; its link confirms the address for 72 hours. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
@WithTestResource(GreenMailResource.class)
class EmailConfirmationIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern LINK = Pattern.compile("/confirm/([0-9a-f-]{36})\\?code=([A-Za-z0-9_-]+)");

    @Inject
    EntityManager entityManager;

    @Test
    void confirmationLinkFromTheMailConfirmsTheAddress() throws Exception {
        String email = "confirm-" + UUID.randomUUID() + "@example.org";
        JsonPath receipt = submit(email);
        String id = receipt.getString("id");

        MimeMessage mail = awaitMailTo(email);
        String body = GreenMailUtil.getBody(mail);
        assertFalse(body.contains(receipt.getString("accessToken")), "the access token never goes by mail");
        Matcher link = LINK.matcher(body);
        assertTrue(link.find(), body);
        assertEquals(id, link.group(1));
        awaitNoSealedCode(id);

        String csrf = given().queryParam("code", link.group(2)).when().get("/confirm/{id}", id)
                .then().statusCode(200).body(containsString("Yes, this is my e-mail address"))
                .extract().cookie("takedown-csrf");
        confirm(id, link.group(2), csrf).then().statusCode(200).body(containsString("is confirmed"));
        confirm(id, link.group(2), csrf).then().statusCode(200).body(containsString("already confirmed"));

        given().header("X-Claimant-Token", receipt.getString("accessToken")).when().get("/api/v1/requests/{id}", id)
                .then().statusCode(200).body("timeline.note", hasItem("EMAIL_CONFIRMED"));
    }

    @Test
    void linkStopsWorkingAfterItsValidity() throws Exception {
        String email = "late-" + UUID.randomUUID() + "@example.org";
        String id = submit(email).getString("id");
        Matcher link = LINK.matcher(GreenMailUtil.getBody(awaitMailTo(email)));
        assertTrue(link.find());
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "UPDATE intake.claimant_mail SET expires_at = now() - interval '1 minute' WHERE request_id = :id")
                .setParameter("id", UUID.fromString(id)).executeUpdate());

        String csrf = csrfCookie();
        confirm(id, link.group(2), csrf).then().statusCode(410).body(containsString("expired"));
    }

    @Test
    void wrongCodeConfirmsNothing() {
        String id = submit("wrong-code-" + UUID.randomUUID() + "@example.org").getString("id");
        confirm(id, "not-the-code", csrfCookie()).then().statusCode(404);
    }

    private static JsonPath submit(String email) {
        return given().contentType(ContentType.JSON).body(Requests.copyright(email))
                .when().post("/api/v1/requests").then().statusCode(201).extract().jsonPath();
    }

    private static io.restassured.response.Response confirm(String id, String code, String csrf) {
        return given().cookie("takedown-csrf", csrf).formParam("csrf-token", csrf).formParam("code", code)
                .when().post("/confirm/{id}", id);
    }

    private static String csrfCookie() {
        return given().when().get("/submit").then().statusCode(200).extract().cookie("takedown-csrf");
    }

    /** The job marks a mail sent just after the SMTP server took it: wait for that commit. */
    private void awaitNoSealedCode(String id) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sealedCodesLeft(id) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the sealed confirmation code was kept after the mail was sent");
            }
            Thread.sleep(100);
        }
    }

    private long sealedCodesLeft(String id) {
        return ((Number) QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT count(*) FROM intake.claimant_mail WHERE request_id = :id AND code_sealed IS NOT NULL")
                .setParameter("id", UUID.fromString(id)).getSingleResult())).longValue();
    }

    private static MimeMessage awaitMailTo(String address) throws MessagingException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (MimeMessage message : GreenMailResource.server().getReceivedMessages()) {
                boolean toAddress = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                        .anyMatch(r -> r.toString().contains(address));
                if (toAddress) {
                    return message;
                }
            }
            GreenMailResource.server().waitForIncomingEmail(500, 1);
        }
        throw new AssertionError("no mail to " + address + " within " + WAIT);
    }
}
