package dev.foundation.cache.internal;

import dev.foundation.cache.CacheStorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk tier: one SQLite database file in WAL mode, one table, bounded by the bytes of ids and values.
 *
 * <p>All access goes through one connection guarded by a lock. Eviction: rows past their deadline first,
 * then the least recently read ({@code accessed_at}), down to 90% of the bound. Read times are recorded in
 * memory and written in one batch before eviction, so a hit costs one indexed SELECT and no write.
 * Write failures (a full disk: {@code SQLITE_FULL}, an I/O error) are logged, counted and skipped; reads go on.
 */
final class SqliteStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    /** One row read back. */
    public record Row(byte[] value, long expiresAt, long writtenAt) {
    }

    private final Path file;
    private final long maximumBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Long> touched = new HashMap<>();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder writesSkipped = new LongAdder();
    private Connection connection;
    private PreparedStatement select;
    private PreparedStatement sizeOf;
    private PreparedStatement upsert;
    private PreparedStatement delete;
    /** Written under {@link #lock} only; volatile so a meter scrape reads it without waiting for a write. */
    private volatile long totalBytes;
    private long lastFailureLog;
    private boolean closed;

    /**
     * Opens (or creates) the store; a corrupt file is moved aside and a new one created.
     *
     * @param directory    the directory
     * @param cacheName    the cache name, used for the file name
     * @param maximumBytes the bound of ids plus values
     */
    public SqliteStore(Path directory, String cacheName, long maximumBytes) {
        this.maximumBytes = maximumBytes;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new CacheStorageException("cannot create the L2 directory " + directory
                    + " of cache '" + cacheName + "': " + e.getMessage() + "; give the process write access", e);
        }
        this.file = directory.resolve(cacheName.replaceAll("[^A-Za-z0-9._-]", "_") + ".db");
        try {
            openAndCheck();
        } catch (SQLException e) {
            closeQuietly();
            if (!isCorruption(e)) {
                throw new CacheStorageException("cannot open the L2 file " + file + ": " + e.getMessage(), e);
            }
            Path aside = moveAside();
            LOG.warn("L2 file {} is corrupt ({}); moved it to {} and created a new, empty one", file, e.getMessage(),
                    aside);
            try {
                openAndCheck();
            } catch (SQLException again) {
                closeQuietly();
                throw new CacheStorageException("cannot create a new L2 file " + file + " after moving the corrupt "
                        + "one aside: " + again.getMessage(), again);
            }
        }
    }

    private static boolean isCorruption(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return e.getErrorCode() == SQLITE_CORRUPT || e.getErrorCode() == SQLITE_NOTADB
                || message.contains("SQLITE_CORRUPT") || message.contains("SQLITE_NOTADB")
                || message.contains("integrity check failed");
    }

    private void openAndCheck() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=NORMAL");
            st.execute("PRAGMA busy_timeout=5000");
            try (ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
                String result = rs.next() ? rs.getString(1) : "no result";
                if (!"ok".equalsIgnoreCase(result)) {
                    throw new SQLException("integrity check failed: " + result, "", SQLITE_CORRUPT);
                }
            }
            st.execute("CREATE TABLE IF NOT EXISTS entries (id TEXT PRIMARY KEY, value BLOB NOT NULL,"
                    + " expires_at INTEGER NOT NULL, deadline INTEGER NOT NULL, written_at INTEGER NOT NULL,"
                    + " size INTEGER NOT NULL, accessed_at INTEGER NOT NULL)");
            st.execute("CREATE INDEX IF NOT EXISTS entries_deadline ON entries(deadline)");
            st.execute("CREATE INDEX IF NOT EXISTS entries_accessed ON entries(accessed_at)");
            try (ResultSet rs = st.executeQuery("SELECT COALESCE(SUM(size), 0) FROM entries")) {
                rs.next();
                totalBytes = rs.getLong(1);
            }
        }
        select = connection.prepareStatement(
                "SELECT value, expires_at, written_at FROM entries WHERE id = ? AND deadline > ?");
        sizeOf = connection.prepareStatement("SELECT size FROM entries WHERE id = ?");
        upsert = connection.prepareStatement("INSERT OR REPLACE INTO entries"
                + " (id, value, expires_at, deadline, written_at, size, accessed_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
        delete = connection.prepareStatement("DELETE FROM entries WHERE id = ?");
    }

    private Path moveAside() {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            for (String suffix : new String[] {"-wal", "-shm"}) {
                Path side = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(side)) {
                    Files.move(side, aside.resolveSibling(aside.getFileName() + suffix),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new CacheStorageException("the L2 file " + file + " is corrupt and cannot be moved aside: "
                    + e.getMessage() + "; delete it by hand", e);
        }
        return aside;
    }

    /**
     * The database file.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * Reads a live row.
     *
     * @param id  the key id
     * @param now the current time in epoch milliseconds
     * @return the row, or {@code null} if absent, past its deadline, or unreadable
     */
    public Row get(String id, long now) {
        lock.lock();
        try {
            if (closed) {
                return null;
            }
            select.setString(1, id);
            select.setLong(2, now);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Row row = new Row(rs.getBytes(1), rs.getLong(2), rs.getLong(3));
                touched.put(id, now);
                return row;
            }
        } catch (SQLException e) {
            logFailure("read", e);
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes a row, then evicts if over the bound. A failed write is skipped (and counted).
     *
     * @param id        the key id
     * @param value     the encoded value
     * @param expiresAt the entry's absolute expiry
     * @param deadline  when this tier drops it ({@code <= expiresAt})
     * @param writtenAt when the value was written
     * @param now       the current time
     */
    public void put(String id, byte[] value, long expiresAt, long deadline, long writtenAt, long now) {
        long size = (long) id.length() * 2 + value.length;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                long old = 0;
                sizeOf.setString(1, id);
                try (ResultSet rs = sizeOf.executeQuery()) {
                    if (rs.next()) {
                        old = rs.getLong(1);
                    }
                }
                upsert.setString(1, id);
                upsert.setBytes(2, value);
                upsert.setLong(3, expiresAt);
                upsert.setLong(4, deadline);
                upsert.setLong(5, writtenAt);
                upsert.setLong(6, size);
                upsert.setLong(7, now);
                upsert.executeUpdate();
                connection.commit();
                totalBytes += size - old;
            } catch (SQLException e) {
                rollbackQuietly();
                writesSkipped.increment();
                logFailure("write", e);
                return;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            if (totalBytes > maximumBytes) {
                evict(now);
            }
        } catch (SQLException e) {
            writesSkipped.increment();
            logFailure("write", e);
        } finally {
            lock.unlock();
        }
    }

    private void evict(long now) throws SQLException {
        flushTouched();
        try (PreparedStatement expired = connection.prepareStatement(
                "DELETE FROM entries WHERE deadline <= ? RETURNING size")) {
            expired.setLong(1, now);
            try (ResultSet rs = expired.executeQuery()) {
                while (rs.next()) {
                    totalBytes -= rs.getLong(1);
                    evictions.increment();
                }
            }
        }
        long target = maximumBytes - maximumBytes / 10;
        try (PreparedStatement oldest = connection.prepareStatement(
                "SELECT id, size FROM entries ORDER BY accessed_at LIMIT 256")) {
            while (totalBytes > target) {
                List<String> ids = new ArrayList<>();
                List<Long> sizes = new ArrayList<>();
                try (ResultSet rs = oldest.executeQuery()) {
                    while (rs.next() && totalBytes - sum(sizes) > target) {
                        ids.add(rs.getString(1));
                        sizes.add(rs.getLong(2));
                    }
                }
                if (ids.isEmpty()) {
                    break;
                }
                for (int i = 0; i < ids.size(); i++) {
                    delete.setString(1, ids.get(i));
                    delete.executeUpdate();
                    totalBytes -= sizes.get(i);
                    evictions.increment();
                }
            }
        }
    }

    private static long sum(List<Long> values) {
        long total = 0;
        for (long v : values) {
            total += v;
        }
        return total;
    }

    private void flushTouched() throws SQLException {
        if (touched.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE entries SET accessed_at = ? WHERE id = ? AND accessed_at < ?")) {
            for (Map.Entry<String, Long> e : touched.entrySet()) {
                update.setLong(1, e.getValue());
                update.setString(2, e.getKey());
                update.setLong(3, e.getValue());
                update.addBatch();
            }
            update.executeBatch();
        }
        touched.clear();
    }

    /**
     * Removes a row if present.
     *
     * @param id the key id
     */
    public void remove(String id) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            sizeOf.setString(1, id);
            long old = 0;
            try (ResultSet rs = sizeOf.executeQuery()) {
                if (rs.next()) {
                    old = rs.getLong(1);
                }
            }
            delete.setString(1, id);
            if (delete.executeUpdate() > 0) {
                totalBytes -= old;
            }
            touched.remove(id);
        } catch (SQLException e) {
            logFailure("delete", e);
        } finally {
            lock.unlock();
        }
    }

    /** Removes every row. */
    public void clear() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            try (Statement st = connection.createStatement()) {
                st.executeUpdate("DELETE FROM entries");
            }
            totalBytes = 0;
            touched.clear();
        } catch (SQLException e) {
            logFailure("clear", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Bytes of ids and values currently stored.
     *
     * @return the total
     */
    public long bytes() {
        return totalBytes; // no lock: a scrape never waits behind a long write or eviction
    }

    /**
     * Rows dropped for expiry or the size bound.
     *
     * @return the count
     */
    public long evictions() {
        return evictions.sum();
    }

    /**
     * Writes skipped because the disk was full or failing.
     *
     * @return the count
     */
    public long writesSkipped() {
        return writesSkipped.sum();
    }

    /**
     * Runs {@code PRAGMA} statements on the connection; used by tests to cap the database size
     * ({@code max_page_count}) and so produce the {@code SQLITE_FULL} a full disk gives.
     *
     * @param pragma the pragma without the keyword, e.g. {@code "max_page_count = 10"}
     */
    void pragma(String pragma) {
        lock.lock();
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA " + pragma);
        } catch (SQLException e) {
            throw new CacheStorageException("PRAGMA " + pragma + " failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private void logFailure(String what, SQLException e) {
        long now = System.nanoTime();
        if (now - lastFailureLog > 10_000_000_000L || lastFailureLog == 0) {
            lastFailureLog = now;
            LOG.warn("L2 {} failed on {} (skipped; the cache goes on without it): {}", what, file, e.getMessage());
        } else {
            LOG.debug("L2 {} failed on {}: {}", what, file, e.getMessage());
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed on {}", file, e);
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("close failed on {}", file, e);
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                flushTouched();
            } catch (SQLException e) {
                LOG.debug("could not record read times on {}", file, e);
            }
            for (Statement st : new Statement[] {select, sizeOf, upsert, delete}) {
                try {
                    if (st != null) {
                        st.close();
                    }
                } catch (SQLException e) {
                    LOG.debug("statement close failed on {}", file, e);
                }
            }
            closeQuietly();
        } finally {
            lock.unlock();
        }
    }
}
