package dev.foundation.benchmarks.cache;

import dev.foundation.cache.L2;
import dev.foundation.cache.TieredCache;
import dev.foundation.core.Codecs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * L2 hit path: a tiered cache with only the disk tier against a raw JDBC lookup in the same SQLite table
 * ({@code SELECT value FROM entries WHERE id = ?} on a second connection to the cache's own file), Zipfian
 * reads over 10,000 entries, and a 90/10 read/put mix (the raw mix does {@code INSERT OR REPLACE}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class L2HitBenchmark {

    private static final int KEYS = 10_000;
    private static final int MASK = (1 << 16) - 1;

    private Path dir;
    private TieredCache<String, String> tiered;
    private Connection raw;
    private PreparedStatement select;
    private PreparedStatement upsert;
    private String[] keys;
    private String[] ids;
    private String[] values;
    private int[] draws;
    private int cursor;

    /**
     * Writes every entry through the cache, then opens the raw connection on the same file.
     *
     * @throws IOException  if the directory cannot be created
     * @throws SQLException if SQLite fails
     */
    @Setup
    public void setUp() throws IOException, SQLException {
        dir = Files.createTempDirectory("bench-l2");
        keys = Zipf.keys(KEYS);
        ids = new String[KEYS];
        values = new String[KEYS];
        draws = Zipf.indices(KEYS, MASK + 1, 42);
        tiered = TieredCache.<String, String>builder("bench-l2").keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8())
                .l2(L2.disk(dir)).build();
        for (int i = 0; i < KEYS; i++) {
            values[i] = Zipf.value(i);
            ids[i] = Base64.getUrlEncoder().withoutPadding().encodeToString(keys[i].getBytes(StandardCharsets.UTF_8));
            tiered.put(keys[i], values[i]);
        }
        raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bench-l2.db"));
        try (Statement st = raw.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=NORMAL");
            st.execute("PRAGMA busy_timeout=5000");
        }
        select = raw.prepareStatement("SELECT value FROM entries WHERE id = ?");
        upsert = raw.prepareStatement("INSERT OR REPLACE INTO entries"
                + " (id, value, expires_at, deadline, written_at, size, accessed_at) VALUES (?, ?, ?, ?, 0, 0, 0)");
    }

    /**
     * Closes everything and deletes the files.
     *
     * @throws SQLException if SQLite fails
     * @throws IOException  if the files cannot be deleted
     */
    @TearDown
    public void tearDown() throws SQLException, IOException {
        select.close();
        upsert.close();
        raw.close();
        tiered.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    /**
     * Foundation: Zipfian L2 hits.
     *
     * @return the value
     */
    @Benchmark
    public String foundation_zipfRead() {
        return tiered.getIfPresent(keys[draws[cursor++ & MASK]]);
    }

    /**
     * SQLite: the same lookup by hand.
     *
     * @return the value
     * @throws SQLException if SQLite fails
     */
    @Benchmark
    public String sqlite_zipfRead() throws SQLException {
        return rawRead(draws[cursor++ & MASK]);
    }

    private String rawRead(int k) throws SQLException {
        select.setString(1, ids[k]);
        try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? new String(rs.getBytes(1), StandardCharsets.UTF_8) : null;
        }
    }

    /**
     * Foundation: 90% reads, 10% puts.
     *
     * @return the value read, or {@code null} after a put
     */
    @Benchmark
    public String foundation_mix90() {
        int i = cursor++;
        int k = draws[i & MASK];
        if (i % 10 == 0) {
            tiered.put(keys[k], values[k]);
            return null;
        }
        return tiered.getIfPresent(keys[k]);
    }

    /**
     * SQLite: 90% reads, 10% upserts.
     *
     * @return the value read, or {@code null} after a write
     * @throws SQLException if SQLite fails
     */
    @Benchmark
    public String sqlite_mix90() throws SQLException {
        int i = cursor++;
        int k = draws[i & MASK];
        if (i % 10 == 0) {
            upsert.setString(1, ids[k]);
            upsert.setBytes(2, values[k].getBytes(StandardCharsets.UTF_8));
            upsert.setLong(3, Long.MAX_VALUE);
            upsert.setLong(4, Long.MAX_VALUE);
            upsert.executeUpdate();
            return null;
        }
        return rawRead(k);
    }
}
