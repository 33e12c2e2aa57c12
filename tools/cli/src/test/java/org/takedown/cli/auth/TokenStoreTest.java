package org.takedown.cli.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {

    @TempDir
    Path home;

    private static StoredTokens tokens(String access, long expiresAt) {
        return new StoredTokens("http://127.0.0.1:8180/realms/takedown", "takedown-cli", "admin", access, "refresh", expiresAt, 0);
    }

    @Test
    void tokensAreWrittenReadableByTheOwnerOnlyInADirectoryOnlyTheOwnerEnters() throws Exception {
        Path dir = home.resolve(".config/takedown");
        TokenStore store = new TokenStore(dir);
        store.write(tokens("a1", 100));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("a1", store.read().orElseThrow().accessToken());
    }

    @Test
    void aRewriteReplacesTheFileAndKeepsItsPermissions() throws Exception {
        TokenStore store = new TokenStore(home.resolve("takedown"));
        store.write(tokens("a1", 100));
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));
        store.write(tokens("a2", 200));
        assertEquals("a2", store.read().orElseThrow().accessToken());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        assertFalse(Files.exists(store.file().resolveSibling("tokens.json.tmp")), "no temporary file left behind");
    }

    @Test
    void aDamagedFileCountsAsNoLogin() throws Exception {
        TokenStore store = new TokenStore(home);
        Files.writeString(store.file(), "{not json");
        assertTrue(store.read().isEmpty());
    }

    @Test
    void anAccessTokenIsRenewedBeforeItRunsOut() {
        StoredTokens stored = tokens("a", 1_000);
        assertTrue(stored.accessValidFor(Instant.ofEpochSecond(900), 60));
        assertFalse(stored.accessValidFor(Instant.ofEpochSecond(950), 60), "less than the margin left");
    }

    @Test
    void aRefreshTokenWithoutAnEndCanAlwaysBeTried() {
        assertTrue(tokens("a", 0).canRefresh(Instant.ofEpochSecond(10_000)));
        StoredTokens ending = new StoredTokens("r", "c", "u", "a", "refresh", 0, 500);
        assertFalse(ending.canRefresh(Instant.ofEpochSecond(500)));
    }
}
