package dev.foundation.workflow.spi.jdbc;

import dev.foundation.workflow.InstanceInfo;
import dev.foundation.workflow.Query;
import dev.foundation.workflow.Status;
import dev.foundation.workflow.StepAttempt;
import dev.foundation.workflow.spi.AttemptKind;
import dev.foundation.workflow.spi.Checkpoint;
import dev.foundation.workflow.spi.NewInstance;
import dev.foundation.workflow.spi.StepState;
import dev.foundation.workflow.spi.StoredInstance;
import dev.foundation.workflow.spi.StoredStep;
import dev.foundation.workflow.spi.WorkflowStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the JDBC stores share: the reads (through {@link JdbcRows}) and the SQL that applies a {@link Checkpoint},
 * which is the same on SQLite and PostgreSQL but for how a step's selected branches are stored. A store supplies
 * its connection handling ({@link #read}), that one column's binding, and anything it does beside a status change
 * (PostgreSQL drops the lease of an ended instance).
 *
 * <p>Checkpoints are applied exactly or rejected: an attempt's start or result that does not match exactly one row
 * in the expected state (a stale or duplicate write) throws {@link FencedWriteException}, which
 * {@link GroupCommitWriter} turns into that operation's failure alone.
 */
public abstract class JdbcWorkflowStore implements WorkflowStore {

    /**
     * Work on a connection.
     *
     * @param <T> its result
     */
    @FunctionalInterface
    public interface SqlWork<T> {
        /**
         * Runs the work.
         *
         * @param c the connection
         * @return the result
         * @throws SQLException on a database error
         */
        T run(Connection c) throws SQLException;
    }

    /** For subclasses. */
    protected JdbcWorkflowStore() {
    }

    /**
     * Runs a read on a connection of the store's choosing.
     *
     * @param work the read
     * @param <T>  its result
     * @return the result
     * @throws dev.foundation.workflow.WorkflowStoreException if the database fails
     * @throws IllegalStateException                          if the store is not initialized or is closed
     */
    protected abstract <T> T read(SqlWork<T> work);

    /**
     * Binds a step's selected branches (never {@code null} here).
     *
     * @param b        the batch
     * @param ps       the statement
     * @param index    the parameter
     * @param selected the branches
     * @throws SQLException on a database error
     */
    protected abstract void bindSelected(JdbcBatch b, PreparedStatement ps, int index, List<String> selected)
            throws SQLException;

    /**
     * Binds "no selection" for the selected-branches column.
     *
     * @param ps    the statement
     * @param index the parameter
     * @throws SQLException on a database error
     */
    protected abstract void bindNoSelection(PreparedStatement ps, int index) throws SQLException;

    /**
     * Reads a step's selected branches as {@link #bindSelected} stored them.
     *
     * @return how the column is read ({@code null} for no selection)
     */
    protected abstract JdbcRows.SelectedColumn selectedColumn();

    /**
     * Called after an instance's status change was applied, in the same transaction; nothing by default.
     *
     * @param b      the batch
     * @param change the change
     * @throws SQLException on a database error
     */
    protected void afterStatusChange(JdbcBatch b, Checkpoint.StatusChanged change) throws SQLException {
    }

    // ---------------------------------------------------------------- checkpoints

    /**
     * Applies one checkpoint in the batch's transaction.
     *
     * @param b     the batch
     * @param cp    the checkpoint
     * @param epoch the writer's lease epoch, recorded with attempts; {@code null} for a store without leases
     * @throws SQLException         on a database error
     * @throws FencedWriteException if the checkpoint does not match the stored state (stale or duplicate)
     */
    protected final void apply(JdbcBatch b, Checkpoint cp, Long epoch) throws SQLException {
        if (cp instanceof Checkpoint.AttemptStarted s) {
            PreparedStatement a = b.statement(epoch == null
                    ? "INSERT INTO wf_attempt(instance_id, step, kind, attempt, started_at) VALUES (?, ?, ?, ?, ?)"
                    : "INSERT INTO wf_attempt(instance_id, step, kind, attempt, started_at, started_epoch)"
                            + " VALUES (?, ?, ?, ?, ?, ?)");
            a.setString(1, s.instanceId());
            a.setString(2, s.step());
            a.setString(3, s.kind().name());
            a.setInt(4, s.attempt());
            a.setLong(5, s.at().toEpochMilli());
            if (epoch != null) {
                a.setLong(6, epoch);
            }
            a.executeUpdate();
            PreparedStatement st;
            if (s.kind() == AttemptKind.STEP) {
                st = b.statement("INSERT INTO wf_step(instance_id, step, state, attempts, comp_state)"
                        + " VALUES (?, ?, 'RUNNING', ?, 'NONE') ON CONFLICT (instance_id, step) DO UPDATE"
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
                    s.attempt()) + " rejected: the step is already completed or a later attempt started (or, for a"
                    + " compensation, it was never attempted)");
        } else if (cp instanceof Checkpoint.AttemptFinished f) {
            PreparedStatement a = b.statement("UPDATE wf_attempt SET finished_at = ?, outcome = ?, error = ?"
                    + (epoch == null ? "" : ", finished_epoch = ?")
                    + " WHERE instance_id = ? AND step = ? AND kind = ? AND attempt = ? AND finished_at IS NULL");
            int i = 1;
            a.setLong(i++, f.at().toEpochMilli());
            a.setString(i++, outcome(f.newState()));
            a.setString(i++, f.error());
            if (epoch != null) {
                a.setLong(i++, epoch);
            }
            a.setString(i++, f.instanceId());
            a.setString(i++, f.step());
            a.setString(i++, f.kind().name());
            a.setInt(i, f.attempt());
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
                    st.setNull(3, Types.BINARY);
                } else {
                    st.setBytes(3, f.output());
                }
                if (f.selected() == null) {
                    bindNoSelection(st, 4);
                } else {
                    bindSelected(b, st, 4, f.selected());
                }
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
            afterStatusChange(b, s);
        } else if (cp instanceof Checkpoint.CancelRequested r) {
            PreparedStatement ps = b.statement("UPDATE wf_instance SET cancel_requested = TRUE, updated_at = ?"
                    + " WHERE id = ? AND status IN ('RUNNING', 'COMPENSATING')");
            ps.setLong(1, r.at().toEpochMilli());
            ps.setString(2, r.instanceId());
            expectOne(ps.executeUpdate(), () -> "cancellation of instance " + r.instanceId()
                    + " rejected: the instance does not exist or has already ended");
        } else {
            throw new IllegalArgumentException("unknown checkpoint " + cp);
        }
    }

    /**
     * Inserts a new RUNNING instance unless its idempotency key exists.
     *
     * @param b        the batch
     * @param instance the instance
     * @return whether it was inserted ({@code false}: the key exists)
     * @throws SQLException on a database error
     */
    protected static boolean insertInstance(JdbcBatch b, NewInstance instance) throws SQLException {
        PreparedStatement ins = b.statement("INSERT INTO wf_instance(" + JdbcRows.INSTANCE_COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, NULL, ?) ON CONFLICT (idem_key) DO NOTHING");
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
        return ins.executeUpdate() == 1;
    }

    /**
     * Reads the instance of an idempotency key in the batch's transaction.
     *
     * @param b   the batch
     * @param key the key
     * @return the instance
     * @throws SQLException on a database error, or if no instance has that key
     */
    protected static StoredInstance instanceByKey(JdbcBatch b, String key) throws SQLException {
        PreparedStatement sel = b.statement("SELECT " + JdbcRows.INSTANCE_COLUMNS + " FROM wf_instance WHERE idem_key = ?");
        sel.setString(1, key);
        try (ResultSet rs = sel.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("instance with key '" + key + "' vanished");
            }
            return JdbcRows.instance(rs);
        }
    }

    /**
     * Moves {@code updated_at} of each instance an attempt checkpoint touched forward, once per instance.
     *
     * @param b       the batch
     * @param changes the checkpoints just applied
     * @throws SQLException on a database error
     */
    protected static void touchAll(JdbcBatch b, List<Checkpoint> changes) throws SQLException {
        Map<String, Instant> latest = new HashMap<>(2);
        for (Checkpoint cp : changes) {
            Instant at = cp instanceof Checkpoint.AttemptStarted s ? s.at()
                    : cp instanceof Checkpoint.AttemptFinished f ? f.at() : null;
            if (at != null) {
                latest.merge(cp.instanceId(), at, (x, y) -> x.isAfter(y) ? x : y);
            }
        }
        for (Map.Entry<String, Instant> e : latest.entrySet()) {
            PreparedStatement ps = b.statement("UPDATE wf_instance SET updated_at = ? WHERE id = ? AND updated_at < ?");
            ps.setLong(1, e.getValue().toEpochMilli());
            ps.setString(2, e.getKey());
            ps.setLong(3, e.getValue().toEpochMilli());
            ps.executeUpdate();
        }
    }

    /**
     * Binds an instant as epoch milliseconds, or SQL NULL.
     *
     * @param ps    the statement
     * @param index the parameter
     * @param value the instant, or {@code null}
     * @throws SQLException on a database error
     */
    protected static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value.toEpochMilli());
        }
    }

    private static void expectOne(int updated, Supplier<String> message) {
        if (updated != 1) {
            throw new FencedWriteException(message.get());
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

    // ---------------------------------------------------------------- reads

    @Override
    public final Optional<Instant> lastTriggerFire(String trigger) {
        Objects.requireNonNull(trigger, "trigger");
        return read(c -> JdbcRows.lastTriggerFire(c, trigger));
    }

    @Override
    public final Optional<StoredInstance> instance(String id) {
        Objects.requireNonNull(id, "id");
        return read(c -> JdbcRows.instance(c, id));
    }

    @Override
    public final List<StoredInstance> unfinishedInstances() {
        return read(JdbcRows::unfinishedInstances);
    }

    @Override
    public final List<StoredStep> steps(String instanceId) {
        Objects.requireNonNull(instanceId, "instanceId");
        return read(c -> JdbcRows.steps(c, instanceId, selectedColumn()));
    }

    @Override
    public final Optional<byte[]> output(String instanceId, String step) {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(step, "step");
        return read(c -> JdbcRows.output(c, instanceId, step));
    }

    @Override
    public final List<InstanceInfo> query(Query query) {
        Objects.requireNonNull(query, "query");
        return read(c -> JdbcRows.query(c, query));
    }

    @Override
    public final Map<Status, Long> countByStatus(Query query) {
        Objects.requireNonNull(query, "query");
        return read(c -> JdbcRows.countByStatus(c, query));
    }

    @Override
    public final List<StepAttempt> history(String instanceId) {
        Objects.requireNonNull(instanceId, "instanceId");
        return read(c -> JdbcRows.history(c, instanceId));
    }
}
