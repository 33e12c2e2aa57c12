package org.takedown.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/** Directories for servers' data and logs. */
public final class WorkDirs {

    private WorkDirs() {
    }

    /**
     * Creates the directory (if needed) with mode 755: as root, PostgreSQL runs as another OS user,
     * who must be able to pass through it to reach its data directory.
     */
    public static Path createTraversable(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }

    /** A new traversable directory under java.io.tmpdir, named after this process. */
    public static Path createTemp(String prefix) {
        try {
            return createTraversable(Files.createTempDirectory(prefix + "-" + ProcessHandle.current().pid() + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory under " + System.getProperty("java.io.tmpdir"), e);
        }
    }

    /** Best effort: what cannot be deleted stays, a temp directory left over is harmless. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // See above.
        }
    }
}
