package org.takedown.review.transparency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FigureTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void countsFromOneToFourAreWithheldZeroAndFiveAreShown() throws Exception {
        assertEquals("{\"0\":0,\"1\":\"< 5\",\"4\":\"< 5\",\"5\":5}", json.writeValueAsString(new TreeMap<>(Map.of(
                "0", Figure.count(0), "1", Figure.count(1), "4", Figure.count(4), "5", Figure.count(5)))));
    }

    @Test
    void aStatisticOfFewerThanFiveValuesIsWithheldAndOfNoneIsNull() throws Exception {
        assertEquals("< 5", Figure.statistic(3.0, 4).shown());
        assertNull(Figure.statistic(null, 0).shown());
        assertEquals(12.3, Figure.statistic(12.345, 5).shown());
        assertEquals("[null,\"< 5\",12.3]", json.writeValueAsString(List.of(Figure.statistic(null, 0),
                Figure.statistic(1.0, 1), Figure.statistic(12.345, 9))));
    }

    @Test
    void thePageShowsADashAndTheCsvNothingWhereThereIsNothingToCompute() {
        assertEquals("–", Figure.statistic(null, 0).toString());
        assertEquals("", Figure.statistic(null, 0).csv());
        assertEquals("< 5", Figure.count(2).csv());
    }

    @Test
    void percentilesAreLinearBetweenTheNearestValuesAsPostgresComputesThem() {
        assertEquals(20.0, Percentiles.of(List.of(38.0, 19.0, 20.0, 27.0, 20.0, 23.0, 20.0, 27.0, 20.0), 0.5));
        assertEquals(29.2, Percentiles.of(List.of(38.0, 19.0, 20.0, 27.0, 20.0, 23.0, 20.0, 27.0, 20.0), 0.9), 1e-9);
        assertEquals(2.5, Percentiles.of(List.of(1.0, 2.0, 3.0, 4.0), 0.5));
        assertEquals(7.0, Percentiles.of(List.of(7.0), 0.9));
        assertNull(Percentiles.of(List.of(), 0.5));
    }

    @Test
    void csvCellsAreQuotedAndFormulasDefused() {
        assertEquals("acme", TransparencyCsv.cell("acme"));
        assertEquals("\"a,b\"", TransparencyCsv.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", TransparencyCsv.cell("say \"hi\""));
        assertEquals("'=HYPERLINK(1)", TransparencyCsv.cell("=HYPERLINK(1)"));
        assertEquals("-1.5", TransparencyCsv.cell("-1.5"));
        assertEquals("< 5", TransparencyCsv.cell("< 5"));
    }
}
