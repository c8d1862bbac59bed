package dev.foundation.audit;

import dev.foundation.audit.internal.AuditTrailImpl;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * A tamper-evident audit trail: records appended to a durable foundation-events stream (group commit: one
 * {@code fsync} for many concurrent records), each carrying the SHA-256 of the record before it (a hash
 * chain), with checkpoints signed by HMAC-SHA256 under a key id every {@link Builder#checkpointEvery(int)}
 * records. {@link #verify()} walks the chain and reports the first broken link.
 *
 * <pre>{@code
 * try (AuditTrail trail = AuditTrail.builder(Path.of("data/audit")).keyring(keys).build()) {
 *     trail.record("alice", "orders.read", "orders/42", Outcome.SUCCESS, Map.of("ip", "10.0.0.7"))
 *          .toCompletableFuture().join();          // durable once this completes
 *     VerificationReport report = trail.verify();
 * }
 * }</pre>
 *
 * <p>The chain is one total order (the stream has one partition), so a record's sequence is its offset in the
 * stream. Thread-safe.
 */
public interface AuditTrail extends AutoCloseable {

    /**
     * A builder for a trail kept under a directory ({@code <directory>/<name>/0} holds its segment files).
     *
     * @param directory the base directory (created if missing)
     * @return a builder
     */
    static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /**
     * The trail's name (its stream's name).
     *
     * @return the name
     */
    String name();

    /**
     * Appends a record. The stage completes once the record is forced to disk (group commit), with the record
     * as stored; or exceptionally with {@link AuditException} if it could not be stored, after which the trail
     * refuses records until it is reopened (its chain on disk then resumes from the last stored record).
     *
     * <p>The stage is completed with none of the trail's locks held, so its dependent stages may call back into
     * the trail (record, checkpoint, query) or wait for a thread that does. It is usually completed on the
     * store's writer thread, which dependent stages that block or take time must not hold up: use the
     * {@code *Async} variants for those.
     *
     * @param actor      who acted, not blank
     * @param operation  what was done, not blank
     * @param resource   what it was done to, not blank
     * @param outcome    how it ended
     * @param attributes context (mask secrets first), at most 256 entries
     * @return the stored record
     * @throws IllegalArgumentException if an argument is blank or too long (64 KiB of UTF-8 per field)
     * @throws IllegalStateException    if the trail is closed
     * @throws AuditException           if the trail failed earlier
     */
    CompletionStage<AuditRecord> record(String actor, String operation, String resource, Outcome outcome,
                                        Map<String, String> attributes);

    /**
     * Appends a record without attributes: see {@link #record(String, String, String, Outcome, Map)}.
     *
     * @param actor     who acted
     * @param operation what was done
     * @param resource  what it was done to
     * @param outcome   how it ended
     * @return the stored record
     */
    default CompletionStage<AuditRecord> record(String actor, String operation, String resource, Outcome outcome) {
        return record(actor, operation, resource, outcome, Map.of());
    }

    /**
     * Appends a signed checkpoint now (one is also appended every {@link Builder#checkpointEvery(int)} records,
     * and on {@link #close()}). The stage is completed as the one of {@link #record(String, String, String,
     * Outcome, Map)} is: with none of the trail's locks held.
     *
     * @return the checkpoint's head, once durable
     */
    CompletionStage<ChainHead> checkpoint();

    /**
     * The last durable record: save it elsewhere to detect later truncation with {@link #verify(ChainHead)}.
     *
     * @return the head, or {@code null} if the trail is empty
     */
    ChainHead head();

    /**
     * Walks the retained chain (see {@link VerificationReport}).
     *
     * @return the report
     * @throws AuditException if the trail cannot be read within {@link Builder#readTimeout(Duration)}
     */
    VerificationReport verify();

    /**
     * Walks the retained chain and also checks it reaches the anchor with the same hash (which detects records
     * removed from the end).
     *
     * @param anchor a head saved earlier
     * @return the report
     */
    VerificationReport verify(ChainHead anchor);

    /**
     * The records matching a query, oldest first. The trail keeps an in-memory index (timestamps per offset,
     * offsets per actor, operation and resource) so a query reads only the span of the log its matches lie in.
     *
     * @param query the query
     * @return the records (checkpoints are not returned)
     */
    List<AuditRecord> query(AuditQuery query);

    /**
     * Writes the records of a time window as a report.
     *
     * @param from   inclusive
     * @param to     exclusive
     * @param format JSON Lines or CSV
     * @param out    where to write (not closed)
     * @return the number of records written
     * @throws AuditException if writing fails
     */
    long export(Instant from, Instant to, ExportFormat format, Writer out);

    /**
     * Appends a final checkpoint if records came after the last one, then closes the stream. Idempotent.
     */
    @Override
    void close();

    /** Builds an {@link AuditTrail}. */
    final class Builder {
        /** Default checkpoint interval, in records. */
        public static final int DEFAULT_CHECKPOINT_EVERY = 1000;
        /** Default segment size: 64 MiB. */
        public static final long DEFAULT_SEGMENT_SIZE = 64L << 20;
        /** Default read timeout. */
        public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(2);

        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

        private final Path directory;
        private String name = "audit";
        private Keyring keyring;
        private int checkpointEvery = DEFAULT_CHECKPOINT_EVERY;
        private long segmentSize = DEFAULT_SEGMENT_SIZE;
        private Duration retentionAge;
        private long retentionBytes;
        private Clock clock = Clock.systemUTC();
        private MeterRegistry meterRegistry;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /**
         * The trail's name (default {@code audit}).
         *
         * @param name letters, digits, {@code . _ -}, 1 to 200 characters
         * @return this builder
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("name must be 1 to 200 of A-Z a-z 0-9 . _ - but was '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /**
         * The keys that sign checkpoints (required): the current key signs new ones; verification needs every key
         * id found in the retained checkpoints.
         *
         * @param keyring the keyring
         * @return this builder
         */
        public Builder keyring(Keyring keyring) {
            this.keyring = Objects.requireNonNull(keyring, "keyring");
            return this;
        }

        /**
         * A signed checkpoint every this many records (default {@value #DEFAULT_CHECKPOINT_EVERY}); one also
         * follows every quarter of a segment of records, so each retained segment holds a checkpoint.
         *
         * @param records {@code >= 1}
         * @return this builder
         */
        public Builder checkpointEvery(int records) {
            if (records < 1) {
                throw new IllegalArgumentException("checkpointEvery must be >= 1 but was " + records);
            }
            this.checkpointEvery = records;
            return this;
        }

        /**
         * The segment size of the stream (default 64 MiB).
         *
         * @param bytes {@code >= 4096}
         * @return this builder
         */
        public Builder segmentSize(long bytes) {
            if (bytes < 4096) {
                throw new IllegalArgumentException("segmentSize must be >= 4096 but was " + bytes);
            }
            this.segmentSize = bytes;
            return this;
        }

        /**
         * Retention: whole closed segments older than {@code maxAge} or beyond {@code maxBytes} are deleted (see
         * {@link dev.foundation.events.Persistence#retention(Duration, long)}); the chain stays verifiable from
         * the oldest retained checkpoint.
         *
         * @param maxAge   the longest age, or {@code null} to keep by age
         * @param maxBytes the largest size, or {@code <= 0} to keep by size
         * @return this builder
         */
        public Builder retention(Duration maxAge, long maxBytes) {
            if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
                throw new IllegalArgumentException("retention maxAge must be > 0 or null but was " + maxAge);
            }
            this.retentionAge = maxAge;
            this.retentionBytes = maxBytes;
            return this;
        }

        /**
         * The clock that timestamps records (default UTC system clock). Timestamps never go backwards in a trail:
         * a clock that steps back yields the previous record's timestamp.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where to register meters (default: none).
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * The longest a read of the log (open, verify, query, export) may take (default 2 minutes).
         *
         * @param timeout {@code > 0}
         * @return this builder
         */
        public Builder readTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("readTimeout must be > 0 but was " + timeout);
            }
            this.readTimeout = timeout;
            return this;
        }

        /**
         * Opens the trail: recovers its stream, reads it once to rebuild the index and the chain's head.
         *
         * @return the trail
         * @throws IllegalStateException if no keyring was given
         * @throws dev.foundation.events.EventStorageException if the directory cannot be opened (locked by another
         *                                                     process, corrupt)
         */
        public AuditTrail build() {
            if (keyring == null) {
                throw new IllegalStateException("an audit trail needs a keyring to sign its checkpoints: call keyring(...)");
            }
            return new AuditTrailImpl(directory, name, keyring, checkpointEvery, segmentSize, retentionAge,
                    retentionBytes, clock, meterRegistry, readTimeout);
        }
    }
}
