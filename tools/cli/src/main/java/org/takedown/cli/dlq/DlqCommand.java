package org.takedown.cli.dlq;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.kafka.common.header.Header;
import org.takedown.cli.CliException;
import org.takedown.cli.Operation;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Dead-letter topics (docs/operations.md "Messages in a dead-letter topic"): list with counts, show, replay. */
@Command(name = "dlq", description = "Dead-letter topics in Kafka: list, show, replay to the original topic.",
        subcommands = {DlqCommand.ListTopics.class, DlqCommand.Show.class, DlqCommand.Replay.class})
public final class DlqCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Command(name = "list", description = "Every dead-letter topic with the records it keeps (30 days).")
    static final class ListTopics extends Operation {

        @Option(names = "--all", description = "Also the topics without records.")
        boolean all;

        @Override
        protected void run() {
            try (DeadLetters dlq = new DeadLetters(context().settings())) {
                ArrayNode rows = JSON.createArrayNode();
                for (DeadLetters.TopicCount count : dlq.counts()) {
                    if (all || count.records() > 0) {
                        rows.addObject().put("topic", count.topic()).put("records", count.records());
                    }
                }
                printer().print(rows, () -> {
                    List<String[]> lines = new ArrayList<>();
                    lines.add(new String[] {"dead-letter topic", "records"});
                    rows.forEach(r -> lines.add(new String[] {r.path("topic").asText(), r.path("records").asText()}));
                    printer().printColumns(lines);
                    if (rows.isEmpty()) {
                        out().println("(no dead-letter records" + (all ? ", no dead-letter topics" : "") + ")");
                    }
                });
            }
        }
    }

    @Command(name = "show", description = {"The records of a dead-letter topic: key, why it failed, value.",
            "One of them, with its whole value: --record PARTITION:OFFSET."})
    static final class Show extends Operation {

        @Parameters(index = "0", paramLabel = "TOPIC", description = "e.g. takedown.matches.found.dlq")
        String topic;

        @Option(names = "--record", paramLabel = "PARTITION:OFFSET", description = "Only this record, with its whole value.")
        String record;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many records (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        protected void run() {
            try (DeadLetters dlq = new DeadLetters(context().settings())) {
                List<DeadLetters.DeadLetter> letters = record == null ? dlq.read(topic, limit)
                        : List.of(dlq.find(topic, partition(record), offset(record)));
                ArrayNode rows = JSON.createArrayNode();
                letters.forEach(letter -> rows.add(toJson(letter)));
                printer().print(rows, () -> {
                    for (DeadLetters.DeadLetter letter : letters) {
                        out().println("record " + letter.id() + "  key " + letter.key() + "  at " + Instant.ofEpochMilli(letter.timestamp())
                                + "  → " + letter.originalTopic());
                        out().println("  reason: " + letter.header("dead-letter-reason"));
                        if (letter.header("dead-letter-cause") != null) {
                            out().println("  cause:  " + letter.header("dead-letter-cause"));
                        }
                        if (letter.header(DeadLetters.REPLAYED_FROM) != null) {
                            out().println("  replayed before, from " + letter.header(DeadLetters.REPLAYED_FROM));
                        }
                        String value = value(letter);
                        out().println("  value:  " + (record == null && value.length() > 300 ? value.substring(0, 300) + "…" : value));
                    }
                    out().println(letters.size() + " record(s)" + (letters.size() == limit ? " (the first " + limit + "; --limit for more)" : "")
                            + ". Replay one with `takedown dlq replay " + topic + " --record PARTITION:OFFSET`, all with --all.");
                });
            }
        }
    }

    @Command(name = "replay", description = {"Publish dead-letter records again to their original topic.",
            "With the same key, value and headers (without the dead-letter-* ones). Consumers are idempotent on the event",
            "id, so replaying an event that was applied is harmless; check that a replayed event still makes sense for its request."})
    static final class Replay extends Operation {

        @Parameters(index = "0", paramLabel = "TOPIC", description = "The dead-letter topic, e.g. takedown.matches.found.dlq")
        String topic;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Selection selection;

        static final class Selection {
            @Option(names = "--record", paramLabel = "PARTITION:OFFSET", description = "This record (repeatable).")
            List<String> records;

            @Option(names = "--all", description = "Every record the topic keeps now.")
            boolean all;
        }

        @Override
        protected void run() {
            try (DeadLetters dlq = new DeadLetters(context().settings())) {
                List<DeadLetters.DeadLetter> letters = new ArrayList<>();
                if (selection.all) {
                    letters.addAll(dlq.read(topic, Integer.MAX_VALUE));
                } else {
                    for (String id : selection.records) {
                        letters.add(dlq.find(topic, partition(id), offset(id)));
                    }
                }
                dlq.replay(letters);
                ArrayNode rows = JSON.createArrayNode();
                letters.forEach(letter -> rows.addObject().put("record", letter.id()).put("key", letter.key())
                        .put("topic", letter.originalTopic()));
                printer().print(rows, () -> {
                    for (DeadLetters.DeadLetter letter : letters) {
                        out().println("replayed " + letter.id() + " (key " + letter.key() + ") to " + letter.originalTopic());
                    }
                    out().println(letters.size() + " record(s) replayed. They stay in " + topic + " until retention removes them; "
                            + "a record that fails again lands there once more.");
                });
            }
        }
    }

    static int partition(String id) {
        return Integer.parseInt(split(id)[0]);
    }

    static long offset(String id) {
        return Long.parseLong(split(id)[1]);
    }

    private static String[] split(String id) {
        String[] parts = id.split(":");
        if (parts.length != 2 || !parts[0].matches("\\d+") || !parts[1].matches("\\d+")) {
            throw new CliException("a record is PARTITION:OFFSET, e.g. 3:17 (as `takedown dlq show` lists them), not " + id);
        }
        return parts;
    }

    private static ObjectNode toJson(DeadLetters.DeadLetter letter) {
        ObjectNode node = JSON.createObjectNode().put("topic", letter.topic()).put("partition", letter.partition())
                .put("offset", letter.offset()).put("timestamp", Instant.ofEpochMilli(letter.timestamp()).toString())
                .put("key", letter.key()).put("originalTopic", letter.originalTopic());
        ObjectNode headers = node.putObject("headers");
        for (Header header : letter.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        try {
            node.set("value", JSON.readTree(letter.value()));
        } catch (IOException | RuntimeException e) {
            node.put("value", value(letter));
        }
        return node;
    }

    private static String value(DeadLetters.DeadLetter letter) {
        return letter.value() == null ? "null" : new String(letter.value(), StandardCharsets.UTF_8);
    }
}
