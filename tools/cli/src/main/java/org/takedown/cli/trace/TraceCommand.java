package org.takedown.cli.trace;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.takedown.cli.CliException;
import org.takedown.cli.Operation;
import org.takedown.cli.Printer;
import org.takedown.cli.api.Api;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * One request across the services, from their admin APIs, as an operator needs it to answer "where is it?": the
 * review case(s) with status and legal deadline, the notices to vendors with their delivery and acknowledgement, and
 * one timeline of what happened to it (review's audit log, intake's evidence reads, the notices). Personal data
 * stays in intake: the trace shows ids, states and who acted, never the claimant's details.
 */
@Command(name = "trace", description = {"A request's trace by id: its case, notices and timeline (admin).",
        "The review case(s) with status and deadline, the notices to vendors, and one timeline of what happened",
        "(review's audit log, intake's evidence reads, deliveries and acknowledgements)."})
public final class TraceCommand extends Operation {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "REQUEST_ID")
    String requestId;

    @Override
    protected void run() {
        try {
            UUID.fromString(requestId);
        } catch (IllegalArgumentException e) {
            throw new CliException("a request id is a UUID, like the one in the claimant's receipt or a case; not " + requestId);
        }
        Api api = api();
        List<String> unavailable = new ArrayList<>();
        JsonNode cases = section(unavailable, () -> api.get("review", "/api/v1/cases?requestId=" + requestId));
        JsonNode audit = section(unavailable, () -> api.get("review", "/api/v1/admin/audit?limit=1000&requestId=" + requestId));
        JsonNode notices = section(unavailable, () -> api.get("propagation", "/api/v1/admin/notices?requestId=" + requestId));
        JsonNode reads = section(unavailable, () -> api.get("intake", "/api/v1/admin/evidence-access?limit=1000&requestId=" + requestId));

        ObjectNode trace = JSON.createObjectNode().put("requestId", requestId);
        trace.set("cases", cases);
        trace.set("notices", notices);
        trace.set("timeline", timeline(audit, notices, reads));
        trace.set("unavailable", JSON.valueToTree(unavailable));
        printer().print(trace, () -> printHuman(trace));
        if (!unavailable.isEmpty()) {
            throw new CliException("Part of the trace is missing (" + String.join("; ", unavailable) + ").");
        }
    }

    private void printHuman(ObjectNode trace) {
        out().println("request " + requestId);
        JsonNode cases = trace.path("cases");
        if (cases.isEmpty()) {
            out().println("review: no case (yet). The request is before review (awaiting confirmation, verification, matching), "
                    + "found no match, or was rejected; the claimant's status page shows which.");
        }
        for (JsonNode c : cases) {
            out().println("review: case " + c.path("id").asText() + " " + c.path("status").asText()
                    + (c.hasNonNull("outcome") ? " " + c.path("outcome").asText() : "")
                    + (c.hasNonNull("reasonCode") ? " (" + c.path("reasonCode").asText() + ")" : "")
                    + ", " + c.path("claimType").asText() + ", " + c.path("totalCandidates").asLong() + " candidate(s)"
                    + (c.hasNonNull("decidedAt") ? ", decided " + c.path("decidedAt").asText()
                            : ", due " + c.path("dueAt").asText() + " (" + c.path("daysLeft").asLong() + " days left)"));
        }
        JsonNode notices = trace.path("notices");
        out().println("notices: " + (notices.isEmpty() ? "none" : notices.size()));
        printer().table(notices, List.of("notice", "kind", "vendor", "delivery", "attempts", "vendor says", "delivered"),
                List.of(n -> Printer.text(n, "id"), n -> Printer.text(n, "kind"), n -> Printer.text(n, "vendorId"),
                        n -> Printer.text(n, "status"), n -> Printer.text(n, "attempts"), n -> Printer.text(n, "vendorState"),
                        n -> Printer.text(n, "deliveredAt")));
        out().println("timeline:");
        for (JsonNode event : trace.path("timeline")) {
            out().println("  " + event.path("at").asText() + "  " + event.path("service").asText() + "  " + event.path("what").asText());
        }
        for (JsonNode missing : trace.path("unavailable")) {
            out().println("unavailable: " + missing.asText());
        }
    }

    private static JsonNode timeline(JsonNode audit, JsonNode notices, JsonNode reads) {
        List<ObjectNode> events = new ArrayList<>();
        for (JsonNode entry : audit) {
            events.add(event(entry.path("occurredAt").asText(), "review", entry.path("action").asText() + " by "
                    + entry.path("actor").asText() + (entry.hasNonNull("reason") ? " (" + entry.path("reason").asText() + ")" : "")));
        }
        for (JsonNode entry : reads) {
            events.add(event(entry.path("occurredAt").asText(), "intake", entry.path("action").asText() + " by "
                    + entry.path("actor").asText() + (entry.hasNonNull("clientId") ? " via " + entry.path("clientId").asText() : "")
                    + (entry.hasNonNull("purpose") ? " (" + entry.path("purpose").asText() + ")" : "")));
        }
        for (JsonNode notice : notices) {
            String what = notice.path("kind").asText() + " notice " + notice.path("id").asText() + " to " + notice.path("vendorId").asText();
            events.add(event(notice.path("createdAt").asText(), "propagation", what + " created"));
            if (notice.hasNonNull("deliveredAt")) {
                events.add(event(notice.path("deliveredAt").asText(), "propagation", what + " delivered after "
                        + notice.path("attempts").asInt() + " attempt(s)"));
            }
            if (notice.hasNonNull("vendorStateAt")) {
                events.add(event(notice.path("vendorStateAt").asText(), "propagation", what + ": vendor reported "
                        + notice.path("vendorState").asText()));
            }
        }
        events.sort(Comparator.comparing(e -> instant(e.path("at").asText())));
        return JSON.valueToTree(events);
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.MAX;
        }
    }

    private static ObjectNode event(String at, String service, String what) {
        return JSON.createObjectNode().put("at", at).put("service", service).put("what", what);
    }

    /** One service's part; a service that cannot answer leaves its part empty and is named, a refused login ends the trace. */
    private static JsonNode section(List<String> unavailable, Supplier<JsonNode> call) {
        try {
            return call.get();
        } catch (CliException e) {
            if (e.exitCode() == CliException.NOT_LOGGED_IN) {
                throw e;
            }
            unavailable.add(e.getMessage());
            return JSON.createArrayNode();
        }
    }
}
