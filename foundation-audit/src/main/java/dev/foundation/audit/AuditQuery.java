package dev.foundation.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * Which records {@link AuditTrail#query(AuditQuery)} returns: a time window and optional exact matches on actor,
 * operation and resource, up to a limit, oldest first. Immutable: every setter returns a new query.
 *
 * <pre>{@code
 * trail.query(AuditQuery.all().actor("alice").from(since).limit(100));
 * }</pre>
 *
 * @param from      the earliest timestamp (inclusive), or {@code null} for the start of the trail
 * @param to        the latest timestamp (exclusive), or {@code null} for now
 * @param actor     the actor, or {@code null} for any
 * @param operation the operation, or {@code null} for any
 * @param resource  the resource, or {@code null} for any
 * @param limit     the most records returned, {@code > 0}
 */
public record AuditQuery(Instant from, Instant to, String actor, String operation, String resource, int limit) {

    /** The default {@link #limit()}. */
    public static final int DEFAULT_LIMIT = 10_000;

    /**
     * Checks the components.
     *
     * @param from      from
     * @param to        to
     * @param actor     actor
     * @param operation operation
     * @param resource  resource
     * @param limit     limit
     */
    public AuditQuery {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0 but was " + limit);
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("to must be at or after from (" + from + ") but was " + to);
        }
    }

    /**
     * Every record (up to {@link #DEFAULT_LIMIT}).
     *
     * @return the query
     */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, DEFAULT_LIMIT);
    }

    /**
     * From a time on.
     *
     * @param time inclusive
     * @return a copy
     */
    public AuditQuery from(Instant time) {
        return new AuditQuery(Objects.requireNonNull(time, "time"), to, actor, operation, resource, limit);
    }

    /**
     * Before a time.
     *
     * @param time exclusive
     * @return a copy
     */
    public AuditQuery to(Instant time) {
        return new AuditQuery(from, Objects.requireNonNull(time, "time"), actor, operation, resource, limit);
    }

    /**
     * Only this actor.
     *
     * @param actor the actor
     * @return a copy
     */
    public AuditQuery actor(String actor) {
        return new AuditQuery(from, to, Objects.requireNonNull(actor, "actor"), operation, resource, limit);
    }

    /**
     * Only this operation.
     *
     * @param operation the operation
     * @return a copy
     */
    public AuditQuery operation(String operation) {
        return new AuditQuery(from, to, actor, Objects.requireNonNull(operation, "operation"), resource, limit);
    }

    /**
     * Only this resource.
     *
     * @param resource the resource
     * @return a copy
     */
    public AuditQuery resource(String resource) {
        return new AuditQuery(from, to, actor, operation, Objects.requireNonNull(resource, "resource"), limit);
    }

    /**
     * At most this many records.
     *
     * @param max {@code > 0}
     * @return a copy
     */
    public AuditQuery limit(int max) {
        return new AuditQuery(from, to, actor, operation, resource, max);
    }

    /**
     * Whether a record matches.
     *
     * @param r the record
     * @return {@code true} if it matches every criterion
     */
    public boolean matches(AuditRecord r) {
        return (from == null || !r.timestamp().isBefore(from)) && (to == null || r.timestamp().isBefore(to))
                && (actor == null || actor.equals(r.actor())) && (operation == null || operation.equals(r.operation()))
                && (resource == null || resource.equals(r.resource()));
    }
}
