package org.takedown.local;

import java.io.PrintStream;
import java.time.Duration;

import org.takedown.testing.KeycloakServer;
import org.takedown.testing.PostgresServer;
import org.takedown.testing.ServiceDatabase;

/** What the developer sees once the stack is up. */
final class Banner {

    private static final String EXAMPLE_REQUEST = "{\"claimType\":\"COPYRIGHT\","
            + "\"claimant\":{\"email\":\"jane@example.org\",\"name\":\"Jane Doe\",\"country\":\"DE\",\"actingFor\":\"SELF\"},"
            + "\"imageUrls\":[\"https://images.example.org/demo/0001.jpg\"],"
            + "\"statements\":{\"identificationOfWork\":\"my photo of my cat\","
            + "\"identificationOfMaterial\":\"https://images.example.org/demo/0001.jpg\",\"contact\":\"jane@example.org\","
            + "\"goodFaithStatement\":true,\"accuracyUnderPenaltyOfPerjury\":true,\"signature\":\"Jane Doe\"}}";

    private Banner() {
    }

    static String text(LocalStack stack) {
        StringBuilder text = new StringBuilder();
        text.append("\nTakedown is running. Ctrl-C stops everything.\n\n");
        line(text, "Claimant API", "http://localhost:" + stack.port("intake") + "/api/v1/requests");
        line(text, "Claimant form", "http://localhost:" + stack.port("intake") + "/");
        line(text, "Review console", "http://127.0.0.1:" + stack.port("review") + "/console   (log in as reviewer / "
                + KeycloakServer.DEMO_PASSWORD + "; use 127.0.0.1, not localhost)");
        line(text, "Reviewer API", "http://localhost:" + stack.port("review") + "/api/v1/cases");
        for (String service : LocalStack.SERVICES) {
            line(text, service.equals(LocalStack.SERVICES.get(0)) ? "Swagger UI" : "",
                    String.format("http://localhost:%d/q/swagger-ui   (%s)", stack.port(service), service));
        }
        line(text, "Demo vendor", stack.vendorReceiver().webhookUrl() + "   (receives propagation's notices)");
        line(text, "SMTP catcher", SmtpCatcher.describe(stack.smtpCatcher()) + "   (claimants' e-mails)");
        line(text, "Keycloak", stack.keycloakUrl() + "/realms/" + KeycloakServer.REALM
                + "   (realm from deploy/local/src/main/resources/keycloak, in memory)");
        line(text, "Demo users", "reviewer, reviewer2, senior (senior-reviewer), admin; password " + KeycloakServer.DEMO_PASSWORD);
        line(text, "Kafka", stack.kafkaBootstrapServers());
        if (!stack.openSearchUrls().isEmpty()) {
            line(text, "OpenSearch", String.join(", ", stack.openSearchUrls())
                    + "   (serves demo-a and demo-b; GET /_cat/indices lists the release indexes)");
        }
        ServiceDatabase intake = stack.database("intake");
        line(text, "PostgreSQL", intake.jdbcUrl().replace("jdbc:postgresql://", "") + "   user/schema = service name, password "
                + ServiceDatabase.devPassword("<service>") + "; superuser " + PostgresServer.SUPERUSER + "/" + PostgresServer.SUPERUSER_PASSWORD);
        line(text, "Logs", stack.workDir().resolve("logs") + "   (Kafka and PostgreSQL: " + stack.workDir() + "/kafka, /postgres)");
        text.append("\nFile a request:\n\n")
                .append("  curl -i http://localhost:").append(stack.port("intake")).append("/api/v1/requests \\\n")
                .append("    -H 'Content-Type: application/json' \\\n")
                .append("    -d '").append(EXAMPLE_REQUEST).append("'\n\n")
                .append("It waits for the claimant to confirm the e-mail address: open the link in the mail at ")
                .append(stack.smtpCatcher().messagesUrl()).append(",\nor send its code:\n\n")
                .append("  curl -H 'Content-Type: application/json' -d '{\"code\":\"<code from the link>\"}' \\\n")
                .append("    http://localhost:").append(stack.port("intake")).append("/api/v1/requests/<id>/confirmation\n\n")
                .append("Reviews are approved automatically here and the demo vendor applies every removal, so the request\n")
                .append("goes on to COMPLETED by itself. Follow it with the statusUrl and accessToken from the answer:\n\n")
                .append("  curl -H 'X-Claimant-Token: <accessToken>' <statusUrl>\n")
                .append("\nAs the demo vendor (client vendor-acme), list the notices it received and acknowledge one:\n\n")
                .append("  TOKEN=$(curl -s ").append(stack.keycloakUrl()).append("/realms/takedown/protocol/openid-connect/token \\\n")
                .append("    -d grant_type=client_credentials -d client_id=vendor-acme -d client_secret=")
                .append(KeycloakServer.devSecret("vendor-acme")).append(" | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')\n")
                .append("  curl -H \"Authorization: Bearer $TOKEN\" http://127.0.0.1:").append(stack.port("propagation"))
                .append("/api/v1/vendor/notices\n")
                .append("  curl -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' -d '{\"state\":\"APPLIED\"}' \\\n")
                .append("    http://127.0.0.1:").append(stack.port("propagation")).append("/api/v1/vendor/notices/<id>/acknowledgement\n");
        return text.toString();
    }

    /** Prints a line whenever the demo vendor receives a notice, so the end of the flow is visible; returns at once. */
    static void announceNotices(DemoVendorReceiver receiver, PrintStream out) {
        Thread announcer = new Thread(() -> {
            try {
                for (int count = 1; ; count++) {
                    DemoVendorReceiver.Notice notice = receiver.awaitNotices(count, Duration.ofDays(365)).get(count - 1);
                    out.printf("Demo vendor received notice #%d: %s %s, %d bytes%n",
                            count, notice.method(), notice.path(), notice.body().length());
                }
            } catch (InterruptedException | IllegalStateException e) {
                // The stack is stopping.
            }
        }, "demo-vendor-announcer");
        announcer.setDaemon(true);
        announcer.start();
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format("  %-14s %s%n", label, value));
    }
}
