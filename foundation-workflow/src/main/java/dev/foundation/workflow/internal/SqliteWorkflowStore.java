package dev.foundation.workflow.internal;

import dev.foundation.workflow.SqliteOptions;
import dev.foundation.workflow.WorkflowStoreException;
import dev.foundation.workflow.spi.Checkpoint;
import dev.foundation.workflow.spi.NewInstance;
import dev.foundation.workflow.spi.StoredInstance;
import dev.foundation.workflow.spi.jdbc.ConnectionSource;
import dev.foundation.workflow.spi.jdbc.GroupCommitWriter;
import dev.foundation.workflow.spi.jdbc.JdbcBatch;
import dev.foundation.workflow.spi.jdbc.JdbcRows;
import dev.foundation.workflow.spi.jdbc.JdbcWorkflowStore;
import dev.foundation.workflow.spi.jdbc.SchemaMigrator;
import dev.foundation.workflow.spi.jdbc.SqlDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The embedded store: one SQLite file in WAL mode. Every write goes through the shared
 * {@link GroupCommitWriter} with one writer thread on one pinned connection, which groups the checkpoints waiting
 * in its queue into one transaction (group commit), each checkpoint inside its own savepoint so a rejected one
 * fails alone; callers' futures complete after the commit. Reads use a second connection (WAL lets it read while
 * the writer writes). The checkpoint SQL and the reads are {@link JdbcWorkflowStore}'s; this class holds SQLite's
 * schema, connections and its way of storing a step's selected branches.
 */
public final class SqliteWorkflowStore extends JdbcWorkflowStore {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteWorkflowStore.class);

    /** The schema version this code writes; older files are migrated up to it. */
    static final int SCHEMA_VERSION = 2;

    /** SQLite's version table; migrations need no lock (the store file is locked by its one engine). */
    private static final SqlDialect DIALECT = new SqlDialect() {
        @Override
        public String createVersionTable() {
            return "CREATE TABLE IF NOT EXISTS wf_schema (version INTEGER NOT NULL, applied_at INTEGER NOT NULL)";
        }

        @Override
        public String insertVersion(int version) {
            return "INSERT INTO wf_schema(version, applied_at) VALUES (" + version + ", " + System.currentTimeMillis()
                    + ")";
        }
    };

    private static final List<String> MIGRATION_1 = List.of(
            "CREATE TABLE wf_instance (id TEXT PRIMARY KEY, workflow TEXT NOT NULL, version INTEGER NOT NULL,"
                    + " idem_key TEXT NOT NULL UNIQUE, status TEXT NOT NULL, input BLOB NOT NULL,"
                    + " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, deadline INTEGER,"
                    + " cancel_requested INTEGER NOT NULL DEFAULT 0, error TEXT)",
            "CREATE INDEX wf_instance_status ON wf_instance(status, created_at)",
            "CREATE INDEX wf_instance_workflow ON wf_instance(workflow, created_at)",
            "CREATE INDEX wf_instance_created ON wf_instance(created_at, id)",
            "CREATE TABLE wf_step (instance_id TEXT NOT NULL, step TEXT NOT NULL, state TEXT NOT NULL,"
                    + " attempts INTEGER NOT NULL, due_at INTEGER, output BLOB, selected TEXT,"
                    + " completion_seq INTEGER NOT NULL DEFAULT 0, error TEXT, comp_state TEXT NOT NULL,"
                    + " comp_attempts INTEGER NOT NULL DEFAULT 0, comp_due_at INTEGER, comp_error TEXT,"
                    + " PRIMARY KEY (instance_id, step)) WITHOUT ROWID",
            "CREATE TABLE wf_attempt (seq INTEGER PRIMARY KEY AUTOINCREMENT, instance_id TEXT NOT NULL,"
                    + " step TEXT NOT NULL, kind TEXT NOT NULL, attempt INTEGER NOT NULL,"
                    + " started_at INTEGER NOT NULL, finished_at INTEGER, outcome TEXT, error TEXT)",
            "CREATE INDEX wf_attempt_instance ON wf_attempt(instance_id, step, kind, attempt)",
            "CREATE TABLE wf_trigger (name TEXT PRIMARY KEY, last_fire INTEGER NOT NULL)");

    /** The fingerprint of the definition each instance started with (NULL for instances stored before). */
    private static final List<String> MIGRATION_2 = List.of(
            "ALTER TABLE wf_instance ADD COLUMN fingerprint TEXT");

    private final Path file;
    private final SqliteOptions options;
    private final AtomicBoolean initialized = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object readLock = new Object();
    private Connection writer;
    private Connection reader;
    private volatile GroupCommitWriter writes;
    private StoreFileLock lock;

    /**
     * Creates a store; nothing is opened before {@link #initialize()}.
     *
     * @param file    the database file
     * @param options the options
     */
    public SqliteWorkflowStore(Path file, SqliteOptions options) {
        this.file = Objects.requireNonNull(file, "file");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public void initialize() {
        if (closed.get()) {
            throw new IllegalStateException("workflow store " + file + " is closed");
        }
        if (!initialized.compareAndSet(false, true)) {
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            lock = StoreFileLock.acquire(file); // one engine per file, in this process or any other
            writer = open();
            SchemaMigrator.migrate(writer, DIALECT, List.of(MIGRATION_1, MIGRATION_2), file.toString());
            writer.setAutoCommit(false);
            reader = open();
        } catch (IOException | SQLException | RuntimeException e) {
            closed.set(true);
            closeQuietly();
            if (e instanceof WorkflowStoreException w) {
                throw w;
            }
            throw new WorkflowStoreException("cannot open workflow store " + file + ": " + e.getMessage(), e);
        }
        GroupCommitWriter w = new GroupCommitWriter(file.toString(), ConnectionSource.pinned(writer), DIALECT,
                options.maxBatchSize(), 1, "foundation-workflow-sqlite-writer");
        w.start();
        writes = w;
    }

    private Connection open() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(options.synchronous() == SqliteOptions.Synchronous.FULL
                ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout((int) options.busyTimeout().toMillis());
        return org.sqlite.JDBC.createConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    }

    /**
     * The schema version recorded in the file.
     *
     * @return the version
     */
    public int schemaVersion() {
        return read(SchemaMigrator::version);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public CompletableFuture<StoredInstance> createInstance(NewInstance instance, List<Checkpoint> initial) {
        Objects.requireNonNull(instance, "instance");
        List<Checkpoint> first = List.copyOf(initial);
        return submit(b -> {
            if (insertInstance(b, instance)) {
                for (Checkpoint cp : first) {
                    apply(b, cp, null);
                }
            }
            return instanceByKey(b, instance.idempotencyKey());
        });
    }

    @Override
    public CompletableFuture<Void> checkpoint(List<Checkpoint> changes) {
        List<Checkpoint> copy = List.copyOf(changes);
        return submit(b -> {
            for (Checkpoint cp : copy) {
                apply(b, cp, null);
            }
            touchAll(b, copy);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> recordTriggerFired(String trigger, Instant fireTime) {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(fireTime, "fireTime");
        return submit(b -> {
            PreparedStatement ps = b.statement("INSERT INTO wf_trigger(name, last_fire) VALUES (?, ?)"
                    + " ON CONFLICT(name) DO UPDATE SET last_fire = MAX(last_fire, excluded.last_fire)");
            ps.setString(1, trigger);
            ps.setLong(2, fireTime.toEpochMilli());
            ps.executeUpdate();
            return null;
        });
    }

    private <T> CompletableFuture<T> submit(GroupCommitWriter.Work<T> work) {
        GroupCommitWriter w = writes;
        if (w == null) {
            CompletableFuture<T> f = new CompletableFuture<>();
            f.completeExceptionally(closed.get() ? new WorkflowStoreException("workflow store " + file + " is closed")
                    : new IllegalStateException("workflow store " + file + " is not initialized"));
            return f;
        }
        return w.submit("", work); // one writer: every write in submission order
    }

    // ---------------------------------------------------------------- reads

    @Override
    protected <T> T read(SqlWork<T> work) {
        if (!initialized.get() || closed.get()) {
            throw new IllegalStateException("workflow store " + file + " is " + (closed.get() ? "closed"
                    : "not initialized"));
        }
        synchronized (readLock) {
            try {
                return work.run(reader);
            } catch (SQLException e) {
                throw new WorkflowStoreException("workflow store " + file + ": read failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    protected void bindSelected(JdbcBatch b, PreparedStatement ps, int index, List<String> selected)
            throws SQLException {
        ps.setString(index, String.join("\n", selected));
    }

    @Override
    protected void bindNoSelection(PreparedStatement ps, int index) throws SQLException {
        ps.setNull(index, Types.VARCHAR);
    }

    @Override
    protected JdbcRows.SelectedColumn selectedColumn() {
        return (rs, column) -> {
            String selected = rs.getString(column); // newline-separated
            return selected == null ? null : selected.isEmpty() ? List.of() : Arrays.asList(selected.split("\n"));
        };
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        GroupCommitWriter w = writes;
        if (w != null) {
            w.close(Duration.ofSeconds(10)); // commits what was accepted, fails the rest
        }
        closeQuietly();
    }

    private void closeQuietly() {
        synchronized (readLock) {
            for (Connection c : new Connection[] {writer, reader}) {
                if (c != null) {
                    try {
                        c.close();
                    } catch (SQLException e) {
                        LOG.warn("workflow store {}: closing connection failed", file, e);
                    }
                }
            }
            writer = null;
            reader = null;
        }
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    @Override
    public String toString() {
        return "SqliteWorkflowStore[" + file + "]";
    }
}
