package org.takedown.propagation.removal.index;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jboss.logging.Logger;
import org.takedown.pdq.PdqHash;

/**
 * Everything standing in the removal registry, in memory, for the do-not-train check: the {@link UrlFingerprint}s of
 * the normalised URLs of standing removals in a {@link FingerprintSet} (8 bytes a slot, 100 M in 1 GiB) and their PDQ
 * hashes in a {@link PdqSet}.
 *
 * <p><b>Loading.</b> At start-up a background thread reads the standing removals (up to the feed's highest id) in one
 * repeatable-read snapshot and then follows the feed from there. Until it is {@link #ready()}, the check asks
 * PostgreSQL as before (readiness stays up). <b>Keeping current.</b> The transaction that records or reverses removals
 * registers what it changed, and the index applies it the moment that transaction commits (so this replica's check
 * agrees with its feed at once); every {@code refresh-interval} the index also follows the feed ({@code removal} rows
 * after its cursor, in id order, which the registry's write lock makes commit order), which brings in what other
 * replicas recorded and repairs any out-of-order application: a REMOVAL entry adds its URL if the removal still stands,
 * a REVERSAL entry drops the URL unless another standing removal has it.
 */
@ApplicationScoped
public class RemovalIndex {

    private static final Logger LOG = Logger.getLogger(RemovalIndex.class);
    private static final int FEED_PAGE = 10_000;
    private static final String DOMAIN_TAG = "DOMAIN:";

    private final AgroalDataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;
    private final RemovalIndexConfig config;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Held while the feed is read and applied and while a commit applies its changes, so the two never interleave. */
    private final ReentrantLock feed = new ReentrantLock();
    private FingerprintSet urls = new FingerprintSet(0);
    private PdqSet pdq = new PdqSet();
    private RuleSet rules = new RuleSet(0, 0);
    private volatile boolean ready;
    private long cursor;

    RemovalIndex(AgroalDataSource dataSource, TransactionSynchronizationRegistry transactions, RemovalIndexConfig config) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.config = config;
    }

    void onStart(@Observes StartupEvent start) {
        if (!config.enabled()) {
            LOG.info("the removal index is off: the check asks PostgreSQL");
            return;
        }
        Thread loader = new Thread(this::loadQuietly, "removal-index-loader");
        loader.setDaemon(true);
        loader.start();
    }

    /** Whether the index is loaded and answers the check; until then the check asks PostgreSQL. */
    public boolean ready() {
        return ready;
    }

    /** Holds the index still for a batch of lookups ({@link #containsUnlocked}, {@link #nearestPdqUnlocked}). */
    public void lockForReading() {
        lock.readLock().lock();
    }

    public void unlockForReading() {
        lock.readLock().unlock();
    }

    /** Whether a standing removal has this URL fingerprint; between {@link #lockForReading} and its unlock. */
    public boolean containsUnlocked(long fingerprint) {
        return urls.contains(fingerprint);
    }

    /** Whether any rule stands (else {@link #coveredUnlocked} need not be asked); between the lock and its unlock. */
    public boolean hasRulesUnlocked() {
        return !rules.isEmpty();
    }

    /**
     * Whether the normalised URL in {@code url[start, end)} lies under a standing rule (a host with its subdomains, or a
     * URL prefix); between {@link #lockForReading} and its unlock.
     */
    public boolean coveredUnlocked(byte[] url, int start, int end) {
        return rules.covers(url, start, end);
    }

    /** How many rules stand. */
    public int ruleCount() {
        lock.readLock().lock();
        try {
            return rules.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The bytes the rule tables take. */
    public long ruleBytes() {
        lock.readLock().lock();
        try {
            return rules.bytes();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The keys of a normalised URL that a rule may have ({@code DOMAIN:…}, {@code PREFIX:…}; see {@link RuleSet}). */
    public static Set<String> ruleKeysOf(String normalizedUrl) {
        return RuleSet.keysOf(normalizedUrl);
    }

    /** For the benchmark: domain rules' keys (host names) straight into the index. */
    public void addDomainRulesForBenchmark(List<String> hosts) {
        lock.writeLock().lock();
        try {
            hosts.forEach(h -> rules.add(true, h));
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The nearest Hamming distance to a standing removal's PDQ hash; between {@link #lockForReading} and its unlock. */
    public int nearestPdqUnlocked(PdqHash hash) {
        return pdq.nearest(hash);
    }

    /** The id of the last feed entry applied. */
    public long cursor() {
        feed.lock();
        try {
            return cursor;
        } finally {
            feed.unlock();
        }
    }

    /** The bytes the URL fingerprint table takes (8 a slot). */
    public long tableBytes() {
        lock.readLock().lock();
        try {
            return (long) urls.capacity() * 8;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return urls.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Called in the transaction that records or reverses removals: once it commits, these normalised URLs (and
     * hashes) are added, or dropped. Drop only what no standing removal still has (the caller asks in its
     * transaction, under the registry's write lock).
     */
    public void afterCommit(Collection<String> addUrls, Collection<String> addPdq, Collection<String> dropUrls,
            Collection<String> dropPdq) {
        afterCommit(addUrls, addPdq, dropUrls, dropPdq, List.of(), List.of());
    }

    /** As above, with rules added and dropped by their tagged keys ({@code DOMAIN:example.org}, {@code PREFIX:…}). */
    public void afterCommit(Collection<String> addUrls, Collection<String> addPdq, Collection<String> dropUrls,
            Collection<String> dropPdq, Collection<String> addRules, Collection<String> dropRules) {
        if (!config.enabled() || addUrls.isEmpty() && addPdq.isEmpty() && dropUrls.isEmpty() && dropPdq.isEmpty()
                && addRules.isEmpty() && dropRules.isEmpty()) {
            return;
        }
        List<String> ruleAdds = List.copyOf(addRules);
        List<String> ruleDrops = List.copyOf(dropRules);
        List<Long> add = addUrls.stream().map(UrlFingerprint::of).toList();
        List<Long> drop = dropUrls.stream().map(UrlFingerprint::of).toList();
        List<String> addHashes = List.copyOf(addPdq);
        List<String> dropHashes = List.copyOf(dropPdq);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    apply(add, addHashes, drop, dropHashes, ruleAdds, ruleDrops);
                }
            }
        });
    }

    /** For the benchmark: makes room for this many fingerprints in one step. */
    public void reserveForBenchmark(long expected) {
        lock.writeLock().lock();
        try {
            urls.reserve(expected);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Loads the index again from PostgreSQL (the benchmark drops its synthetic fingerprints so). */
    public void reload() throws SQLException {
        load();
    }

    /** For the benchmark: fingerprints straight into the index, as if standing removals had them. */
    public void addForBenchmark(long[] fingerprints, int count) {
        lock.writeLock().lock();
        try {
            for (int i = 0; i < count; i++) {
                urls.add(fingerprints[i]);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void apply(List<Long> add, List<String> addHashes, List<Long> drop, List<String> dropHashes, List<String> addRules,
            List<String> dropRules) {
        if (!ready) {
            return; // the loader's snapshot and catch-up include this transaction
        }
        feed.lock();
        try {
            lock.writeLock().lock();
            try {
                add.forEach(urls::add);
                addHashes.forEach(pdq::add);
                drop.forEach(urls::remove);
                dropHashes.forEach(pdq::remove);
                addRules.forEach(r -> addRule(rules, r));
                dropRules.forEach(r -> dropRule(rules, r));
            } finally {
                lock.writeLock().unlock();
            }
        } finally {
            feed.unlock();
        }
    }

    private void loadQuietly() {
        try {
            load();
        } catch (Exception e) {
            LOG.error("the removal index could not be loaded: the check keeps asking PostgreSQL", e);
        }
    }

    /** Reads every standing removal in one snapshot, then follows the feed from that snapshot's highest id. */
    void load() throws SQLException {
        long started = System.nanoTime();
        FingerprintSet loaded;
        PdqSet loadedPdq = new PdqSet();
        RuleSet loadedRules;
        long snapshotCursor;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                snapshotCursor = single(c, "SELECT coalesce(max(id), 0) FROM removal");
                long expected = single(c, "SELECT count(*) FROM removal WHERE kind = 'REMOVAL' AND reversed_at IS NULL"
                        + " AND rule_key IS NULL");
                long expectedDomains = single(c, "SELECT count(*) FROM removal WHERE kind = 'REMOVAL' AND reversed_at IS NULL"
                        + " AND rule = 'DOMAIN'");
                long expectedPrefixes = single(c, "SELECT count(*) FROM removal WHERE kind = 'REMOVAL' AND reversed_at IS NULL"
                        + " AND rule = 'PREFIX'");
                loaded = new FingerprintSet(expected);
                loadedRules = new RuleSet(expectedDomains, expectedPrefixes);
                try (PreparedStatement s = c.prepareStatement("SELECT url, pdq, rule_key FROM removal"
                        + " WHERE kind = 'REMOVAL' AND reversed_at IS NULL AND id <= ?")) {
                    s.setLong(1, snapshotCursor);
                    s.setFetchSize(config.fetchSize());
                    try (ResultSet rows = s.executeQuery()) {
                        while (rows.next()) {
                            String rule = rows.getString(3);
                            if (rule != null) {
                                addRule(loadedRules, rule);
                                continue;
                            }
                            loaded.add(UrlFingerprint.of(rows.getString(1)));
                            String hash = rows.getString(2);
                            if (hash != null) {
                                loadedPdq.add(hash);
                            }
                        }
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        }
        feed.lock();
        try {
            lock.writeLock().lock();
            try {
                urls = loaded;
                pdq = loadedPdq;
                rules = loadedRules;
                cursor = snapshotCursor;
                ready = true;
            } finally {
                lock.writeLock().unlock();
            }
        } finally {
            feed.unlock();
        }
        int applied = followFeed();
        Runtime rt = Runtime.getRuntime();
        LOG.infof("removal index loaded: %d URL fingerprints (%d slots, %d MB), %d rules, %d PDQ hashes, %d feed entries"
                + " after the snapshot, in %d ms; heap used %d MB", loaded.size(), loaded.capacity(),
                ((long) loaded.capacity() * 8) >> 20, loadedRules.size(), loadedPdq.size(), applied, (System.nanoTime() - started) / 1_000_000, (rt.totalMemory() - rt.freeMemory()) >> 20);
    }

    @Scheduled(identity = "removal-index-refresh", every = "${takedown.propagation.check-index.refresh-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        if (!ready) {
            return;
        }
        try {
            followFeed();
        } catch (SQLException e) {
            LOG.warnf("the removal index could not follow the feed (tries again): %s", e.getMessage());
        }
    }

    /** Applies the feed entries after the cursor; how many. */
    int followFeed() throws SQLException {
        int total = 0;
        feed.lock();
        try (Connection c = dataSource.getConnection()) {
            while (true) {
                List<String> add = new ArrayList<>();
                List<String> addHashes = new ArrayList<>();
                Set<String> reversed = new HashSet<>();
                Set<String> reversedHashes = new HashSet<>();
                List<String> addRules = new ArrayList<>();
                Set<String> reversedRules = new HashSet<>();
                long last = cursor;
                int n = 0;
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT id, kind, url, pdq, reversed_at IS NULL, rule_key FROM removal WHERE id > ? ORDER BY id LIMIT "
                                + FEED_PAGE)) {
                    s.setLong(1, cursor);
                    try (ResultSet rows = s.executeQuery()) {
                        while (rows.next()) {
                            n++;
                            last = rows.getLong(1);
                            boolean removal = "REMOVAL".equals(rows.getString(2));
                            String hash = rows.getString(4);
                            String rule = rows.getString(6);
                            if (rule != null) {
                                if (removal && rows.getBoolean(5)) {
                                    addRules.add(rule);
                                } else if (!removal) {
                                    reversedRules.add(rule);
                                }
                                continue;
                            }
                            if (removal && rows.getBoolean(5)) {
                                add.add(rows.getString(3));
                                if (hash != null) {
                                    addHashes.add(hash);
                                }
                            } else if (!removal) {
                                reversed.add(rows.getString(3));
                                if (hash != null) {
                                    reversedHashes.add(hash);
                                }
                            }
                        }
                    }
                }
                if (n == 0) {
                    return total;
                }
                reversed.removeAll(standing(c, "url", reversed));
                reversedHashes.removeAll(standing(c, "pdq", reversedHashes));
                reversedRules.removeAll(standing(c, "rule_key", reversedRules));
                lock.writeLock().lock();
                try {
                    addRules.forEach(r -> addRule(rules, r));
                    reversedRules.forEach(r -> dropRule(rules, r));
                    add.forEach(u -> urls.add(UrlFingerprint.of(u)));
                    addHashes.forEach(pdq::add);
                    reversed.forEach(u -> urls.remove(UrlFingerprint.of(u)));
                    reversedHashes.forEach(pdq::remove);
                    cursor = last;
                } finally {
                    lock.writeLock().unlock();
                }
                total += n;
                if (n < FEED_PAGE) {
                    return total;
                }
            }
        } finally {
            feed.unlock();
        }
    }

    /** Adds a rule by its tagged key ({@code DOMAIN:example.org}, {@code PREFIX:example.org/photos}). */
    private static void addRule(RuleSet set, String taggedKey) {
        boolean domain = taggedKey.startsWith(DOMAIN_TAG);
        set.add(domain, taggedKey.substring(taggedKey.indexOf(':') + 1));
    }

    private static void dropRule(RuleSet set, String taggedKey) {
        boolean domain = taggedKey.startsWith(DOMAIN_TAG);
        set.remove(domain, taggedKey.substring(taggedKey.indexOf(':') + 1));
    }

    /** Which of these values a standing removal still has in {@code column} ({@code url} or {@code pdq}). */
    private static Set<String> standing(Connection c, String column, Collection<String> values) throws SQLException {
        Set<String> found = new HashSet<>();
        if (values.isEmpty()) {
            return found;
        }
        Array array = c.createArrayOf("text", values.toArray());
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT " + column + " FROM removal WHERE " + column
                + " = ANY (?) AND kind = 'REMOVAL' AND reversed_at IS NULL" + ("url".equals(column) ? " AND rule_key IS NULL" : ""))) {
            s.setArray(1, array);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rows = s.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
