package org.takedown.cli.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode status(double percent, long rows) {
        return JSON.createObjectNode().put("percent", percent).put("goodRows", rows).put("rowsPerSecond", 1234.4)
                .put("etaSeconds", 3725);
    }

    @Test
    void aLineShowsTheBarPercentRowsRateAndEta() {
        assertEquals("[###############...............]  50.0%  10,000 rows, 1,234 rows/s, ETA 1h02m",
                ProgressBar.render(50, status(50, 10_000)));
    }

    @Test
    void withoutATerminalALineIsPrintedPerFivePercentAndAtTheEnd() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false);
        for (double percent : new double[] {0, 1, 4, 5, 7, 12, 99, 100, 100}) {
            bar.show(status(percent, 1));
        }
        assertEquals(List.of("0.0%", "5.0%", "12.0%", "99.0%", "100.0%"),
                text.toString().lines().map(line -> line.substring(line.indexOf(']') + 1).strip().split(" ")[0]).toList());
    }
}
