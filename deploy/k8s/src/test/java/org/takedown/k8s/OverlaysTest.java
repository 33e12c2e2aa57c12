package org.takedown.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What CI checks on every push: each overlay in k8s/overlays renders and passes every check. */
class OverlaysTest {

    static List<Path> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(Repository.root().resolve("k8s/overlays"))) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    void devAndProdOverlaysExist() throws IOException {
        assertEquals(List.of("dev", "prod"), overlays().stream().map(p -> p.getFileName().toString()).toList());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void overlayRendersAndPassesEveryCheck(Path overlay) {
        Problems problems = new OverlayValidator(Repository.project()).validate(overlay);
        assertTrue(problems.isEmpty(), () -> overlay + ":\n" + problems);
    }
}
