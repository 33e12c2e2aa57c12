package org.takedown.propagation.removal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Spawning-compatible check's lines are Python's {@code body.split("\n")} (what datadiligence joined), blank
 * ones included, each echoed exactly, each looked up stripped as the check looks lines up.
 */
class SpawningLinesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PIECES = { "https://a.example/x.jpg", "http://b.example/y?q=1", "pdq:", " ", "\t", "\r", "\n",
            "\n", "\r\n", "\u000b", "\u0001", "\"", "\\", "ä", "€", "\u2028", "\u00a0", "x", "/", "😀" };

    @Test
    void everyLineIsPythonsSplitOnLineFeedsAndEchoesItExactly() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder body = new StringBuilder();
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) {
                body.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String text = body.toString();
            List<String> expected = text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

            BulkCheck.Lines lines = BulkCheck.everyLine(bytes);

            assertEquals(expected.size(), lines.size(), text);
            assertEquals(expected.size(), BulkCheck.lineCount(bytes), text);
            List<String> looked = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                looked.add(lines.line(i));
            }
            assertEquals(expected.stream().map(String::strip).toList(), looked, "looked up stripped: " + text);
            assertEquals(expected, echoed(lines), "echoed as sent: " + text);
        }
    }

    @Test
    void aLineThatIsNotUtf8IsReadAsIso88591AsPythonRequestsSendsIt() throws Exception {
        byte[] body = "https://a.example/caf\u00e9.jpg\nhttps://b.example/\u00e4".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(List.of("https://a.example/caf\u00e9.jpg", "https://b.example/\u00e4"), echoed(BulkCheck.everyLine(body)));
    }

    @Test
    void pdqLinesAreUrlsHere() {
        BulkCheck.Lines lines = BulkCheck.everyLine(("pdq:" + "ab".repeat(32)).getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, lines.size());
        assertEquals(0, lines.pdq.size());
    }

    private static List<String> echoed(BulkCheck.Lines lines) throws Exception {
        boolean[] optOut = new boolean[lines.size()];
        for (int i = 0; i < optOut.length; i++) {
            optOut[i] = i % 2 == 0;
        }
        JsonNode answer = JSON.readTree(BulkCheck.writeOptOuts(lines, optOut));
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < answer.path("urls").size(); i++) {
            JsonNode entry = answer.path("urls").path(i);
            assertEquals(i % 2 == 0, entry.path("optOut").asBoolean());
            assertEquals(2, entry.size());
            urls.add(entry.path("url").asText());
        }
        assertEquals(lines.size(), urls.size());
        return urls;
    }
}
