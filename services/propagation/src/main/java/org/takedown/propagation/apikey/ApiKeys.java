package org.takedown.propagation.apikey;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.takedown.propagation.apikey.VendorApiKeyRepository.UsableKey;

/**
 * The usable API keys of this replica, in memory: authenticating a call hashes the key and looks it up in a map,
 * without asking PostgreSQL (the check takes 100 calls a second per vendor and more). The map is read again
 * every {@code refresh-interval} (one small query, whatever the call rate), which bounds how long a key revoked or a
 * vendor disabled elsewhere keeps working; the replica that issues or revokes a key reads it again at once. A key not
 * in the map is refused without a query, so guessing keys costs the database nothing.
 *
 * <p>Use is remembered in memory and written at most once per {@code last-used-precision} per key, in one batch
 * from the refresh job: {@code last_used_at} is accurate to that precision, and a busy key costs one write a minute.
 */
@ApplicationScoped
public class ApiKeys {

    /** Who a key belongs to. */
    public record KeyOwner(UUID keyId, String vendorId) {
    }

    private static final HexFormat HEX = HexFormat.of();

    private final VendorApiKeyRepository keys;
    private final ApiKeyConfig config;
    private volatile Map<String, KeyOwner> byHash;
    private final Map<UUID, Usage> usage = new ConcurrentHashMap<>();

    ApiKeys(VendorApiKeyRepository keys, ApiKeyConfig config) {
        this.keys = keys;
        this.config = config;
    }

    /** Whether the keys have been read once (until then {@link #owner} reads them, blocking). */
    public boolean loaded() {
        return byHash != null;
    }

    /** The owner of a usable key, noting its use; empty for a key unknown, revoked, or of a disabled vendor. */
    public Optional<KeyOwner> owner(String key) {
        Map<String, KeyOwner> current = byHash;
        if (current == null) {
            reload();
            current = byHash;
        }
        KeyOwner owner = current.get(hash(key));
        if (owner != null) {
            usage.computeIfAbsent(owner.keyId(), id -> new Usage()).lastUsedMillis = System.currentTimeMillis();
        }
        return Optional.ofNullable(owner);
    }

    /** Reads the usable keys again; serialised, so a read that began before a revocation committed never wins over one after. */
    public synchronized void reload() {
        Map<String, KeyOwner> next = new HashMap<>();
        for (UsableKey key : QuarkusTransaction.joiningExisting().call(keys::usable)) {
            next.put(key.keyHash(), new KeyOwner(key.id(), key.vendorId()));
        }
        byHash = next;
    }

    @Scheduled(identity = "api-key-refresh", every = "${takedown.propagation.api-keys.refresh-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        reload();
        writeUse();
    }

    /** Writes the use of keys not written for {@code last-used-precision} (or never), in one batch. */
    void writeUse() {
        long precision = config.lastUsedPrecision().toMillis();
        Map<UUID, Instant> due = new HashMap<>();
        usage.forEach((id, use) -> {
            long used = use.lastUsedMillis;
            if (used > use.writtenMillis && (use.writtenMillis == 0 || used - use.writtenMillis >= precision)) {
                due.put(id, Instant.ofEpochMilli(used));
            }
        });
        if (!due.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> keys.recordUse(due));
            due.forEach((id, used) -> usage.get(id).writtenMillis = used.toEpochMilli()); // after the write: a failed one is tried again
        }
        Map<String, KeyOwner> current = byHash;
        if (current != null) {
            List<UUID> usable = current.values().stream().map(KeyOwner::keyId).toList();
            usage.keySet().retainAll(usable);
        }
    }

    /** SHA-256 of the key's UTF-8 bytes, lower-case hex: what {@code vendor_api_key.key_hash} holds. */
    static String hash(String key) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static final class Usage {
        volatile long lastUsedMillis;
        /** Only the refresh job (never concurrent with itself) reads and writes this. */
        long writtenMillis;
    }
}
