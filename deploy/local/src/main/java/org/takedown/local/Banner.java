package org.takedown.local;

import java.io.PrintStream;
import java.time.Duration;

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
        line(text, "Reviewer API", "http://localhost:" + stack.port("review") + "/api/v1/cases");
        for (String service : LocalStack.SERVICES) {
            line(text, service.equals(LocalStack.SERVICES.get(0)) ? "Swagger UI" : "",
                    String.format("http://localhost:%d/q/swagger-ui   (%s)", stack.port(service), service));
        }
        line(text, "Demo vendor", stack.vendorReceiver().webhookUrl() + "   (receives propagation's notices)");
        line(text, "Kafka", stack.kafkaBootstrapServers());
        ServiceDatabase intake = stack.database("intake");
        line(text, "PostgreSQL", intake.jdbcUrl().replace("jdbc:postgresql://", "") + "   user/schema = service name, password "
                + ServiceDatabase.devPassword("<service>") + "; superuser " + PostgresServer.SUPERUSER + "/" + PostgresServer.SUPERUSER_PASSWORD);
        line(text, "Logs", stack.workDir().resolve("logs") + "   (Kafka and PostgreSQL: " + stack.workDir() + "/kafka, /postgres)");
        text.append("\nFile a request:\n\n")
                .append("  curl -i http://localhost:").append(stack.port("intake")).append("/api/v1/requests \\\n")
                .append("    -H 'Content-Type: application/json' \\\n")
                .append("    -d '").append(EXAMPLE_REQUEST).append("'\n\n")
                .append("Reviews are approved automatically here, so the request goes on to COMPLETED by itself.\n")
                .append("Follow it with the statusUrl and accessToken from the answer:\n\n")
                .append("  curl -H 'X-Claimant-Token: <accessToken>' <statusUrl>\n");
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
