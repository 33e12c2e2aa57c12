package org.takedown.propagation.removal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte-level splitting and JSON writing of the text check give what the String path gave before
 * ({@code split("\r?\n")}, {@code strip}, {@code pdq:} prefix, Jackson): same lines, same JSON value.
 */
class BulkCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PIECES = { "https://a.example/x.jpg", "http://b.example/y?q=1", "pdq:", "PDQ:", "pdq: ", " ", "\t",
            "\r", "\n", "\r\n", "\u000b", "\u001c", "\u001f", "\u0001", "\"", "\\", "ä", "€", "\u3000", "\u2028", "\u00a0", "x", "/",
            "😀", "pdq:" + "ab".repeat(32) };

    @Test
    void splitsRandomBodiesLikeTheRegexAndStripDid() throws Exception {
        Random random = new Random(11);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder body = new StringBuilder();
            int n = random.nextInt(12);
            for (int i = 0; i < n; i++) {
                body.append(PIECES[random.nextInt(PIECES.length)]);
            }
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(10) == 0 && bytes.length > 0) {
                bytes[random.nextInt(bytes.length)] = (byte) (0x80 | random.nextInt(0x80)); // invalid UTF-8 now and then
            }
            assertSameAsBefore(bytes);
        }
    }

    @Test
    void writesJsonThatReadsLikeJacksonsAnswer() throws Exception {
        byte[] body = "https://a.example/1.jpg\r\n  not a \"url\" \\ \u0001 \n\nhttps://ä.example/€\npdq:ABC\n"
                .getBytes(StandardCharsets.UTF_8);
        BulkCheck.Lines lines = BulkCheck.split(body);
        boolean[] removed = { true, false, true };
        List<RemovalResource.CheckedPdq> pdq = List.of(new RemovalResource.CheckedPdq("ab".repeat(32), true, 3),
                new RemovalResource.CheckedPdq("cd".repeat(32), false, null));
        List<RemovalResource.CheckedUrl> urls = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            urls.add(new RemovalResource.CheckedUrl(lines.line(i), removed[i]));
        }
        RemovalResource.CheckAnswer expected = new RemovalResource.CheckAnswer(5, 3, urls, pdq);
        assertEquals(JSON.readTree(JSON.writeValueAsBytes(expected)), JSON.readTree(BulkCheck.write(lines, removed, pdq)));
        RemovalResource.CheckAnswer withoutPdq = new RemovalResource.CheckAnswer(3, 2, urls, null);
        assertEquals(JSON.readTree(JSON.writeValueAsBytes(withoutPdq)), JSON.readTree(BulkCheck.write(lines, removed, null)));
        JsonNode answer = JSON.readTree(BulkCheck.write(lines, removed, null));
        assertEquals("not a \"url\" \\ \u0001", answer.path("urls").path(1).path("url").asText());
    }

    private static void assertSameAsBefore(byte[] bytes) throws Exception {
        String body = new String(bytes, StandardCharsets.UTF_8);
        List<String> lines = Arrays.stream(body.split("\r?\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        List<String> urls = new ArrayList<>();
        List<String> pdq = new ArrayList<>();
        for (String line : lines) {
            if (line.regionMatches(true, 0, "pdq:", 0, 4)) {
                pdq.add(line.substring(4).strip());
            } else {
                urls.add(line);
            }
        }
        BulkCheck.Lines split = BulkCheck.split(bytes);
        assertEquals(urls, split.all(), "URL lines of " + Arrays.toString(bytes));
        assertEquals(pdq, split.pdq, "pdq lines of " + Arrays.toString(bytes));
        boolean[] removed = new boolean[split.size()];
        List<RemovalResource.CheckedUrl> answer = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            removed[i] = i % 2 == 0;
            answer.add(new RemovalResource.CheckedUrl(urls.get(i), removed[i]));
        }
        int count = (urls.size() + 1) / 2;
        assertEquals(JSON.readTree(JSON.writeValueAsBytes(new RemovalResource.CheckAnswer(urls.size(), count, answer, null))),
                JSON.readTree(BulkCheck.write(split, removed, null)));
    }
}
