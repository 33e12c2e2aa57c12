package org.takedown.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.takedown.matching.index.JsonlDatasetIndex;

class JsonlDatasetIndexTest {

    @TempDir
    Path dir;

    @Test
    void urlsAreIndexedInNormalisedForm() throws IOException {
        Path manifest = write("{\"id\":\"1\",\"url\":\"HTTPS://Images.Example.org:443/a.jpg\",\"caption\":\"x\"}\n");

        JsonlDatasetIndex index = JsonlDatasetIndex.load(manifest, "d", "r");

        assertEquals(1, index.byUrl("https://images.example.org/a.jpg").size());
    }

    @Test
    void urlPrefixMatchesOnlyBelowThePrefix() throws IOException {
        Path manifest = write("""
                {"id":"1","url":"https://a.example/art/1.jpg"}
                {"id":"2","url":"https://a.example/blog/2.jpg"}
                """);

        JsonlDatasetIndex index = JsonlDatasetIndex.load(manifest, "d", "r");

        assertEquals(1, index.byDomainOrPrefix("https://a.example/art/", 10).total());
    }

    @Test
    void domainPageIsCappedButCountsEverything() throws IOException {
        Path manifest = write("""
                {"id":"1","url":"https://a.example/1.jpg"}
                {"id":"2","url":"https://b.a.example/2.jpg"}
                {"id":"3","url":"https://a.example/3.jpg"}
                {"id":"4","url":"https://nota.example/4.jpg"}
                """);

        var page = JsonlDatasetIndex.load(manifest, "d", "r").byDomainOrPrefix("a.example", 2);

        assertEquals(2, page.items().size());
        assertEquals(3, page.total());
    }

    @Test
    void badRowIsNamedByFileAndLine() throws IOException {
        Path manifest = write("{\"id\":\"1\",\"url\":\"https://a.example/1.jpg\"}\n{\"id\":\"2\",\"url\":\"ftp://a.example/2.jpg\"}\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonlDatasetIndex.load(manifest, "d", "r"));

        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().contains(manifest.toString()), e.getMessage());
    }

    private Path write(String content) throws IOException {
        Path file = dir.resolve("manifest.jsonl");
        Files.writeString(file, content);
        return file;
    }
}
