package dev.foundation.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {

    @TempDir
    Path dir;

    private static byte[] bytes(int n) {
        return new byte[n];
    }

    @Test
    void rows_surviveReopen_andRespectTheirDeadline() {
        try (SqliteStore store = new SqliteStore(dir, "c", 1 << 20)) {
            store.put("a", "va".getBytes(StandardCharsets.UTF_8), 5_000, 2_000, 100, 100);
        }
        try (SqliteStore store = new SqliteStore(dir, "c", 1 << 20)) {
            SqliteStore.Row row = store.get("a", 1_999);
            assertThat(row).isNotNull();
            assertThat(new String(row.value(), StandardCharsets.UTF_8)).isEqualTo("va");
            assertThat(row.expiresAt()).isEqualTo(5_000);
            assertThat(row.writtenAt()).isEqualTo(100);
            assertThat(store.get("a", 2_000)).as("past the tier deadline").isNull();
            assertThat(store.bytes()).isEqualTo(2 * 1 + 2);
        }
    }

    @Test
    void bytes_answersWhileAWriteHoldsTheStore() throws Exception {
        // the L2 bytes gauge is read by every meter scrape: it must not wait behind a long write or eviction
        try (SqliteStore store = new SqliteStore(dir, "c", 1 << 20)) {
            store.put("a", bytes(100), Long.MAX_VALUE, Long.MAX_VALUE, 0, 0);
            java.lang.reflect.Field f = SqliteStore.class.getDeclaredField("lock");
            f.setAccessible(true);
            java.util.concurrent.locks.ReentrantLock lock = (java.util.concurrent.locks.ReentrantLock) f.get(store);
            lock.lock(); // as a write in progress does
            try {
                Long bytes = java.util.concurrent.CompletableFuture.supplyAsync(store::bytes)
                        .get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(bytes).isEqualTo(2 * 1 + 100); // as above: the id counts two bytes a char
            } finally {
                lock.unlock();
            }
        }
    }

    @Test
    void overTheByteBound_evictsExpiredFirst_thenLeastRecentlyRead() {
        try (SqliteStore store = new SqliteStore(dir, "c", 10_000)) {
            store.put("expired", bytes(1_000), 50, 50, 0, 0);
            for (int i = 0; i < 8; i++) {
                store.put("k" + i, bytes(1_000), Long.MAX_VALUE, Long.MAX_VALUE, 10 + i, 10 + i);
            }
            assertThat(store.get("k0", 100)).isNotNull();
            store.put("k8", bytes(1_000), Long.MAX_VALUE, Long.MAX_VALUE, 200, 200);
            store.put("k9", bytes(1_000), Long.MAX_VALUE, Long.MAX_VALUE, 201, 201);
            assertThat(store.bytes()).isLessThanOrEqualTo(10_000);
            assertThat(store.evictions()).isGreaterThanOrEqualTo(2);
            assertThat(store.get("expired", 0)).isNull();
            assertThat(store.get("k0", 300)).as("recently read, kept").isNotNull();
            assertThat(store.get("k1", 300)).as("least recently used, evicted").isNull();
            assertThat(store.get("k9", 300)).isNotNull();
        }
    }

    @Test
    void corruptFile_isMovedAside_andRecreated() throws IOException {
        Files.write(dir.resolve("c.db"), "this is not a database, just garbage bytes ".repeat(200)
                .getBytes(StandardCharsets.UTF_8));
        try (SqliteStore store = new SqliteStore(dir, "c", 1 << 20)) {
            store.put("a", bytes(3), Long.MAX_VALUE, Long.MAX_VALUE, 1, 1);
            assertThat(store.get("a", 2)).isNotNull();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("c.db.corrupt-"));
        }
    }

    @Test
    void fullDisk_skipsWrites_andReadsGoOn() {
        try (SqliteStore store = new SqliteStore(dir, "c", 1L << 40)) {
            store.put("kept", bytes(10), Long.MAX_VALUE, Long.MAX_VALUE, 1, 1);
            // A page cap makes SQLite answer SQLITE_FULL exactly as on a full disk.
            store.pragma("max_page_count = " + pageCount(store));
            for (int i = 0; i < 50; i++) {
                store.put("big" + i, bytes(64 * 1024), Long.MAX_VALUE, Long.MAX_VALUE, 2, 2);
            }
            assertThat(store.writesSkipped()).isPositive();
            assertThat(store.get("kept", 3)).isNotNull();
        }
    }

    private static long pageCount(SqliteStore store) {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + store.file());
             var st = c.createStatement(); var rs = st.executeQuery("PRAGMA page_count")) {
            rs.next();
            return rs.getLong(1) + 2;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
