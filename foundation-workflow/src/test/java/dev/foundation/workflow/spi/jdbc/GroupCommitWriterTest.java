package dev.foundation.workflow.spi.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foundation.workflow.WorkflowOwnershipException;
import dev.foundation.workflow.WorkflowStoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared group-commit writer on its own, on a pinned SQLite connection. */
class GroupCommitWriterTest {

    private static final SqlDialect DIALECT = new SqlDialect() {
        @Override
        public String createVersionTable() {
            return "CREATE TABLE IF NOT EXISTS wf_schema (version INTEGER NOT NULL)";
        }

        @Override
        public String insertVersion(int version) {
            return "INSERT INTO wf_schema(version) VALUES (" + version + ")";
        }
    };

    @TempDir
    Path dir;

    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("w.db"));
        SchemaMigrator.migrate(connection, DIALECT, List.of(List.of("CREATE TABLE t (v INTEGER PRIMARY KEY)")), "w");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private GroupCommitWriter writer() {
        return new GroupCommitWriter("w", ConnectionSource.pinned(connection), DIALECT, 64, 1, "test-writer");
    }

    private static GroupCommitWriter.Work<Integer> insert(int v) {
        return b -> {
            PreparedStatement ps = b.statement("INSERT INTO t(v) VALUES (?)");
            ps.setInt(1, v);
            return ps.executeUpdate();
        };
    }

    private List<Integer> rows() throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT v FROM t ORDER BY v")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    @Test
    void aRejectedOperationFailsAlone_andItsBatchCommits() throws Exception {
        try (GroupCommitWriter w = writer()) {
            w.start();
            CountDownLatch hold = new CountDownLatch(1);
            CompletableFuture<Object> blocker = w.submit("", b -> {
                try {
                    hold.await(10, TimeUnit.SECONDS); // the next ones queue behind it and form one batch
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            CompletableFuture<Integer> one = w.submit("", insert(1));
            CompletableFuture<Integer> dup = w.submit("", insert(1));
            CompletableFuture<Integer> fenced = w.submit("", b -> {
                insert(2).run(b);
                throw new FencedWriteException("rejected on purpose");
            });
            CompletableFuture<Integer> owned = w.submit("", b -> {
                throw new WorkflowOwnershipException("not yours");
            });
            CompletableFuture<Integer> three = w.submit("", insert(3));
            hold.countDown();
            blocker.join();
            assertThat(one.join()).isEqualTo(1);
            assertThat(three.join()).isEqualTo(1);
            assertThatThrownBy(dup::join).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(WorkflowStoreException.class);
            assertThatThrownBy(fenced::join).hasCauseInstanceOf(WorkflowStoreException.class)
                    .hasRootCauseInstanceOf(FencedWriteException.class).hasMessageContaining("rejected on purpose");
            assertThatThrownBy(owned::join).hasCauseInstanceOf(WorkflowOwnershipException.class);
            assertThat(rows()).as("the rejected operation's own insert is rolled back").containsExactly(1, 3);
        }
    }

    @Test
    void submit_beforeStart_andAfterClose_failsAtOnce_andCloseCommitsWhatWasAccepted() throws Exception {
        GroupCommitWriter w = writer();
        assertThatThrownBy(() -> w.submit("", insert(1)).join()).hasCauseInstanceOf(IllegalStateException.class);
        w.start();
        List<CompletableFuture<Integer>> accepted = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            accepted.add(w.submit("", insert(i)));
        }
        assertThat(w.close(Duration.ofSeconds(10))).isTrue();
        assertThat(w.close(Duration.ofSeconds(10))).as("idempotent").isTrue();
        assertThat(accepted).allSatisfy(f -> assertThat(f).isCompletedWithValue(1));
        assertThat(rows()).hasSize(100);
        assertThatThrownBy(() -> w.submit("", insert(1000)).join()).hasCauseInstanceOf(WorkflowStoreException.class)
                .hasMessageContaining("is closed");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("test-writer"));
    }

    @Test
    void constructor_rejectsBadArguments() {
        ConnectionSource pinned = ConnectionSource.pinned(connection);
        assertThatThrownBy(() -> new GroupCommitWriter("w", pinned, DIALECT, 0, 1, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBatchSize must be >= 1 but was 0");
        assertThatThrownBy(() -> new GroupCommitWriter("w", pinned, DIALECT, 1, 2, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("writers must be 1 on a pinned connection but was 2");
    }

    @Test
    void migrate_isIdempotent_andRefusesANewerSchema() throws Exception {
        assertThat(SchemaMigrator.migrate(connection, DIALECT, List.of(List.of("CREATE TABLE t (v INTEGER)")), "w"))
                .as("already at version 1").isEqualTo(1);
        assertThat(SchemaMigrator.version(connection)).isEqualTo(1);
        assertThatThrownBy(() -> SchemaMigrator.migrate(connection, DIALECT, List.of(), "w"))
                .isInstanceOf(WorkflowStoreException.class)
                .hasMessage("workflow store w has schema version 1, newer than this engine supports (0): use a newer"
                        + " foundation-workflow");
    }

    @Test
    void anErrorInAWrite_failsItsBatchOnly_leavesNothingOfIt_andTheWriterGoesOn() throws Exception {
        GroupCommitWriter w = writer();
        w.start();
        try {
            CompletableFuture<Integer> failed = w.submit("r", b -> {
                insert(5).run(b);
                throw new OutOfMemoryError("scripted: binding a large output");
            });
            assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(WorkflowStoreException.class).hasMessageContaining("scripted");
            assertThat(w.submit("r", insert(6)).get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(rows()).containsExactly(6);
        } finally {
            w.close();
        }
    }
}
