package dev.foundation.audit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foundation.audit.AuditException;
import dev.foundation.audit.AuditQuery;
import dev.foundation.audit.AuditRecord;
import dev.foundation.audit.AuditTrail;
import dev.foundation.audit.ChainHead;
import dev.foundation.audit.ExportFormat;
import dev.foundation.audit.Keyring;
import dev.foundation.audit.Outcome;
import dev.foundation.audit.VerificationReport;
import dev.foundation.core.Codecs;
import dev.foundation.events.EventStream;
import dev.foundation.events.EventStreams;
import dev.foundation.events.FsyncPolicy;
import dev.foundation.events.Persistence;
import dev.foundation.events.Receipt;
import dev.foundation.events.StreamSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AuditTrail} over a one-partition durable stream of {@link RecordFormat} records. A recorder encodes its
 * record, queues it and returns; whichever thread holds the append lock (flat combining: recorders never wait for
 * one another) fills in sequence, timestamp and previous hash, hashes and hands the queued records to the stream,
 * whose group commit then forces many of them with one {@code fsync}. The log's order is the chain's order.
 */
public final class AuditTrailImpl implements AuditTrail {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrailImpl.class);
    private static final int MAX_ATTRIBUTES = RecordFormat.MAX_ATTRIBUTES;

    private final String name;
    private final Keyring keyring;
    private final int checkpointEvery;
    private final long checkpointBytes;
    private final Clock clock;
    private final Duration readTimeout;
    private final String location;
    private final EventStreams streams;
    private final EventStream<byte[]> stream;
    private final AuditIndex index = new AuditIndex();
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<Throwable> failed = new AtomicReference<>();
    private final AtomicReference<ChainHead> durableHead = new AtomicReference<>();

    /**
     * Completions of the futures handed to the application that fell due while this thread held the append lock
     * (a record or checkpoint refused at once); run by {@link #unlock()} once the lock is released, because
     * completing a future runs the application's dependent stages. Guarded by appendLock.
     */
    private final List<Runnable> dueAfterUnlock = new ArrayList<>();

    // the chain's tip, guarded by appendLock
    private long nextSequence;
    private byte[] lastHash = RecordFormat.GENESIS;
    private Instant lastTimestamp = Instant.EPOCH;
    private int sinceCheckpoint;
    private long bytesSinceCheckpoint;

    private final Map<Outcome, Counter> recorded = new EnumMap<>(Outcome.class);
    private final Counter checkpoints;
    private final Counter failures;
    private final MeterRegistry meters;

    /**
     * Opens a trail (see {@link AuditTrail.Builder}).
     *
     * @param directory       base directory
     * @param name            the name
     * @param keyring         the signing keys
     * @param checkpointEvery records between checkpoints
     * @param segmentSize     the segment size
     * @param retentionAge    retention by age or null
     * @param retentionBytes  retention by size or <= 0
     * @param clock           the clock
     * @param meterRegistry   meters or null
     * @param readTimeout     read timeout
     */
    public AuditTrailImpl(Path directory, String name, Keyring keyring, int checkpointEvery, long segmentSize,
                          Duration retentionAge, long retentionBytes, Clock clock, MeterRegistry meterRegistry,
                          Duration readTimeout) {
        this.name = name;
        this.keyring = keyring;
        this.checkpointEvery = checkpointEvery;
        this.checkpointBytes = Math.max(1024, segmentSize / 4);
        this.clock = clock;
        this.readTimeout = readTimeout;
        this.location = directory.resolve(name).resolve("0").toString();
        // without an application registry, an empty composite: its meters do nothing (Micrometer's no-op idiom)
        this.meters = meterRegistry != null ? meterRegistry : new CompositeMeterRegistry();
        for (Outcome o : Outcome.values()) {
            recorded.put(o, Counter.builder("foundation.audit.records")
                    .description("audit records stored").tag("trail", name).tag("outcome", o.name().toLowerCase(java.util.Locale.ROOT))
                    .register(meters));
        }
        this.checkpoints = Counter.builder("foundation.audit.checkpoints")
                .description("signed checkpoints stored").tag("trail", name).register(meters);
        this.failures = Counter.builder("foundation.audit.record.failures")
                .description("records that could not be stored").tag("trail", name).register(meters);
        EventStreams.Builder b = EventStreams.builder().clock(clock);
        if (meterRegistry != null) {
            b.meterRegistry(meterRegistry);
        }
        this.streams = b.build();
        try {
            this.stream = streams.create(name, spec(directory, segmentSize, retentionAge, retentionBytes));
            recover();
        } catch (RuntimeException | Error e) {
            streams.close();
            throw e;
        }
    }

    /**
     * The spec of a trail's stream: one partition of raw records, group commit.
     *
     * @param directory      base directory
     * @param segmentSize    segment size
     * @param retentionAge   age or null
     * @param retentionBytes bytes or <= 0
     * @return the spec
     */
    public static StreamSpec<byte[]> spec(Path directory, long segmentSize, Duration retentionAge, long retentionBytes) {
        Persistence p = Persistence.disk(directory).fsync(FsyncPolicy.GROUP_COMMIT).segmentSize(segmentSize);
        if (retentionAge != null || retentionBytes > 0) {
            p = p.retention(retentionAge, retentionBytes);
        }
        return StreamSpec.of(byte[].class).codec(Codecs.bytes()).partitions(1).persistence(p);
    }

    private void recover() {
        long start = stream.stats().startOffsets().get(0);
        long end = stream.stats().endOffsets().get(0);
        nextSequence = end;
        if (start > 0 && start == end) {
            LOG.warn("audit trail '{}': retention left no record; the chain resumes unanchored until the next checkpoint",
                    name);
        }
        boolean[] warned = new boolean[1];
        Replay.read(stream, start, readTimeout, e -> {
            byte[] v = e.value();
            long nanos;
            try {
                RecordFormat.Parsed p = RecordFormat.parse(v);
                lastTimestamp = p.timestamp();
                nanos = nanos(p.timestamp());
                if (p.type() == RecordFormat.CHECKPOINT) {
                    sinceCheckpoint = 0;
                    bytesSinceCheckpoint = 0;
                    index.add(e.offset(), nanos, null, null, null);
                } else {
                    sinceCheckpoint++;
                    bytesSinceCheckpoint += v.length;
                    index.add(e.offset(), nanos, p.actor(), p.operation(), p.resource());
                }
            } catch (RecordFormat.MalformedRecordException ex) {
                if (!warned[0]) {
                    warned[0] = true;
                    LOG.warn("audit trail '{}': record at offset {} is malformed ({}); verify() reports it", name,
                            e.offset(), ex.getMessage());
                }
                index.add(e.offset(), nanos(lastTimestamp), null, null, null);
            }
            lastHash = RecordFormat.sha256(v);
            nextSequence = e.offset() + 1;
            return e.offset() + 1 < end;
        });
        if (nextSequence > 0 && end > start) {
            durableHead.set(new ChainHead(nextSequence - 1, RecordFormat.hex(lastHash)));
        }
        LOG.debug("audit trail '{}' opened at {}: offsets {}..{}", name, location, start, end);
    }

    private static long nanos(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<AuditRecord> record(String actor, String operation, String resource, Outcome outcome,
                                               Map<String, String> attributes) {
        requireText(actor, "actor");
        requireText(operation, "operation");
        requireText(resource, "resource");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(attributes, "attributes");
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new IllegalArgumentException("attributes must have at most " + MAX_ATTRIBUTES + " entries but had "
                    + attributes.size());
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        attributes.forEach((k, v) -> attrs.put(Objects.requireNonNull(k, "attribute key"),
                Objects.requireNonNull(v, "attribute '" + k + "'")));
        requireUsable();
        // encoded outside the lock; the appender fills in sequence, timestamp and previous hash
        byte[] bytes = RecordFormat.encodeEntry(0, Instant.EPOCH, RecordFormat.GENESIS, actor, operation, resource,
                outcome, attrs);
        Pending p = new Pending(bytes, actor, operation, resource, outcome, attrs);
        pending.add(p);
        drain();
        return p.result;
    }

    /** A record waiting for the appender. */
    private static final class Pending {
        final byte[] bytes;
        final String actor;
        final String operation;
        final String resource;
        final Outcome outcome;
        final Map<String, String> attributes;
        final CompletableFuture<AuditRecord> result = new CompletableFuture<>();

        Pending(byte[] bytes, String actor, String operation, String resource, Outcome outcome,
                Map<String, String> attributes) {
            this.bytes = bytes;
            this.actor = actor;
            this.operation = operation;
            this.resource = resource;
            this.outcome = outcome;
            this.attributes = attributes;
        }
    }

    /**
     * Appends what is queued if no other thread is doing it (flat combining): recorders never wait for one
     * another, whichever holds the lock chains and hands over the records queued meanwhile.
     */
    private void drain() {
        while (!pending.isEmpty() && appendLock.tryLock()) {
            try {
                drainLocked(false);
            } finally {
                unlock();
            }
        }
    }

    /** Completes {@code completion}'s future now, or after the append lock is released if this thread holds it. */
    private void complete(Runnable completion) {
        if (appendLock.isHeldByCurrentThread()) {
            dueAfterUnlock.add(completion);
        } else {
            completion.run();
        }
    }

    /** Releases the append lock, then completes the futures that fell due while it was held. */
    private void unlock() {
        List<Runnable> due = dueAfterUnlock.isEmpty() ? List.of() : new ArrayList<>(dueAfterUnlock);
        dueAfterUnlock.clear();
        appendLock.unlock();
        if (appendLock.isHeldByCurrentThread()) {
            dueAfterUnlock.addAll(due); // still held (reentered): the outer unlock completes them
            return;
        }
        for (Runnable r : due) {
            r.run();
        }
    }

    private void drainLocked(boolean closing) {
        for (int n = 0; n < 4096; n++) {
            Pending p = pending.poll();
            if (p == null) {
                return;
            }
            appendLocked(p, closing);
        }
    }

    private void appendLocked(Pending p, boolean closing) {
        try {
            if (!closing || failed.get() != null) {
                requireUsable();
            }
            Instant ts = now();
            long seq = nextSequence;
            RecordFormat.seal(p.bytes, seq, ts, lastHash);
            byte[] hash = RecordFormat.sha256(p.bytes);
            CompletionStage<Receipt> receipt = stream.publish(p.bytes);
            index.add(seq, nanos(ts), p.actor, p.operation, p.resource);
            advance(seq, hash, ts, p.bytes.length, false);
            receipt.whenComplete((r, error) -> {
                AuditException refused = acknowledged(seq, r, error);
                if (refused != null) {
                    complete(() -> p.result.completeExceptionally(refused));
                    return;
                }
                recorded.get(p.outcome).increment();
                ChainHead head = new ChainHead(seq, RecordFormat.hex(hash));
                durableHead.accumulateAndGet(head, (a, b) -> a == null || b.sequence() > a.sequence() ? b : a);
                AuditRecord stored = new AuditRecord(seq, ts, p.actor, p.operation, p.resource, p.outcome,
                        p.attributes, head.hash());
                complete(() -> p.result.complete(stored));
            });
            if (sinceCheckpoint >= checkpointEvery || bytesSinceCheckpoint >= checkpointBytes) {
                checkpointLocked();
            }
        } catch (RuntimeException e) {
            complete(() -> p.result.completeExceptionally(e));
        }
    }

    @Override
    public CompletionStage<ChainHead> checkpoint() {
        requireUsable();
        CompletableFuture<ChainHead> result;
        appendLock.lock();
        try {
            drainLocked(false);
            requireUsable();
            result = checkpointLocked();
        } finally {
            unlock();
        }
        drain();
        return result;
    }

    private CompletableFuture<ChainHead> checkpointLocked() {
        Instant ts = now();
        long seq = nextSequence;
        byte[] bytes = RecordFormat.encodeCheckpoint(seq, ts, lastHash, keyring);
        byte[] hash = RecordFormat.sha256(bytes);
        CompletionStage<Receipt> receipt = stream.publish(bytes);
        index.add(seq, nanos(ts), null, null, null);
        advance(seq, hash, ts, bytes.length, true);
        CompletableFuture<ChainHead> result = new CompletableFuture<>();
        receipt.whenComplete((r, error) -> {
            AuditException refused = acknowledged(seq, r, error);
            if (refused != null) {
                complete(() -> result.completeExceptionally(refused));
                return;
            }
            ChainHead head = new ChainHead(seq, RecordFormat.hex(hash));
            durableHead.accumulateAndGet(head, (a, b) -> a == null || b.sequence() > a.sequence() ? b : a);
            checkpoints.increment();
            index.dropBefore(stream.stats().startOffsets().get(0));
            complete(() -> result.complete(head));
        });
        return result;
    }

    private void advance(long seq, byte[] hash, Instant ts, int length, boolean checkpoint) {
        nextSequence = seq + 1;
        lastHash = hash;
        lastTimestamp = ts;
        if (checkpoint) {
            sinceCheckpoint = 0;
            bytesSinceCheckpoint = 0;
        } else {
            sinceCheckpoint++;
            bytesSinceCheckpoint += length;
        }
    }

    /**
     * Handles a receipt: null if the record is stored where the chain expects, else the exception to fail its
     * future with (the trail then refuses records). The caller completes the future, outside the append lock.
     */
    private AuditException acknowledged(long seq, Receipt r, Throwable error) {
        Throwable cause = error;
        if (cause == null && r.offset() != seq) {
            cause = new IllegalStateException("record " + seq + " was stored at offset " + r.offset());
        }
        if (cause == null) {
            return null;
        }
        failed.compareAndSet(null, cause);
        failures.increment();
        LOG.error("audit trail '{}' could not store record {}; it refuses records until reopened", name, seq, cause);
        return new AuditException("audit trail '" + name + "' could not store record " + seq + " ("
                + cause.getMessage() + "); the trail refuses records until it is reopened", cause);
    }

    private Instant now() {
        Instant t = clock.instant();
        return t.isBefore(lastTimestamp) ? lastTimestamp : t;
    }

    private void requireUsable() {
        if (closed.get()) {
            throw new IllegalStateException("audit trail '" + name + "' is closed");
        }
        Throwable t = failed.get();
        if (t != null) {
            throw new AuditException("audit trail '" + name + "' failed to store a record (" + t.getMessage()
                    + "): close it and open it again to resume the chain from the last stored record", t);
        }
    }

    private static void requireText(String value, String param) {
        Objects.requireNonNull(value, param);
        if (value.isBlank()) {
            throw new IllegalArgumentException(param + " must not be blank but was '" + value + "'");
        }
    }

    @Override
    public ChainHead head() {
        return durableHead.get();
    }

    @Override
    public VerificationReport verify() {
        return verify(null);
    }

    @Override
    public VerificationReport verify(ChainHead anchor) {
        requireOpen();
        ChainVerifier v = new ChainVerifier(keyring, location, anchor);
        Replay.read(stream, stream.stats().startOffsets().get(0), readTimeout, e -> v.accept(e.offset(), e.value()));
        VerificationReport report = v.finish();
        meters.counter("foundation.audit.verifications", "trail", name, "result",
                report.intact() ? "intact" : "broken").increment();
        if (!report.intact()) {
            LOG.warn("audit trail '{}' verification found a broken link: {}", name, report.brokenLink());
        }
        return report;
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("audit trail '" + name + "' is closed");
        }
    }

    @Override
    public List<AuditRecord> query(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        List<AuditRecord> out = new ArrayList<>();
        scan(query, r -> out.add(r));
        return out;
    }

    /** Reads the records a query's plan covers and feeds the matches, up to the limit. */
    private void scan(AuditQuery q, Consumer<AuditRecord> sink) {
        requireOpen();
        AuditIndex.Plan plan = index.plan(q.from() == null ? Long.MIN_VALUE : nanos(q.from()),
                q.to() == null ? Long.MAX_VALUE : nanos(q.to()), q.actor(), q.operation(), q.resource());
        if (plan.empty()) {
            return;
        }
        int[] count = new int[1];
        Replay.read(stream, plan.from(), readTimeout, e -> {
            if (e.offset() >= plan.to()) {
                return false;
            }
            if (plan.only() != null && Arrays.binarySearch(plan.only(), e.offset()) < 0) {
                return true;
            }
            AuditRecord r = toRecord(e.value());
            if (r != null && q.matches(r)) {
                sink.accept(r);
                count[0]++;
            }
            return count[0] < q.limit();
        });
    }

    private AuditRecord toRecord(byte[] stored) {
        try {
            RecordFormat.Parsed p = RecordFormat.parse(stored);
            if (p.type() != RecordFormat.ENTRY) {
                return null;
            }
            return new AuditRecord(p.sequence(), p.timestamp(), p.actor(), p.operation(), p.resource(), p.outcome(),
                    p.attributes(), RecordFormat.hex(p.hash()));
        } catch (RecordFormat.MalformedRecordException e) {
            return null;
        }
    }

    @Override
    public long export(Instant from, Instant to, ExportFormat format, Writer out) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(out, "out");
        ObjectMapper json = Codecs.defaultObjectMapper();
        long[] n = new long[1];
        try {
            if (format == ExportFormat.CSV) {
                out.write("sequence,timestamp,actor,operation,resource,outcome,attributes,hash\r\n");
            }
            scan(new AuditQuery(from, to, null, null, null, Integer.MAX_VALUE), r -> {
                try {
                    out.write(format == ExportFormat.CSV ? csv(r, json) : jsonLine(r, json));
                    n[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            out.flush();
        } catch (IOException | UncheckedIOException e) {
            throw new AuditException("exporting audit trail '" + name + "' from " + from + " to " + to + " failed after "
                    + n[0] + " records: " + e.getMessage(), e);
        }
        return n[0];
    }

    private static String jsonLine(AuditRecord r, ObjectMapper json) throws JsonProcessingException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence", r.sequence());
        m.put("timestamp", r.timestamp().toString());
        m.put("actor", r.actor());
        m.put("operation", r.operation());
        m.put("resource", r.resource());
        m.put("outcome", r.outcome().name());
        m.put("attributes", r.attributes());
        m.put("hash", r.hash());
        return json.writeValueAsString(m) + "\n";
    }

    private static String csv(AuditRecord r, ObjectMapper json) throws JsonProcessingException {
        return String.join(",", Long.toString(r.sequence()), r.timestamp().toString(), csvField(r.actor()),
                csvField(r.operation()), csvField(r.resource()), r.outcome().name(),
                csvField(json.writeValueAsString(r.attributes())), r.hash()) + "\r\n";
    }

    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<ChainHead> last = null;
        appendLock.lock();
        try {
            // records accepted before close are still appended, then sealed
            while (!pending.isEmpty()) {
                drainLocked(true);
            }
            if (sinceCheckpoint > 0 && failed.get() == null) {
                try {
                    last = checkpointLocked();
                } catch (RuntimeException e) {
                    LOG.warn("audit trail '{}': the closing checkpoint could not be appended", name, e);
                }
            }
        } finally {
            unlock();
        }
        try {
            if (last != null) {
                last.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("audit trail '{}': the closing checkpoint was not stored", name, e);
        } finally {
            streams.close();
        }
    }

    @Override
    public String toString() {
        return "AuditTrail[" + name + " at " + location + ", head " + durableHead.get() + "]";
    }
}
