package org.takedown.cli.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operator's tokens in {@code tokens.json} of the configuration directory, readable by the operator only: the
 * directory is created {@code 0700} and the file written {@code 0600} (a temporary file with those permissions, then
 * renamed over the old one, so no other user ever sees a token, not even half a file).
 */
public final class TokenStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path dir;

    public TokenStore(Path configDir) {
        this.dir = configDir;
    }

    public Path file() {
        return dir.resolve("tokens.json");
    }

    public Optional<StoredTokens> read() {
        if (!Files.isRegularFile(file())) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file().toFile(), StoredTokens.class));
        } catch (IOException e) {
            // A damaged file is as good as none: the operator logs in again.
            return Optional.empty();
        }
    }

    public void write(StoredTokens tokens) {
        try {
            createOwnerOnlyDirectory();
            Path temp = dir.resolve("tokens.json.tmp");
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(tokens));
            Files.move(temp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.setPosixFilePermissions(file(), OWNER_ONLY_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the tokens in " + file(), e);
        }
    }

    public boolean delete() {
        try {
            return Files.deleteIfExists(file());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + file(), e);
        }
    }

    private void createOwnerOnlyDirectory() throws IOException {
        try {
            Files.createDirectories(dir.getParent() == null ? dir : dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        } catch (FileAlreadyExistsException e) {
            // kept as the operator made it; the file itself is 0600
        }
    }
}
