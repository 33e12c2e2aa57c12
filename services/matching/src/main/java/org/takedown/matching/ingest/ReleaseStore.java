package org.takedown.matching.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where releases live on disk: {@code <root>/<dataset>/<release>/} once published, and
 * {@code <root>/<dataset>/<release>.building/} while being ingested. Publishing is one atomic
 * rename, so a reader sees either no release or the complete one.
 */
public final class ReleaseStore {

    /** Data set and release ids become directory names: letters, digits, '.', '_' and '-', not starting with '.'. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");
    private static final String BUILDING = ".building";

    private final Path root;

    public ReleaseStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path published(String datasetId, String releaseId) {
        return root.resolve(checkId(datasetId)).resolve(checkId(releaseId));
    }

    public Path building(String datasetId, String releaseId) {
        return root.resolve(checkId(datasetId)).resolve(checkId(releaseId) + BUILDING);
    }

    public boolean isPublished(String datasetId, String releaseId) {
        return Files.isDirectory(published(datasetId, releaseId));
    }

    /** Refuses ids that are not plain names (no path separators, no "..", no hidden names). */
    public static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches() || id.endsWith(BUILDING)) {
            throw new IllegalArgumentException("not a valid data set or release id: '" + id
                    + "' (letters, digits, '.', '_', '-'; at most 100)");
        }
        return id;
    }
}
