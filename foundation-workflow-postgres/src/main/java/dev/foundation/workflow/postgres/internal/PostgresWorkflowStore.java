package dev.foundation.workflow.postgres.internal;

import dev.foundation.workflow.WorkflowStoreException;
import dev.foundation.workflow.WorkflowOwnershipException;
import dev.foundation.workflow.spi.Checkpoint;
import dev.foundation.workflow.spi.LeasedStore;
import dev.foundation.workflow.spi.NewInstance;
import dev.foundation.workflow.spi.StoredInstance;
import dev.foundation.workflow.spi.jdbc.ConnectionSource;
import dev.foundation.workflow.spi.jdbc.GroupCommitWriter;
import dev.foundation.workflow.spi.jdbc.JdbcBatch;
import dev.foundation.workflow.spi.jdbc.JdbcRows;
import dev.foundation.workflow.spi.jdbc.JdbcWorkflowStore;
import dev.foundation.workflow.spi.jdbc.SchemaMigrator;
import dev.foundation.workflow.spi.jdbc.SqlDialect;
import dev.foundation.workflow.postgres.PostgresOptions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL store. Same contract as the embedded SQLite store and the same shared machinery
 * ({@link GroupCommitWriter}, {@link SchemaMigrator}, {@link JdbcWorkflowStore}'s checkpoint SQL and reads; this
 * class holds PostgreSQL's schema, leases and pool), with several writer
 * threads on pooled connections: each gathers the checkpoints waiting in its queue into one transaction (group commit), each
 * checkpoint inside its own savepoint so a rejected one fails alone, and callers' futures complete after the
 * commit. Writes are routed to a writer by instance id (creations by idempotency key), so one instance's
 * writes stay in order and two writers never lock the same instance's rows; a round trip to the database then
 * no longer limits the whole node to one checkpoint at a time ({@code min(4, maxPoolSize / 2)} writers). A writer
 * borrows a connection from the {@link DataSource} for each batch and reads borrow one per call, so a database
 * restart or a broken connection fails the writes in flight with {@link WorkflowStoreException} and the next
 * batch uses a fresh connection: no thread dies and nothing needs restarting by hand.
 *
 * <p>The schema (tables {@code wf_instance}, {@code wf_step}, {@code wf_attempt}, {@code wf_trigger} and the
 * version table {@code wf_schema}) lives in the connection's current schema; it is created and migrated under a
 * transaction-scoped advisory lock, so several engines starting at once on one database migrate it once.
 * Times are stored as epoch milliseconds ({@code BIGINT}), the engine's resolution, exactly as in the SQLite
 * store.
 */
public final class PostgresWorkflowStore extends JdbcWorkflowStore implements LeasedStore {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresWorkflowStore.class);

    /** The schema version this code writes; older schemas are migrated up to it. */
    static final int SCHEMA_VERSION = 3;

    /** Key of the advisory lock serialising migrations of concurrent engines ("wf-schema" as a number). */
    private static final long MIGRATION_LOCK = 0x77662d736368656dL;

    /** PostgreSQL's version table, migration lock and failure descriptions. */
    private static final SqlDialect DIALECT = new SqlDialect() {
        @Override
        public String createVersionTable() {
            return "CREATE TABLE IF NOT EXISTS wf_schema (version INTEGER PRIMARY KEY,"
                    + " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";
        }

        @Override
        public String insertVersion(int version) {
            return "INSERT INTO wf_schema(version) VALUES (" + version + ")";
        }

        @Override
        public List<String> migrationLock() {
            // serialises concurrent engines: the second one waits here, then finds the schema current
            return List.of("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
        }

        @Override
        public String describe(SQLException s) {
            String state = s.getSQLState();
            if (state == null) {
                return s.getMessage();
            }
            String hint = state.startsWith("08") ? "connection to the database lost or refused"
                    : state.startsWith("57P") ? "the database is shutting down or restarting"
                    : state.startsWith("40") ? "transaction rolled back by the database" : "database error";
            return hint + ", SQLState " + state + ": " + s.getMessage();
        }
    };

    private static final List<String> MIGRATION_1 = List.of(
            "CREATE TABLE wf_instance (id TEXT PRIMARY KEY, workflow TEXT NOT NULL, version INTEGER NOT NULL,"
                    + " idem_key TEXT NOT NULL UNIQUE, status TEXT NOT NULL, input BYTEA NOT NULL,"
                    + " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, deadline BIGINT,"
                    + " cancel_requested BOOLEAN NOT NULL DEFAULT FALSE, error TEXT)",
            "CREATE INDEX wf_instance_unfinished ON wf_instance(created_at, id)"
                    + " WHERE status IN ('RUNNING', 'COMPENSATING')",
            "CREATE INDEX wf_instance_status ON wf_instance(status, created_at)",
            "CREATE INDEX wf_instance_workflow ON wf_instance(workflow, created_at)",
            "CREATE INDEX wf_instance_created ON wf_instance(created_at, id)",
            "CREATE TABLE wf_step (instance_id TEXT NOT NULL REFERENCES wf_instance(id), step TEXT NOT NULL,"
                    + " state TEXT NOT NULL, attempts INTEGER NOT NULL, due_at BIGINT, output BYTEA, selected TEXT[],"
                    + " completion_seq BIGINT NOT NULL DEFAULT 0, error TEXT, comp_state TEXT NOT NULL,"
                    + " comp_attempts INTEGER NOT NULL DEFAULT 0, comp_due_at BIGINT, comp_error TEXT,"
                    + " PRIMARY KEY (instance_id, step))",
            "CREATE TABLE wf_attempt (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                    + " instance_id TEXT NOT NULL REFERENCES wf_instance(id), step TEXT NOT NULL,"
                    + " kind TEXT NOT NULL, attempt INTEGER NOT NULL, started_at BIGINT NOT NULL, finished_at BIGINT,"
                    + " outcome TEXT, error TEXT)",
            "CREATE INDEX wf_attempt_instance ON wf_attempt(instance_id, step, kind, attempt)",
            "CREATE TABLE wf_trigger (name TEXT PRIMARY KEY, last_fire BIGINT NOT NULL)");

    /**
     * Ownership for cluster mode, in a table of its own so that renewals never contend with checkpoints: one
     * row per unfinished instance (deleted when it ends) with the owning node, the epoch (one more on every
     * claim), the lease end and the last renewal. Each attempt records the epochs its start and result were
     * written under.
     */
    private static final List<String> MIGRATION_2 = List.of(
            "CREATE TABLE wf_lease (instance_id TEXT PRIMARY KEY REFERENCES wf_instance(id), owner TEXT,"
                    + " epoch BIGINT NOT NULL DEFAULT 0, lease_until TIMESTAMPTZ, renewed_at TIMESTAMPTZ)",
            "CREATE INDEX wf_lease_owner ON wf_lease(owner) WHERE owner IS NOT NULL",
            "INSERT INTO wf_lease(instance_id) SELECT id FROM wf_instance WHERE status IN ('RUNNING', 'COMPENSATING')",
            "ALTER TABLE wf_attempt ADD COLUMN started_epoch BIGINT NOT NULL DEFAULT 0,"
                    + " ADD COLUMN finished_epoch BIGINT");

    /** The fingerprint of the definition each instance started with (NULL for instances stored before). */
    private static final List<String> MIGRATION_3 = List.of(
            "ALTER TABLE wf_instance ADD COLUMN fingerprint TEXT");

    private final DataSource dataSource;
    private final AutoCloseable ownedPool;
    private final PostgresOptions options;
    private final String name;
    private final GroupCommitWriter writes;
    private final AtomicBoolean initialized = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong fenced = new AtomicLong();

    /**
     * Creates a store; nothing is opened before {@link #initialize()}.
     *
     * @param dataSource where connections come from
     * @param ownedPool  closed with the store (the pool the store built itself), or {@code null} when the caller
     *                   owns the data source
     * @param options    the options
     * @param name       how the store names itself in logs and errors (never contains a password)
     */
    public PostgresWorkflowStore(DataSource dataSource, AutoCloseable ownedPool, PostgresOptions options,
                                 String name) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.ownedPool = ownedPool;
        this.options = Objects.requireNonNull(options, "options");
        this.name = Objects.requireNonNull(name, "name");
        int writers = Math.max(1, Math.min(4, options.maxPoolSize() / 2));
        this.writes = new GroupCommitWriter(name, ConnectionSource.pooled(dataSource), DIALECT,
                options.maxBatchSize(), writers, "foundation-workflow-postgres-writer");
    }

    @Override
    public void initialize() {
        if (closed.get()) {
            throw new IllegalStateException("workflow store " + name + " is closed");
        }
        if (!initialized.compareAndSet(false, true)) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            SchemaMigrator.migrate(c, DIALECT, List.of(MIGRATION_1, MIGRATION_2, MIGRATION_3), name);
        } catch (SQLException | RuntimeException e) {
            initialized.set(false);
            closed.set(true);
            closeOwnedPool();
            if (e instanceof WorkflowStoreException w) {
                throw w;
            }
            throw new WorkflowStoreException("cannot open workflow store " + name + ": " + e.getMessage(), e);
        }
        writes.start();
    }

    /**
     * The schema version recorded in the database.
     *
     * @return the version
     */
    public int schemaVersion() {
        return read(SchemaMigrator::version);
    }

    // ---------------------------------------------------------------- writes

    @Override
    public CompletableFuture<StoredInstance> createInstance(NewInstance instance, List<Checkpoint> initial) {
        return create(instance, initial, null, Duration.ZERO).thenApply(Owned::instance);
    }

    @Override
    public CompletableFuture<Owned> createInstance(NewInstance instance, List<Checkpoint> initial, String owner,
                                                   Duration lease) {
        Objects.requireNonNull(lease, "lease");
        return create(instance, initial, owner, lease);
    }

    private CompletableFuture<Owned> create(NewInstance instance, List<Checkpoint> initial, String owner,
                                            Duration lease) {
        Objects.requireNonNull(instance, "instance");
        List<Checkpoint> first = List.copyOf(initial);
        // by key: two creations of one key share a writer, so they never wait on each other across writers
        return submit(instance.idempotencyKey(), b -> {
            boolean created = insertInstance(b, instance);
            if (created) {
                PreparedStatement l = b.statement("INSERT INTO wf_lease(instance_id, owner, epoch, lease_until,"
                        + " renewed_at) VALUES (?, ?, ?, CASE WHEN ? THEN now() + ? * INTERVAL '1 millisecond' END,"
                        + " CASE WHEN ? THEN now() END)");
                l.setString(1, instance.id());
                l.setString(2, owner);
                l.setLong(3, owner == null ? 0 : 1);
                l.setBoolean(4, owner != null);
                l.setLong(5, lease.toMillis());
                l.setBoolean(6, owner != null);
                l.executeUpdate();
                for (Checkpoint cp : first) {
                    apply(b, cp, owner == null ? 0L : 1L);
                }
            }
            // READ COMMITTED: a concurrent insert of the same key (another engine) made ON CONFLICT wait for
            // it to commit, and this statement's fresh snapshot sees it.
            return new Owned(instanceByKey(b, instance.idempotencyKey()), created && owner != null ? 1 : 0);
        });
    }

    @Override
    public CompletableFuture<Void> checkpoint(List<Checkpoint> changes) {
        List<Checkpoint> copy = List.copyOf(changes);
        return submit(copy.isEmpty() ? "" : copy.get(0).instanceId(), b -> {
            for (Checkpoint cp : copy) {
                apply(b, cp, 0L);
            }
            touchAll(b, copy);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> checkpoint(String instanceId, long epoch, List<Checkpoint> changes) {
        Objects.requireNonNull(instanceId, "instanceId");
        List<Checkpoint> copy = List.copyOf(changes);
        for (Checkpoint cp : copy) {
            if (!cp.instanceId().equals(instanceId)) {
                throw new IllegalArgumentException("a fenced checkpoint of instance " + instanceId
                        + " carries a change of instance " + cp.instanceId());
            }
        }
        return submit(instanceId, b -> {
            // FOR KEY SHARE: a concurrent claim (FOR UPDATE ... SKIP LOCKED) passes this row by until we commit,
            // while renewals (which change no key) are not held up
            PreparedStatement ps = b.statement("SELECT epoch, owner FROM wf_lease WHERE instance_id = ? FOR KEY SHARE");
            ps.setString(1, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw stale("instance " + instanceId + ": write under epoch " + epoch
                            + " rejected, the instance has ended or does not exist (another node finished it)");
                }
                if (rs.getLong(1) != epoch) {
                    throw stale("instance " + instanceId + ": write under epoch " + epoch
                            + " rejected, the instance is now at epoch " + rs.getLong(1) + " (owner "
                            + rs.getString(2) + "): this node's lease ran out and another node claimed it");
                }
            }
            for (Checkpoint cp : copy) {
                apply(b, cp, epoch);
            }
            touchAll(b, copy);
            return null;
        });
    }

    @Override
    public List<Owned> claim(String owner, int max, Duration lease) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(lease, "lease");
        if (max < 1) {
            return List.of();
        }
        return read(c -> {
            Map<String, Long> epochs = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE wf_lease l SET owner = ?, epoch = l.epoch + 1,"
                    + " lease_until = now() + ? * INTERVAL '1 millisecond', renewed_at = now()"
                    + " WHERE l.instance_id IN (SELECT x.instance_id FROM wf_lease x"
                    + " JOIN wf_instance i ON i.id = x.instance_id WHERE i.status IN ('RUNNING', 'COMPENSATING')"
                    + " AND (x.lease_until IS NULL OR x.lease_until < now()) ORDER BY i.created_at, i.id LIMIT ?"
                    + " FOR UPDATE OF x SKIP LOCKED) RETURNING l.instance_id, l.epoch")) {
                ps.setString(1, owner);
                ps.setLong(2, lease.toMillis());
                ps.setInt(3, max);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        epochs.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            if (epochs.isEmpty()) {
                return List.of();
            }
            List<Owned> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + JdbcRows.INSTANCE_COLUMNS + " FROM wf_instance"
                    + " WHERE id = ANY(?) ORDER BY created_at, id")) {
                ps.setArray(1, c.createArrayOf("text", epochs.keySet().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredInstance si = JdbcRows.instance(rs);
                        out.add(new Owned(si, epochs.get(si.id())));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Set<String> renew(String owner, Map<String, Long> epochs, Duration lease) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(lease, "lease");
        if (epochs.isEmpty()) {
            return Set.of();
        }
        return read(c -> {
            // SKIP LOCKED: a renewal never waits. A batch of the group-commit writer that ends instances holds
            // their rows (DELETE) in its own order while a renewal of many rows locked them in another: that
            // deadlocked (40P01). A row locked past a checkpoint's KEY SHARE is one being ended or expired, which
            // this owner should not renew anyway; it is reported as not renewed.
            try (PreparedStatement ps = c.prepareStatement("UPDATE wf_lease w"
                    + " SET lease_until = now() + ? * INTERVAL '1 millisecond', renewed_at = now()"
                    + " FROM (SELECT x.instance_id FROM wf_lease x JOIN unnest(?::text[], ?::bigint[]) AS o(id, epoch)"
                    + " ON x.instance_id = o.id AND x.epoch = o.epoch WHERE x.owner = ?"
                    + " FOR NO KEY UPDATE OF x SKIP LOCKED) s"
                    + " WHERE w.instance_id = s.instance_id RETURNING w.instance_id")) {
                ps.setLong(1, lease.toMillis());
                setOwned(c, ps, 2, epochs);
                ps.setString(4, owner);
                Set<String> out = new LinkedHashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int release(String owner, Map<String, Long> epochs) {
        Objects.requireNonNull(owner, "owner");
        if (epochs.isEmpty()) {
            return 0;
        }
        return read(c -> {
            // SKIP LOCKED, as renew: a row locked by a writer is being ended; its lease goes with it
            try (PreparedStatement ps = c.prepareStatement("UPDATE wf_lease w SET owner = NULL, lease_until = NULL"
                    + " FROM (SELECT x.instance_id FROM wf_lease x JOIN unnest(?::text[], ?::bigint[]) AS o(id, epoch)"
                    + " ON x.instance_id = o.id AND x.epoch = o.epoch WHERE x.owner = ?"
                    + " FOR NO KEY UPDATE OF x SKIP LOCKED) s WHERE w.instance_id = s.instance_id")) {
                setOwned(c, ps, 1, epochs);
                ps.setString(3, owner);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean park(String owner, String id, long epoch, Instant wakeAt) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(wakeAt, "wakeAt");
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE wf_lease SET owner = NULL, renewed_at = NULL,"
                    + " lease_until = to_timestamp(? / 1000.0) WHERE instance_id = ? AND epoch = ? AND owner = ?")) {
                ps.setLong(1, wakeAt.toEpochMilli());
                ps.setString(2, id);
                ps.setLong(3, epoch);
                ps.setString(4, owner);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public int expire(String owner, Duration notRenewedFor) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(notRenewedFor, "notRenewedFor");
        return read(c -> {
            // SKIP LOCKED: never waits behind a checkpoint (of a node that may be paused mid-transaction)
            try (PreparedStatement ps = c.prepareStatement("UPDATE wf_lease SET owner = NULL, lease_until = NULL"
                    + " WHERE instance_id IN (SELECT instance_id FROM wf_lease WHERE owner = ?"
                    + " AND (renewed_at IS NULL OR renewed_at <= now() - ? * INTERVAL '1 millisecond')"
                    + " FOR UPDATE SKIP LOCKED)")) {
                ps.setString(1, owner);
                ps.setLong(2, notRenewedFor.toMillis());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public long fencedWrites() {
        return fenced.get();
    }

    private static void setOwned(Connection c, PreparedStatement ps, int index, Map<String, Long> epochs)
            throws SQLException {
        String[] ids = new String[epochs.size()];
        Long[] values = new Long[epochs.size()];
        int i = 0;
        for (Map.Entry<String, Long> e : epochs.entrySet()) {
            ids[i] = e.getKey();
            values[i++] = e.getValue();
        }
        ps.setArray(index, c.createArrayOf("text", ids));
        ps.setArray(index + 1, c.createArrayOf("bigint", values));
    }

    /** A fenced checkpoint carried an epoch the instance has moved past: counted, and fails that checkpoint. */
    private WorkflowOwnershipException stale(String message) {
        fenced.incrementAndGet();
        return new WorkflowOwnershipException(message);
    }

    @Override
    public CompletableFuture<Void> recordTriggerFired(String trigger, Instant fireTime) {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(fireTime, "fireTime");
        return submit(trigger, b -> {
            PreparedStatement ps = b.statement("INSERT INTO wf_trigger(name, last_fire) VALUES (?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET last_fire = GREATEST(wf_trigger.last_fire, excluded.last_fire)");
            ps.setString(1, trigger);
            ps.setLong(2, fireTime.toEpochMilli());
            ps.executeUpdate();
            return null;
        });
    }

    /** Applies one change; {@code epoch} is recorded in the history (0 when unfenced). */
    @Override
    protected void afterStatusChange(JdbcBatch b, Checkpoint.StatusChanged change) throws SQLException {
        if (change.status().isTerminal()) {
            PreparedStatement del = b.statement("DELETE FROM wf_lease WHERE instance_id = ?");
            del.setString(1, change.instanceId());
            del.executeUpdate();
        }
    }

    @Override
    protected void bindSelected(JdbcBatch b, PreparedStatement ps, int index, List<String> selected)
            throws SQLException {
        ps.setArray(index, b.connection().createArrayOf("text", selected.toArray()));
    }

    @Override
    protected void bindNoSelection(PreparedStatement ps, int index) throws SQLException {
        ps.setNull(index, Types.ARRAY);
    }

    @Override
    protected JdbcRows.SelectedColumn selectedColumn() {
        return (rs, column) -> {
            Array selected = rs.getArray(column);
            return selected == null ? null : List.of((String[]) selected.getArray());
        };
    }

    private <T> CompletableFuture<T> submit(String route, GroupCommitWriter.Work<T> work) {
        return writes.submit(route, work);
    }

    // ---------------------------------------------------------------- reads

    @Override
    protected <T> T read(SqlWork<T> work) {
        if (!initialized.get() || closed.get()) {
            throw new IllegalStateException("workflow store " + name + " is " + (closed.get() ? "closed"
                    : "not initialized"));
        }
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new WorkflowStoreException("workflow store " + name + ": read failed (" + DIALECT.describe(e) + ")",
                    e);
        }
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writes.close(GroupCommitWriter.DEFAULT_CLOSE_DEADLINE); // commits what was accepted, fails the rest
        closeOwnedPool();
    }

    private void closeOwnedPool() {
        if (ownedPool != null) {
            try {
                ownedPool.close();
            } catch (Exception e) {
                LOG.warn("workflow store {}: closing its connection pool failed", name, e);
            }
        }
    }

    @Override
    public String toString() {
        return "PostgresWorkflowStore[" + name + "]";
    }
}
