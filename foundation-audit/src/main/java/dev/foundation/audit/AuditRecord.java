package dev.foundation.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One audited operation as stored in a trail: who did what to which resource, when, with what outcome.
 *
 * @param sequence   the record's position in the chain (its offset in the trail's stream), from 0
 * @param timestamp  when it was recorded (never before the previous record's timestamp)
 * @param actor      who acted (a user, service or identity)
 * @param operation  what was done ({@code "read"}, {@code "config.change"}, ...)
 * @param resource   what it was done to ({@code "orders/42"}, ...)
 * @param outcome    how it ended
 * @param attributes further context, sorted by key (never secrets: mask them before recording)
 * @param hash       the SHA-256 of the stored record, in lower-case hex: the next record's previous hash
 */
public record AuditRecord(long sequence, Instant timestamp, String actor, String operation, String resource,
                          Outcome outcome, Map<String, String> attributes, String hash) {

    /**
     * Checks the components and copies the attributes into an unmodifiable sorted map.
     *
     * @param sequence   the sequence
     * @param timestamp  the time
     * @param actor      the actor
     * @param operation  the operation
     * @param resource   the resource
     * @param outcome    the outcome
     * @param attributes the attributes
     * @param hash       the record's hash
     */
    public AuditRecord {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0 but was " + sequence);
        }
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(hash, "hash");
        attributes = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(attributes, "attributes")));
    }
}
