package org.takedown.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Prints what the services answered: a table or a few lines for people, or with {@code --json} the answer as it
 * came, for scripts ({@code takedown --json vendors list | jq …}).
 */
public final class Printer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final boolean json;

    public Printer(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    public boolean json() {
        return json;
    }

    /** The answer itself with {@code --json}; otherwise {@code human}. */
    public void print(JsonNode answer, Runnable human) {
        if (json) {
            try {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            human.run();
        }
    }

    /** One row per element of {@code rows} (a JSON array), one column per header. */
    public void table(JsonNode rows, List<String> headers, List<Function<JsonNode, String>> columns) {
        print(rows, () -> {
            List<String[]> lines = new ArrayList<>();
            lines.add(headers.toArray(String[]::new));
            for (JsonNode row : rows) {
                lines.add(columns.stream().map(c -> nullToDash(c.apply(row))).toArray(String[]::new));
            }
            printColumns(lines);
            if (rows.isEmpty()) {
                out.println("(none)");
            }
        });
    }

    /** Aligned columns, the first line as header. */
    public void printColumns(List<String[]> lines) {
        int[] widths = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i == line.length - 1 ? line[i] : String.format("%-" + widths[i] + "s  ", line[i]));
            }
            out.println(text.toString().stripTrailing());
        }
    }

    /** A field's text, or null when absent or JSON null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static String nullToDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
