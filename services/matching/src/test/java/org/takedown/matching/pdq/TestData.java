package org.takedown.matching.pdq;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Locates the shared PDQ reference data ({@code reference-hashes.tsv} and {@code images/}). */
public final class TestData {

    private static final String RELATIVE = "shared/testdata/pdq";

    private TestData() {
    }

    /**
     * The directory holding {@code reference-hashes.tsv}: the {@code pdq.testdata.dir} system
     * property if it points at one; else {@code ../../../shared/testdata/pdq} from the module (CI:
     * a fresh clone with shared/ beside it); else the first {@code shared/testdata/pdq} found
     * walking up from the working directory. Fails loudly rather than skipping: a missing
     * reference set must not look green.
     */
    public static Path dir() {
        List<Path> tried = new ArrayList<>();
        String configured = System.getProperty("pdq.testdata.dir");
        if (configured != null && !configured.isBlank()) {
            tried.add(Path.of(configured));
        }
        Path here = Path.of("").toAbsolutePath();
        tried.add(here.resolve("../../../" + RELATIVE).normalize());
        for (Path p = here; p != null; p = p.getParent()) {
            tried.add(p.resolve(RELATIVE));
        }
        for (Path candidate : tried) {
            if (Files.isRegularFile(candidate.resolve("reference-hashes.tsv"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("PDQ reference data not found: set -Dpdq.testdata.dir or provide "
                + RELATIVE + "/reference-hashes.tsv; tried " + tried);
    }

    public static Path image(String relative) {
        return dir().resolve("images").resolve(relative);
    }
}
