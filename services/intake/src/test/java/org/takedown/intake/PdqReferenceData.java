package org.takedown.intake;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Meta's PDQ reference images and hashes (../shared/testdata/pdq) for the browser tests that hash on the device. */
final class PdqReferenceData {

    private PdqReferenceData() {
    }

    /** ../shared/testdata/pdq from the repository (CI: shared/ beside the clone), found walking up. */
    static Path dir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            for (Path candidate : List.of(p.resolve("shared/testdata/pdq"), p.resolve("../shared/testdata/pdq"))) {
                if (Files.isRegularFile(candidate.resolve("reference-hashes.tsv"))) {
                    return candidate.normalize();
                }
            }
        }
        throw new IllegalStateException("PDQ reference data (shared/testdata/pdq) not found");
    }

    /** Whether {@code needle} occurs in {@code haystack}: an image's bytes in a request body or a file. */
    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
