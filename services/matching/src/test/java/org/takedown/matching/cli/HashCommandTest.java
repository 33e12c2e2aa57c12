package org.takedown.matching.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.matching.hash.TestImages;
import org.takedown.matching.pdq.TestData;

class HashCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsTheReferenceHashAsJson() throws Exception {
        int status = run("hash", TestData.image("pen-and-coaster.png").toString());

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("1f811b9d267fbc6693c0c7f30e041f9df49b836303e10f067fcdfc12c02d01f9", json.get("pdq").asText());
        assertEquals(100, json.get("quality").asInt());
        assertEquals(7, json.get("dihedral").size());
    }

    @Test
    void refusedImageExitsOneWithTheReason(@TempDir Path dir) throws Exception {
        Path fake = Files.write(dir.resolve("fake.jpg"), TestImages.HTML);

        assertEquals(1, run("hash", fake.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("HTML"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void wrongUsageExitsTwo() {
        assertEquals(2, run("hash"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: hash FILE"));
    }

    private int run(String... args) {
        return HashCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
