package dev.foundation.workflow;

import java.time.Instant;
import java.util.Objects;

/**
 * An immutable instance query: every criterion is optional and they combine with AND; results are ordered
 * by creation time, then id, and paged with {@link #offset(int)} and {@link #limit(int)}.
 *
 * <pre>{@code
 * engine.query(Query.status(Status.FAILED).name("fulfil-order").since(yesterday).limit(50));
 * }</pre>
 */
public final class Query {

    /** The default page size. */
    public static final int DEFAULT_LIMIT = 100;

    /** The largest page a query may ask for. */
    public static final int MAX_LIMIT = 10_000;

    private final Status status;
    private final String name;
    private final Instant since;
    private final Instant until;
    private final String idempotencyKey;
    private final int offset;
    private final int limit;

    private Query(Status status, String name, Instant since, Instant until, String idempotencyKey, int offset,
                  int limit) {
        this.status = status;
        this.name = name;
        this.since = since;
        this.until = until;
        this.idempotencyKey = idempotencyKey;
        this.offset = offset;
        this.limit = limit;
    }

    /**
     * A query matching every instance (first page).
     *
     * @return the query
     */
    public static Query all() {
        return new Query(null, null, null, null, null, 0, DEFAULT_LIMIT);
    }

    /**
     * A query for instances with a status.
     *
     * @param status the status
     * @return the query
     */
    public static Query status(Status status) {
        return all().withStatus(status);
    }

    /**
     * A query for the instance started with an idempotency key.
     *
     * @param key the key
     * @return the query
     */
    public static Query idempotencyKey(String key) {
        return all().withIdempotencyKey(key);
    }

    /**
     * Restricts to a status.
     *
     * @param value the status
     * @return a new query
     */
    public Query withStatus(Status value) {
        return new Query(Objects.requireNonNull(value, "status"), name, since, until, idempotencyKey, offset,
                limit);
    }

    /**
     * Restricts to an idempotency key.
     *
     * @param value the key
     * @return a new query
     */
    public Query withIdempotencyKey(String value) {
        return new Query(status, name, since, until, Objects.requireNonNull(value, "idempotencyKey"), offset,
                limit);
    }

    /**
     * Restricts to one workflow definition name.
     *
     * @param value the definition name
     * @return a new query
     */
    public Query name(String value) {
        return new Query(status, Objects.requireNonNull(value, "name"), since, until, idempotencyKey, offset,
                limit);
    }

    /**
     * Restricts to instances created at or after a time.
     *
     * @param value the lower bound, inclusive
     * @return a new query
     */
    public Query since(Instant value) {
        return new Query(status, name, Objects.requireNonNull(value, "since"), until, idempotencyKey, offset,
                limit);
    }

    /**
     * Restricts to instances created before a time.
     *
     * @param value the upper bound, exclusive
     * @return a new query
     */
    public Query until(Instant value) {
        return new Query(status, name, since, Objects.requireNonNull(value, "until"), idempotencyKey, offset,
                limit);
    }

    /**
     * Skips the first matches (paging).
     *
     * @param value how many to skip, {@code >= 0}
     * @return a new query
     * @throws IllegalArgumentException if negative
     */
    public Query offset(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("offset must be >= 0 but was " + value);
        }
        return new Query(status, name, since, until, idempotencyKey, value, limit);
    }

    /**
     * Caps the page size.
     *
     * @param value the page size, in {@code [1, 10000]}
     * @return a new query
     * @throws IllegalArgumentException if out of range
     */
    public Query limit(int value) {
        if (value < 1 || value > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in [1, 10000] but was " + value);
        }
        return new Query(status, name, since, until, idempotencyKey, offset, value);
    }

    /**
     * The query for the page after this one.
     *
     * @return a new query with the offset advanced by the limit
     */
    public Query nextPage() {
        return offset(offset + limit);
    }

    /**
     * The status criterion.
     *
     * @return the status, or {@code null} for any
     */
    public Status status() {
        return status;
    }

    /**
     * The definition name criterion.
     *
     * @return the name, or {@code null} for any
     */
    public String name() {
        return name;
    }

    /**
     * The inclusive lower bound on creation time.
     *
     * @return the bound, or {@code null}
     */
    public Instant since() {
        return since;
    }

    /**
     * The exclusive upper bound on creation time.
     *
     * @return the bound, or {@code null}
     */
    public Instant until() {
        return until;
    }

    /**
     * The idempotency key criterion.
     *
     * @return the key, or {@code null} for any
     */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /**
     * How many matches to skip.
     *
     * @return the offset
     */
    public int offset() {
        return offset;
    }

    /**
     * The page size.
     *
     * @return the limit
     */
    public int limit() {
        return limit;
    }

    @Override
    public String toString() {
        return "Query[status=" + status + ", name=" + name + ", since=" + since + ", until=" + until
                + ", idempotencyKey=" + idempotencyKey + ", offset=" + offset + ", limit=" + limit + "]";
    }
}
