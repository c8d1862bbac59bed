package dev.foundation.workflow.internal;

import dev.foundation.workflow.InstanceInfo;
import dev.foundation.workflow.Query;
import dev.foundation.workflow.SqliteOptions;
import dev.foundation.workflow.Status;
import dev.foundation.workflow.StepAttempt;
import dev.foundation.workflow.WorkflowStoreException;
import dev.foundation.workflow.spi.AttemptKind;
import dev.foundation.workflow.spi.Checkpoint;
import dev.foundation.workflow.spi.NewInstance;
import dev.foundation.workflow.spi.StepState;
import dev.foundation.workflow.spi.StoredInstance;
import dev.foundation.workflow.spi.StoredStep;
import dev.foundation.workflow.spi.WorkflowStore;
import dev.foundation.workflow.spi.jdbc.ConnectionSource;
import dev.foundation.workflow.spi.jdbc.FencedWriteException;
import dev.foundation.workflow.spi.jdbc.GroupCommitWriter;
import dev.foundation.workflow.spi.jdbc.JdbcBatch;
import dev.foundation.workflow.spi.jdbc.JdbcRows;
import dev.foundation.workflow.spi.jdbc.SchemaMigrator;
import dev.foundation.workflow.spi.jdbc.SqlDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * the writer writes). This class holds only SQLite's SQL.
 */
public final class SqliteWorkflowStore implements WorkflowStore {

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
            PreparedStatement ins = b.statement("INSERT INTO wf_instance(" + JdbcRows.INSTANCE_COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?) ON CONFLICT(idem_key) DO NOTHING");
            ins.setString(1, instance.id());
            ins.setString(2, instance.workflow());
            ins.setInt(3, instance.version());
            ins.setString(4, instance.idempotencyKey());
            ins.setString(5, Status.RUNNING.name());
            ins.setBytes(6, instance.input());
            ins.setLong(7, instance.createdAt().toEpochMilli());
            ins.setLong(8, instance.createdAt().toEpochMilli());
            setInstant(ins, 9, instance.deadline());
            ins.setString(10, instance.fingerprint());
            if (ins.executeUpdate() == 1) {
                for (Checkpoint cp : first) {
                    apply(b, cp);
                }
            }
            PreparedStatement sel = b.statement("SELECT " + JdbcRows.INSTANCE_COLUMNS
                    + " FROM wf_instance WHERE idem_key = ?");
            sel.setString(1, instance.idempotencyKey());
            try (ResultSet rs = sel.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("instance with key '" + instance.idempotencyKey() + "' vanished");
                }
                return JdbcRows.instance(rs);
            }
        });
    }

    @Override
    public CompletableFuture<Void> checkpoint(List<Checkpoint> changes) {
        List<Checkpoint> copy = List.copyOf(changes);
        return submit(b -> {
            for (Checkpoint cp : copy) {
                apply(b, cp);
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

    private static void apply(JdbcBatch b, Checkpoint cp) throws SQLException {
        if (cp instanceof Checkpoint.AttemptStarted s) {
            PreparedStatement a = b.statement("INSERT INTO wf_attempt(instance_id, step, kind, attempt, started_at)"
                    + " VALUES (?, ?, ?, ?, ?)");
            a.setString(1, s.instanceId());
            a.setString(2, s.step());
            a.setString(3, s.kind().name());
            a.setInt(4, s.attempt());
            a.setLong(5, s.at().toEpochMilli());
            a.executeUpdate();
            PreparedStatement st;
            if (s.kind() == AttemptKind.STEP) {
                st = b.statement("INSERT INTO wf_step(instance_id, step, state, attempts, comp_state)"
                        + " VALUES (?, ?, 'RUNNING', ?, 'NONE') ON CONFLICT(instance_id, step) DO UPDATE"
                        + " SET state = 'RUNNING', attempts = excluded.attempts, due_at = NULL"
                        + " WHERE wf_step.state <> 'COMPLETED' AND wf_step.attempts < excluded.attempts");
                st.setString(1, s.instanceId());
                st.setString(2, s.step());
                st.setInt(3, s.attempt());
            } else {
                st = b.statement("UPDATE wf_step SET comp_state = 'RUNNING', comp_attempts = ?, comp_due_at = NULL"
                        + " WHERE instance_id = ? AND step = ? AND attempts > 0"
                        + " AND comp_state <> 'COMPLETED' AND comp_attempts < ?");
                st.setInt(1, s.attempt());
                st.setString(2, s.instanceId());
                st.setString(3, s.step());
                st.setInt(4, s.attempt());
            }
            expectOne(st.executeUpdate(), () -> "start of " + describe(s.instanceId(), s.step(), s.kind(),
                    s.attempt()) + " rejected: the step is already completed or a later attempt started (or, for a compensation, it was never attempted)");
        } else if (cp instanceof Checkpoint.AttemptFinished f) {
            PreparedStatement a = b.statement("UPDATE wf_attempt SET finished_at = ?, outcome = ?, error = ?"
                    + " WHERE instance_id = ? AND step = ? AND kind = ? AND attempt = ? AND finished_at IS NULL");
            a.setLong(1, f.at().toEpochMilli());
            a.setString(2, outcome(f.newState()));
            a.setString(3, f.error());
            a.setString(4, f.instanceId());
            a.setString(5, f.step());
            a.setString(6, f.kind().name());
            a.setInt(7, f.attempt());
            expectOne(a.executeUpdate(), () -> "result of " + describe(f.instanceId(), f.step(), f.kind(),
                    f.attempt()) + " rejected: no such unfinished attempt");
            PreparedStatement st;
            if (f.kind() == AttemptKind.STEP) {
                st = b.statement("UPDATE wf_step SET state = ?, due_at = ?, output = ?, selected = ?,"
                        + " completion_seq = ?, error = ? WHERE instance_id = ? AND step = ? AND state = 'RUNNING'"
                        + " AND attempts = ?");
                st.setString(1, f.newState().name());
                setInstant(st, 2, f.dueAt());
                if (f.output() == null) {
                    st.setNull(3, Types.BLOB);
                } else {
                    st.setBytes(3, f.output());
                }
                st.setString(4, f.selected() == null ? null : String.join("\n", f.selected()));
                st.setLong(5, f.completionSeq());
                st.setString(6, f.error());
                st.setString(7, f.instanceId());
                st.setString(8, f.step());
                st.setInt(9, f.attempt());
            } else {
                st = b.statement("UPDATE wf_step SET comp_state = ?, comp_due_at = ?, comp_error = ?"
                        + " WHERE instance_id = ? AND step = ? AND comp_state = 'RUNNING' AND comp_attempts = ?");
                st.setString(1, f.newState().name());
                setInstant(st, 2, f.dueAt());
                st.setString(3, f.error());
                st.setString(4, f.instanceId());
                st.setString(5, f.step());
                st.setInt(6, f.attempt());
            }
            expectOne(st.executeUpdate(), () -> "result of " + describe(f.instanceId(), f.step(), f.kind(),
                    f.attempt()) + " rejected: the step is not running that attempt (stale or duplicate result)");
        } else if (cp instanceof Checkpoint.StatusChanged s) {
            PreparedStatement ps = b.statement("UPDATE wf_instance SET status = ?, error = ?, updated_at = ?"
                    + " WHERE id = ? AND status IN ('RUNNING', 'COMPENSATING')");
            ps.setString(1, s.status().name());
            ps.setString(2, s.error());
            ps.setLong(3, s.at().toEpochMilli());
            ps.setString(4, s.instanceId());
            expectOne(ps.executeUpdate(), () -> "status change of instance " + s.instanceId() + " to " + s.status()
                    + " rejected: the instance does not exist or has already ended");
        } else if (cp instanceof Checkpoint.CancelRequested r) {
            PreparedStatement ps = b.statement("UPDATE wf_instance SET cancel_requested = 1, updated_at = ?"
                    + " WHERE id = ? AND status IN ('RUNNING', 'COMPENSATING')");
            ps.setLong(1, r.at().toEpochMilli());
            ps.setString(2, r.instanceId());
            expectOne(ps.executeUpdate(), () -> "cancellation of instance " + r.instanceId()
                    + " rejected: the instance does not exist or has already ended");
        } else {
            throw new IllegalArgumentException("unknown checkpoint " + cp);
        }
    }

    /** Sets {@code updated_at} of each instance an attempt checkpoint touched, once per instance. */
    private static void touchAll(JdbcBatch b, List<Checkpoint> changes) throws SQLException {
        Map<String, Instant> latest = new HashMap<>(2);
        for (Checkpoint cp : changes) {
            Instant at = cp instanceof Checkpoint.AttemptStarted s ? s.at()
                    : cp instanceof Checkpoint.AttemptFinished f ? f.at() : null;
            if (at != null) {
                latest.merge(cp.instanceId(), at, (x, y) -> x.isAfter(y) ? x : y);
            }
        }
        for (Map.Entry<String, Instant> e : latest.entrySet()) {
            PreparedStatement ps = b.statement("UPDATE wf_instance SET updated_at = MAX(updated_at, ?) WHERE id = ?");
            ps.setLong(1, e.getValue().toEpochMilli());
            ps.setString(2, e.getKey());
            ps.executeUpdate();
        }
    }

    private static String describe(String instanceId, String step, AttemptKind kind, int attempt) {
        return (kind == AttemptKind.STEP ? "step '" : "compensation of step '") + step + "' attempt " + attempt
                + " of instance " + instanceId;
    }

    private static String outcome(StepState state) {
        return switch (state) {
            case COMPLETED -> "COMPLETED";
            case WAITING -> "RETRY";
            case FAILED -> "FAILED";
            default -> throw new IllegalArgumentException("not a final state: " + state);
        };
    }

    private static void expectOne(int updated, java.util.function.Supplier<String> message) {
        if (updated != 1) {
            throw new FencedWriteException(message.get());
        }
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
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

    private <T> T read(SqlWork<T> work) {
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
    public Optional<Instant> lastTriggerFire(String trigger) {
        return read(c -> JdbcRows.lastTriggerFire(c, trigger));
    }

    @Override
    public Optional<StoredInstance> instance(String id) {
        return read(c -> JdbcRows.instance(c, id));
    }

    @Override
    public List<StoredInstance> unfinishedInstances() {
        return read(JdbcRows::unfinishedInstances);
    }

    @Override
    public List<StoredStep> steps(String instanceId) {
        return read(c -> JdbcRows.steps(c, instanceId, (rs, column) -> {
            String selected = rs.getString(column); // newline-separated
            return selected == null ? null : selected.isEmpty() ? List.of() : Arrays.asList(selected.split("\n"));
        }));
    }

    @Override
    public Optional<byte[]> output(String instanceId, String step) {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(step, "step");
        return read(c -> JdbcRows.output(c, instanceId, step));
    }

    @Override
    public List<InstanceInfo> query(Query query) {
        Objects.requireNonNull(query, "query");
        return read(c -> JdbcRows.query(c, query));
    }

    @Override
    public Map<Status, Long> countByStatus(Query query) {
        Objects.requireNonNull(query, "query");
        return read(c -> JdbcRows.countByStatus(c, query));
    }

    @Override
    public List<StepAttempt> history(String instanceId) {
        return read(c -> JdbcRows.history(c, instanceId));
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
