package dev.foundation.workflow.spi.jdbc;

import dev.foundation.workflow.InstanceInfo;
import dev.foundation.workflow.Query;
import dev.foundation.workflow.Status;
import dev.foundation.workflow.StepAttempt;
import dev.foundation.workflow.spi.AttemptKind;
import dev.foundation.workflow.spi.StepState;
import dev.foundation.workflow.spi.StoredInstance;
import dev.foundation.workflow.spi.StoredStep;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read side JDBC stores share (SQLite and PostgreSQL use the same tables and column types for these reads:
 * times as epoch milliseconds, statuses as names): row mapping, instance queries and attempt history. A store
 * on another database with the same tables ({@code wf_instance}, {@code wf_step}, {@code wf_attempt},
 * {@code wf_trigger}) can use it as it is.
 */
public final class JdbcRows {

    /** The columns {@link #instance(ResultSet)} reads, in order. */
    public static final String INSTANCE_COLUMNS = "id, workflow, version, idem_key, status, input, created_at,"
            + " updated_at, deadline, cancel_requested, error, fingerprint";

    private JdbcRows() {
    }

    /** Maps a row selected with {@link #INSTANCE_COLUMNS}. */
    public static StoredInstance instance(ResultSet rs) throws SQLException {
        return new StoredInstance(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                Status.valueOf(rs.getString(5)), rs.getBytes(6), Instant.ofEpochMilli(rs.getLong(7)),
                Instant.ofEpochMilli(rs.getLong(8)), instant(rs, 9), rs.getBoolean(10), rs.getString(11),
                rs.getString(12));
    }

    /** An epoch-millisecond column that may be NULL. */
    public static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    /** Instances matching {@code query}, ordered by creation time then id, one page. */
    public static List<InstanceInfo> query(Connection c, Query query) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + INSTANCE_COLUMNS + " FROM wf_instance")
                .append(where(query, args)).append(" ORDER BY created_at, id LIMIT ? OFFSET ?");
        args.add((long) query.limit());
        args.add((long) query.offset());
        try (PreparedStatement ps = prepare(c, sql.toString(), args)) {
            List<InstanceInfo> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredInstance s = instance(rs);
                    out.add(new InstanceInfo(s.id(), s.workflow(), s.version(), s.idempotencyKey(), s.status(),
                            s.createdAt(), s.updatedAt(), s.error()));
                }
            }
            return out;
        }
    }

    /** Instances matching the query's filters, counted per status by the database. */
    public static Map<Status, Long> countByStatus(Connection c, Query query) throws SQLException {
        List<Object> args = new ArrayList<>();
        String sql = "SELECT status, COUNT(*) FROM wf_instance" + where(query, args) + " GROUP BY status";
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            Map<Status, Long> out = new EnumMap<>(Status.class);
            while (rs.next()) {
                out.put(Status.valueOf(rs.getString(1)), rs.getLong(2));
            }
            return out;
        }
    }

    private static String where(Query query, List<Object> args) {
        StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
        if (query.status() != null) {
            sql.append(" AND status = ?");
            args.add(query.status().name());
        }
        if (query.name() != null) {
            sql.append(" AND workflow = ?");
            args.add(query.name());
        }
        if (query.idempotencyKey() != null) {
            sql.append(" AND idem_key = ?");
            args.add(query.idempotencyKey());
        }
        if (query.since() != null) {
            sql.append(" AND created_at >= ?");
            args.add(query.since().toEpochMilli());
        }
        if (query.until() != null) {
            sql.append(" AND created_at < ?");
            args.add(query.until().toEpochMilli());
        }
        return sql.toString();
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    /** Every step and compensation attempt of one instance, in the order they were recorded. */
    public static List<StepAttempt> history(Connection c, String instanceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT step, kind, attempt, started_at, finished_at,"
                + " outcome, error FROM wf_attempt WHERE instance_id = ? ORDER BY seq")) {
            ps.setString(1, instanceId);
            List<StepAttempt> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StepAttempt(instanceId, rs.getString(1), AttemptKind.valueOf(rs.getString(2)),
                            rs.getInt(3), Instant.ofEpochMilli(rs.getLong(4)), instant(rs, 5), rs.getString(6),
                            rs.getString(7)));
                }
            }
            return out;
        }
    }

    /** Reads the {@code selected} column of {@code wf_step}, whose type differs between the stores. */
    @FunctionalInterface
    public interface SelectedColumn {
        /**
         * Reads the column.
         *
         * @param rs     the row
         * @param column the column index
         * @return the selected branch names, or {@code null}
         * @throws SQLException if the read fails
         */
        List<String> read(ResultSet rs, int column) throws SQLException;
    }

    /** The last recorded fire time of a schedule trigger. */
    public static Optional<Instant> lastTriggerFire(Connection c, String trigger) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_fire FROM wf_trigger WHERE name = ?")) {
            ps.setString(1, trigger);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.empty();
            }
        }
    }

    /** One instance by id. */
    public static Optional<StoredInstance> instance(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + INSTANCE_COLUMNS + " FROM wf_instance WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(instance(rs)) : Optional.empty();
            }
        }
    }

    /** Every instance that has not ended, oldest first. */
    public static List<StoredInstance> unfinishedInstances(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + INSTANCE_COLUMNS + " FROM wf_instance"
                + " WHERE status IN ('RUNNING', 'COMPENSATING') ORDER BY created_at, id")) {
            List<StoredInstance> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(instance(rs));
                }
            }
            return out;
        }
    }

    /** The output of one completed step. */
    public static Optional<byte[]> output(Connection c, String instanceId, String step) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT output FROM wf_step WHERE instance_id = ? AND step = ?"
                + " AND state = 'COMPLETED'")) {
            ps.setString(1, instanceId);
            ps.setString(2, step);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    /** The durable step states of one instance, without outputs. */
    public static List<StoredStep> steps(Connection c, String instanceId, SelectedColumn selected) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT step, state, attempts, due_at,"
                + " CASE WHEN output IS NULL THEN 0 ELSE 1 END, selected,"
                + " completion_seq, error, comp_state, comp_attempts, comp_due_at, comp_error FROM wf_step"
                + " WHERE instance_id = ?")) {
            ps.setString(1, instanceId);
            List<StoredStep> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredStep(rs.getString(1), StepState.valueOf(rs.getString(2)), rs.getInt(3),
                            instant(rs, 4), rs.getInt(5) == 1, selected.read(rs, 6), rs.getLong(7), rs.getString(8),
                            StepState.valueOf(rs.getString(9)), rs.getInt(10), instant(rs, 11), rs.getString(12)));
                }
            }
            return out;
        }
    }
}
