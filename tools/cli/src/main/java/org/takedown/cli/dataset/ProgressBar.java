package org.takedown.cli.dataset;

import java.io.PrintWriter;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line that redraws itself with an ingestion's progress: bar, percent, rows, rows per second, ETA. Where the
 * output is not a terminal (a log, a pipe) it prints a new line only when the percent moved by 5 or more.
 */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private int lastPrinted = -100;

    ProgressBar(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void show(JsonNode status) {
        double percent = Math.max(0, Math.min(100, status.path("percent").asDouble(0)));
        String line = render(percent, status);
        if (terminal) {
            out.print("\r" + line);
            out.flush();
        } else if (percent - lastPrinted >= 5 || percent >= 100 && lastPrinted < 100) {
            out.println(line);
            lastPrinted = (int) percent;
        }
    }

    void finish() {
        if (terminal) {
            out.println();
        }
    }

    static String render(double percent, JsonNode status) {
        int filled = (int) Math.round(percent / 100 * WIDTH);
        String eta = status.path("etaSeconds").isNumber() ? ", ETA " + formatSeconds(status.path("etaSeconds").asLong()) : "";
        String bad = status.path("badRows").asLong() > 0 ? ", " + status.path("badRows").asLong() + " bad" : "";
        return String.format(Locale.ROOT, "[%s%s] %5.1f%%  %,d rows%s, %,.0f rows/s%s", "#".repeat(filled), ".".repeat(WIDTH - filled), percent,
                status.path("goodRows").asLong(), bad, status.path("rowsPerSecond").asDouble(), eta);
    }

    private static String formatSeconds(long seconds) {
        return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
}
