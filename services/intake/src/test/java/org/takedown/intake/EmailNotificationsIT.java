package org.takedown.intake;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.takedown.events.InformationRequested;
import org.takedown.testing.EventSender;
import org.takedown.testing.RealInfrastructureResource;
import org.takedown.testing.Tokens;

/** The claimant hears by e-mail (real SMTP) when they withdraw and when a reviewer asks them something. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "service", value = "intake"))
@WithTestResource(GreenMailResource.class)
class EmailNotificationsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void aWithdrawalIsConfirmedByMail() throws Exception {
        String email = "withdrawn-" + UUID.randomUUID() + "@example.org";
        Claimants.Receipt receipt = Claimants.submit(Requests.copyright(email));
        given().header("X-Claimant-Token", receipt.token()).header("X-Forwarded-For", Claimants.randomAddress())
                .when().post("/api/v1/requests/{id}/withdrawal", receipt.id()).then().statusCode(200);

        MimeMessage mail = awaitMail(email, "Your takedown request was withdrawn");
        String body = mail.getContent().toString();
        assertTrue(body.contains("/status/" + receipt.id()), body);
        assertFalse(body.contains(receipt.token()), "the access code never goes by mail");
    }

    @Test
    void aReviewersQuestionArrivesByMailWithTheirWords() throws Exception {
        String email = "question-" + UUID.randomUUID() + "@example.org";
        Claimants.Receipt receipt = Claimants.submit(Requests.copyright(email));
        UUID messageId = UUID.fromString(given().auth().oauth2(Tokens.shared().user("reviewer")).contentType(ContentType.JSON)
                .body("{\"kind\":\"INFORMATION_REQUEST\",\"text\":\"Please tell us where you first published the photo.\"}")
                .post("/api/v1/internal/requests/{id}/messages", receipt.id()).then().statusCode(201)
                .extract().path("messageId"));
        try (EventSender sender = new EventSender(bootstrapServers)) {
            sender.send(new InformationRequested(UUID.randomUUID(), Instant.now(), receipt.id(), UUID.randomUUID(),
                    List.of("OWNERSHIP_PROOF"), messageId));
        }
        String body = awaitMail(email, "More information needed").getContent().toString();
        assertTrue(body.contains("Please tell us where you first published the photo."), body);
        assertTrue(body.contains("proof that the work is yours"), body);
    }

    static MimeMessage awaitMail(String address, String subject) throws MessagingException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (MimeMessage message : GreenMailResource.server().getReceivedMessages()) {
                boolean toAddress = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                        .anyMatch(r -> r.toString().contains(address));
                if (toAddress && message.getSubject().contains(subject)) {
                    return message;
                }
            }
            GreenMailResource.server().waitForIncomingEmail(500, 1);
        }
        throw new AssertionError("no mail \"" + subject + "\" to " + address + " within " + WAIT);
    }
}
