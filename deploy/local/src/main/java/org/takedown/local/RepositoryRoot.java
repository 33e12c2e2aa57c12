package org.takedown.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the checkout whose services the stack runs. */
final class RepositoryRoot {

    /** Set by deploy/local/run, which knows where it lives. */
    static final String PROPERTY = "takedown.repository.root";

    private RepositoryRoot() {
    }

    /** The property if set, else the nearest directory above the working directory that holds services/ and deploy/local/. */
    static Path find() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        Path workingDir = Path.of("").toAbsolutePath();
        for (Path dir = workingDir; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("services")) && Files.isRegularFile(dir.resolve("deploy/local/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No Takedown checkout (services/ and deploy/local/) at or above " + workingDir
                + "; run from inside it or pass -D" + PROPERTY + "=<path>");
    }
}
