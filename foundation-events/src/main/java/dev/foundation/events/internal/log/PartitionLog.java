package dev.foundation.events.internal.log;

import dev.foundation.events.CorruptedLogException;
import dev.foundation.events.EventStorageException;
import dev.foundation.events.FileChannelOpener;
import dev.foundation.events.FsyncPolicy;
import dev.foundation.events.StreamLockedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable log of one partition: a directory of append-only segment files named by their base offset, each
 * with a sparse offset index, written by one dedicated writer thread with group commit.
 *
 * <h2>Writing</h2>
 * {@link #append} queues the record and returns a future. The writer thread drains the queue in batches,
 * assigns gap-free offsets, frames the records (see {@link LogFormat}), writes each batch with positional
 * writes and, for {@link FsyncPolicy#GROUP_COMMIT}, forces once per batch: appends that arrive while a force is
 * running share the next one. Futures complete on the writer thread, so dependent stages that block or take
 * time must use the {@code *Async} variants. A segment is rolled when the next record does not fit in
 * {@link LogConfig#segmentBytes()}; whatever the policy, the rolled segment is forced first (so a closed
 * segment is always complete on disk), its index file written, and the new segment's file created with its
 * header through a forced temporary file and an atomic rename.
 *
 * <h2>Failures</h2>
 * A failed write (disk full, I/O error) fails the appends of that batch with a {@link EventStorageException}, truncates
 * the segment back to the last acknowledged record and keeps accepting appends. A failed force is not
 * retried (after a failed {@code fsync} the kernel may have dropped the dirty pages): the log turns failed,
 * every later append fails, readers keep reading the acknowledged records, and reopening the log recovers.
 * Acknowledged records are never lost; an append that failed may or may not be present after a reopen.
 *
 * <h2>Recovery</h2>
 * {@link #open} takes the {@link DirectoryLock}, then verifies every segment record by record (length, CRC32C,
 * offset sequence) and rebuilds the in-memory indexes (rewriting index files that are missing or stale). In the
 * last (active) segment the first invalid record is a torn tail: the file is truncated there, with a warning.
 * In a closed segment it is corruption: by default the open fails with {@link CorruptedLogException} naming the
 * file and byte position; with {@link LogConfig#repairCorruption()} the log is truncated at the last valid
 * record and later segments are deleted, with a warning.
 *
 * <h2>Reading</h2>
 * {@link #reader} returns a cursor that reads with its own file channels and positional reads, so readers never
 * block the writer, and never see a record at or beyond {@link #durableEndOffset()}.
 */
public final class PartitionLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);
    private static final int MAX_BATCH = 4096;
    private static final int QUEUE_CAPACITY = 65_536;
    private static final int RECOVERY_BUFFER_BYTES = 1 << 20;
    private static final Append STOP = new Append(0, null, new byte[0]);

    private final Path dir;
    private final LogConfig config;
    private final FileChannelOpener channels;
    private final DirectoryLock lock;
    private final ConcurrentSkipListMap<Long, Segment> segments;
    private final LinkedBlockingQueue<Append> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final Set<PartitionLogReader> readers = ConcurrentHashMap.newKeySet();
    private final Object retentionLock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread writer;

    private volatile boolean writerExited;
    private volatile long endOffset;
    private volatile long durableEnd;
    private volatile long forcedEnd;
    private volatile EventStorageException failure;

    // writer-thread state
    private Segment active;
    private boolean dirty;
    private long nextForceNanos;

    private PartitionLog(Path dir, LogConfig config, FileChannelOpener channels, DirectoryLock lock,
                         ConcurrentSkipListMap<Long, Segment> segments) {
        this.dir = dir;
        this.config = config;
        this.channels = channels;
        this.lock = lock;
        this.segments = segments;
        this.active = segments.lastEntry().getValue();
        long end = active.ackedNextOffset;
        this.endOffset = end;
        this.durableEnd = end;
        this.forcedEnd = end;
        this.writer = new Thread(this::runWriter, "foundation-log-writer[" + dir.getFileName() + "]");
        this.writer.setDaemon(true);
    }

    /**
     * Opens the log in {@code dir}, creating the directory and an empty log if needed, or recovering an existing
     * one (see the class documentation).
     *
     * @param dir    the partition's directory
     * @param config the configuration
     * @return the open log; close it to release its thread, files and lock
     * @throws StreamLockedException    if another process or open log holds the directory
     * @throws CorruptedLogException if a closed segment is corrupt and {@code config.repairCorruption()} is false
     * @throws EventStorageException          on an I/O error
     */
    public static PartitionLog open(Path dir, LogConfig config) {
        return open(dir, config, FileChannelOpener.DEFAULT);
    }

    /**
     * Opens the log like {@link #open(Path, LogConfig)}, opening every file channel through {@code channels}
     * (fault-injection tests pass channels that fail on demand).
     *
     * @param dir      the partition's directory
     * @param config   the configuration
     * @param channels opens the segment channels
     * @return the open log
     */
    public static PartitionLog open(Path dir, LogConfig config, FileChannelOpener channels) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(channels, "channels");
        DirectoryLock lock = DirectoryLock.acquire(dir);
        ConcurrentSkipListMap<Long, Segment> segments = null;
        try {
            segments = new Recovery(dir, config, channels).run();
            PartitionLog log = new PartitionLog(dir, config, channels, lock, segments);
            log.writer.start();
            return log;
        } catch (IOException e) {
            closeChannels(segments);
            lock.close();
            throw new EventStorageException("cannot open partition log " + dir + ": " + e, e);
        } catch (RuntimeException | Error e) {
            closeChannels(segments);
            lock.close();
            throw e;
        }
    }

    private static void closeChannels(Map<Long, Segment> segments) {
        if (segments != null) {
            for (Segment s : segments.values()) {
                closeQuietly(s.channel);
            }
        }
    }

    static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    /**
     * Returns the directory of this log.
     *
     * @return the partition directory
     */
    public Path directory() {
        return dir;
    }

    /**
     * Returns the configuration of this log.
     *
     * @return the configuration
     */
    public LogConfig config() {
        return config;
    }

    /**
     * Appends a record. The arrays are owned by the log until the future completes: do not modify them.
     *
     * @param timestampMillis the record's timestamp in epoch milliseconds
     * @param key             the key, or {@code null}
     * @param payload         the payload
     * @return a future completing with the record's offset once it is as durable as
     *         {@link LogConfig#fsync()} promises, or failing with a {@link EventStorageException} on an I/O error
     * @throws IllegalStateException    if the log is closed
     * @throws IllegalArgumentException if the record cannot fit in a segment
     */
    public CompletableFuture<Long> append(long timestampMillis, byte[] key, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        ensureOpen();
        long frame = LogFormat.frameSize(key, payload);
        long room = config.segmentBytes() - LogFormat.HEADER_SIZE;
        if (frame > room) {
            throw new IllegalArgumentException("record of " + frame + " bytes (key and payload plus "
                    + LogFormat.RECORD_OVERHEAD + " bytes of framing) must fit in a segment, which holds "
                    + room + " bytes; raise Persistence.segmentSize");
        }
        EventStorageException failed = failure;
        if (failed != null) {
            return CompletableFuture.failedFuture(new EventStorageException("partition log " + dir
                    + " refuses appends after an earlier failure until the stream is closed and created again, which"
                    + " recovers it: " + failed.getMessage(),
                    failed));
        }
        Append request = new Append(timestampMillis, key, payload);
        if (Thread.currentThread() == writer) {
            // an append from an append callback: the writer cannot wait for room it alone would make
            if (!queue.offer(request)) {
                request.future.completeExceptionally(new EventStorageException("the append queue of " + dir + " is full"
                        + " and this append runs on its writer thread (in an append callback), which cannot wait;"
                        + " publish from another thread or use the *Async completion stages", null));
            }
            return request.future;
        }
        try {
            queue.put(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.future.completeExceptionally(
                    new EventStorageException("interrupted while waiting for room in the append queue of " + dir, e));
            return request.future;
        }
        if (writerExited) {
            failQueued();
        }
        return request.future;
    }

    /**
     * Returns the earliest retained offset.
     *
     * @return the base offset of the oldest segment
     */
    public long startOffset() {
        return segments.firstKey();
    }

    /**
     * Returns the next offset to be assigned. With {@link FsyncPolicy#GROUP_COMMIT} it can be ahead of
     * {@link #durableEndOffset()} while a force is running.
     *
     * @return the end offset of the records written so far
     */
    public long endOffset() {
        return endOffset;
    }

    /**
     * Returns the end of the acknowledged records: every record below this offset has had its append future
     * completed (or is about to) and is visible to readers.
     *
     * @return the acknowledged end offset
     */
    public long durableEndOffset() {
        return durableEnd;
    }

    /**
     * Returns whether the log has failed (a {@code force} failed, a failed write could not be cut back, or the
     * writer stopped): it then refuses every append until it is closed and opened again, while readers keep
     * reading the acknowledged records.
     *
     * @return {@code true} once the log refuses appends
     */
    public boolean isFailed() {
        return failure != null;
    }

    /**
     * Opens a reader positioned at {@code fromOffset}, clamped to {@link #startOffset()}. A position beyond the
     * end is allowed: the reader returns records once they reach it.
     *
     * @param fromOffset the first offset to read
     * @return a new reader; close it when done (closing the log closes it too)
     * @throws IllegalStateException if the log is closed
     */
    public LogReader reader(long fromOffset) {
        ensureOpen();
        PartitionLogReader reader = new PartitionLogReader(this, Math.max(fromOffset, startOffset()));
        readers.add(reader);
        if (closed.get()) {
            reader.close();
            ensureOpen();
        }
        return reader;
    }

    /**
     * Returns the first acknowledged offset whose record has a timestamp at or after {@code epochMillis}, or
     * {@link #durableEndOffset()} if there is none. Timestamps need not be monotonic: the answer is the first
     * such record in offset order.
     *
     * @param epochMillis the timestamp in epoch milliseconds
     * @return the offset
     * @throws CorruptedLogException if a record on the way is corrupt
     * @throws IllegalStateException if the log is closed
     */
    public long offsetForTimestamp(long epochMillis) {
        ensureOpen();
        for (int attempt = 0; ; attempt++) {
            try {
                return scanForTimestamp(epochMillis);
            } catch (NoSuchFileException e) {
                if (attempt >= 3) {
                    throw new EventStorageException("segments of " + dir + " keep disappearing during a timestamp lookup", e);
                }
                // retention deleted the segment being scanned: retry on what is left
            } catch (IOException e) {
                throw new EventStorageException("cannot search " + dir + " by timestamp: " + e, e);
            }
        }
    }

    private long scanForTimestamp(long t) throws IOException {
        long durable = durableEnd;
        for (Segment s : segments.values()) {
            if (s.ackedMaxTimestamp < t) {
                continue;
            }
            long[] entry = s.index.floorForTimestamp(t);
            long position = entry == null ? LogFormat.HEADER_SIZE : entry[1];
            long offset = entry == null ? s.baseOffset : s.baseOffset + entry[0];
            try (FileChannel ch = channels.open(s.logFile, StandardOpenOption.READ)) {
                FrameCursor cursor = new FrameCursor(ch, position, 64 * 1024);
                long limit = s.ackedSize;
                while (offset < durable) {
                    int r = cursor.next(limit, offset);
                    if (r == FrameCursor.END) {
                        break;
                    }
                    if (r == FrameCursor.INVALID) {
                        throw new CorruptedLogException(s.logFile, cursor.position, cursor.problem);
                    }
                    if (cursor.timestamp() >= t) {
                        return offset;
                    }
                    cursor.advance();
                    offset++;
                }
            }
        }
        return durable;
    }

    /**
     * Deletes the oldest closed segments that {@link LogConfig#retentionAge()} or
     * {@link LogConfig#retentionBytes()} no longer keep: a closed segment is expired when its newest record is
     * older than the retention age by the configured clock, and the oldest closed segments go while the log is
     * larger than the retention size. Only a prefix of the log is deleted (so offsets stay contiguous) and the
     * active segment never. Readers positioned in a deleted segment finish it (their files stay open) and
     * continue. The writer also calls this after every segment roll.
     *
     * @return the number of segments deleted
     * @throws EventStorageException on an I/O error
     */
    public int applyRetention() {
        Duration age = config.retentionAge();
        long maxBytes = config.retentionBytes();
        if (age == null && maxBytes <= 0) {
            return 0;
        }
        synchronized (retentionLock) {
            if (closed.get()) {
                return 0;
            }
            long total = 0;
            for (Segment s : segments.values()) {
                total += s.ackedSize;
            }
            long cutoff = age == null ? Long.MIN_VALUE : saturatedSubtract(config.clock().millis(), age);
            int deleted = 0;
            try {
                for (Segment s : segments.values()) {
                    if (!s.sealed) {
                        break;
                    }
                    boolean expired = s.ackedMaxTimestamp < cutoff;
                    boolean oversize = maxBytes > 0 && total > maxBytes;
                    if (!expired && !oversize) {
                        break;
                    }
                    segments.remove(s.baseOffset);
                    Files.deleteIfExists(s.logFile);
                    Files.deleteIfExists(s.indexFile);
                    total -= s.ackedSize;
                    deleted++;
                    LOG.info("retention deleted segment {} of {} (offsets {} to {}, {} bytes, {})", s.logFile
                            .getFileName(), dir, s.baseOffset, s.ackedNextOffset - 1, s.ackedSize,
                            expired ? "older than " + age : "log larger than " + maxBytes + " bytes");
                }
                if (deleted > 0) {
                    FileSupport.forceDirectory(dir);
                }
            } catch (IOException e) {
                throw new EventStorageException("retention failed in " + dir + " after deleting " + deleted
                        + " segment(s): " + e, e);
            }
            return deleted;
        }
    }

    private static long saturatedSubtract(long now, Duration age) {
        long millis;
        try {
            millis = age.toMillis();
        } catch (ArithmeticException e) {
            return Long.MIN_VALUE;
        }
        long r = now - millis;
        return ((now ^ millis) & (now ^ r)) < 0 ? Long.MIN_VALUE : r;
    }

    /**
     * Returns the current size and offsets.
     *
     * @return a snapshot of the statistics
     */
    public LogStats stats() {
        long bytes = 0;
        int count = 0;
        for (Segment s : segments.values()) {
            bytes += s.ackedSize;
            count++;
        }
        return new LogStats(bytes, count, startOffset(), endOffset, durableEnd, forcedEnd);
    }

    /**
     * Stops accepting appends, writes and acknowledges what was queued, forces the active segment (whatever the
     * policy), and releases the writer thread, the readers' files, the segment files and the directory lock.
     * Idempotent. When called from the writer thread (an append callback) it returns at once and the writer
     * finishes the shutdown itself.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            awaitWriter();
            return;
        }
        queue.offer(STOP); // if the queue is full the writer is busy and sees the closed flag when it empties
        awaitWriter();
        for (PartitionLogReader reader : readers) {
            reader.close();
        }
    }

    private void awaitWriter() {
        if (Thread.currentThread() == writer) {
            return;
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "PartitionLog[" + dir + ", offsets " + startOffset() + ".." + durableEnd + "]";
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("partition log " + dir + " is closed");
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    FileChannelOpener channels() {
        return channels;
    }

    Map.Entry<Long, Segment> floorSegment(long offset) {
        Map.Entry<Long, Segment> e = segments.floorEntry(offset);
        return e != null ? e : segments.firstEntry();
    }

    Segment segmentAfter(long baseOffset) {
        Map.Entry<Long, Segment> e = segments.higherEntry(baseOffset);
        return e == null ? null : e.getValue();
    }

    void readerClosed(PartitionLogReader reader) {
        readers.remove(reader);
    }

    // ------------------------------------------------------------------------------------------------ writer

    private void runWriter() {
        List<Append> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (!(closed.get() && queue.isEmpty())) {
                Append first = nextRequest();
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                batch.removeIf(a -> a == STOP);
                if (!batch.isEmpty()) {
                    writeBatch(batch);
                }
                batch.clear();
            }
            if (failure == null && dirty) {
                force();
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.error("writer of partition log {} stopped: {}", dir, e.toString(), e);
            EventStorageException error = new EventStorageException("writer of partition log " + dir + " stopped: " + e, e);
            if (failure == null) {
                failure = error;
            }
            for (Append a : batch) {
                a.future.completeExceptionally(error);
            }
        } finally {
            writerExited = true;
            failQueued();
            closeQuietly(active.channel);
            lock.close();
        }
    }

    private Append nextRequest() {
        try {
            if (config.fsync() == FsyncPolicy.INTERVAL && dirty && failure == null) {
                long wait = nextForceNanos - System.nanoTime();
                if (wait <= 0) {
                    try {
                        force();
                    } catch (IOException e) {
                        failWith(e);
                    }
                    return null;
                }
                return queue.poll(wait, TimeUnit.NANOSECONDS);
            }
            return queue.take();
        } catch (InterruptedException e) {
            // nobody may interrupt the writer (an interrupt would close its file channel); keep going
            return null;
        }
    }

    private void failQueued() {
        EventStorageException closedError = null;
        for (Append a; (a = queue.poll()) != null; ) {
            if (a == STOP) {
                continue;
            }
            if (closedError == null) {
                EventStorageException f = failure;
                closedError = new EventStorageException("partition log " + dir + " was closed before the append was written"
                        + (f == null ? "" : " (" + f.getMessage() + ")"), f);
            }
            a.future.completeExceptionally(closedError);
        }
    }

    private void writeBatch(List<Append> batch) {
        EventStorageException failed = failure;
        if (failed != null) {
            EventStorageException error = new EventStorageException("partition log " + dir
                    + " refuses appends after an earlier failure until the stream is closed and created again, which"
                    + " recovers it: " + failed.getMessage(),
                    failed);
            for (Append a : batch) {
                a.future.completeExceptionally(error);
            }
            return;
        }
        int acked = 0;
        int i = 0;
        try {
            long segmentBytes = config.segmentBytes();
            while (i < batch.size()) {
                Segment seg = active;
                long firstFrame = batch.get(i).frameSize();
                if (!seg.isEmpty() && seg.writePosition + firstFrame > segmentBytes) {
                    // a closed segment is always complete on disk, whatever the policy: one force per segment
                    force();
                    publish(batch, acked, i);
                    acked = i;
                    roll();
                    continue;
                }
                // a shared direct buffer (see WriteBuffers), or the heap for a record larger than one
                ByteBuffer buf = firstFrame <= WriteBuffers.BUFFER_BYTES ? WriteBuffers.take()
                        : ByteBuffer.allocate((int) firstFrame);
                int j = i;
                try {
                    long start = seg.writePosition;
                    while (j < batch.size()) {
                        Append a = batch.get(j);
                        long frame = a.frameSize();
                        if (j > i && (buf.position() + frame > buf.capacity()
                                || start + buf.position() + frame > segmentBytes)) {
                            break;
                        }
                        long offset = seg.writeNextOffset;
                        long position = start + buf.position();
                        LogFormat.writeRecord(buf, offset, a.timestamp, a.key, a.payload);
                        a.offset = offset;
                        seg.recordWritten(offset, a.timestamp, position, (int) frame, config.indexIntervalBytes());
                        j++;
                    }
                    buf.flip();
                    dirty = true;
                    if (buf.isDirect()) {
                        FileSupport.writeFully(seg.channel, buf, start);
                    } else {
                        WriteBuffers.writeThrough(seg.channel, buf, start);
                    }
                } finally {
                    if (buf.isDirect()) {
                        WriteBuffers.give(buf);
                    }
                }
                endOffset = seg.writeNextOffset;
                i = j;
            }
            if (config.fsync() == FsyncPolicy.GROUP_COMMIT) {
                force();
            }
            publish(batch, acked, batch.size());
        } catch (IOException | RuntimeException e) {
            EventStorageException error = failWith(e);
            for (int k = acked; k < batch.size(); k++) {
                batch.get(k).future.completeExceptionally(error);
            }
        }
    }

    /** Handles a failed write or force; returns the exception the unacknowledged appends fail with. */
    private EventStorageException failWith(Exception e) {
        Segment seg = active;
        boolean forceFailed = e instanceof ForceFailedException;
        if (!forceFailed && e instanceof IOException) {
            try {
                seg.channel.truncate(seg.ackedSize);
                seg.rollback();
                endOffset = seg.writeNextOffset;
                LOG.warn("append to partition log {} failed, unacknowledged records discarded: {}", dir, e.toString());
                return new EventStorageException("append to partition log " + dir + " failed: " + e
                        + "; the log is unchanged and accepts further appends (check free disk space)", e);
            } catch (IOException | RuntimeException t) {
                e.addSuppressed(t);
            }
        }
        seg.rollback();
        endOffset = seg.writeNextOffset;
        Throwable cause = forceFailed ? e.getCause() : e;
        EventStorageException error = new EventStorageException("partition log " + dir + " failed"
                + (forceFailed ? " to force its data to disk" : "") + ": " + cause
                + "; it refuses appends until the stream is closed and created again (recovery restores a consistent"
                + " log, and no acknowledged record is lost)", e);
        failure = error;
        LOG.error("partition log {} failed; appends are refused until the stream is closed and created again", dir, e);
        return error;
    }

    private void force() throws IOException {
        Segment seg = active;
        try {
            seg.channel.force(false);
        } catch (IOException e) {
            throw new ForceFailedException(e);
        }
        forcedEnd = seg.writeNextOffset;
        dirty = false;
        nextForceNanos = System.nanoTime() + config.fsyncInterval().toNanos();
    }

    private void publish(List<Append> batch, int from, int to) {
        Segment seg = active;
        seg.publish();
        durableEnd = seg.ackedNextOffset;
        for (int k = from; k < to; k++) {
            Append a = batch.get(k);
            a.future.complete(a.offset);
        }
    }

    private void roll() throws IOException {
        Segment old = active;
        Segment next = createSegment(dir, old.writeNextOffset, config, channels);
        closeQuietly(old.channel);
        old.channel = null;
        writeIndexFile(old);
        old.sealed = true;
        segments.put(next.baseOffset, next);
        active = next;
        if (config.retentionAge() != null || config.retentionBytes() > 0) {
            try {
                applyRetention();
            } catch (EventStorageException e) {
                LOG.warn("retention after rolling {} failed: {}", dir, e.getMessage());
            }
        }
    }

    /** Creates a segment file with its header (written to a temporary file and renamed into place). */
    static Segment createSegment(Path dir, long base, LogConfig config, FileChannelOpener channels) throws IOException {
        Segment s = new Segment(dir, base);
        Path tmp = dir.resolve(LogFormat.fileName(base, LogFormat.LOG_SUFFIX + ".tmp"));
        FileChannel ch = channels.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileSupport.writeFully(ch, LogFormat.header(base, config.clock().millis()), 0);
            ch.force(true);
            Files.move(tmp, s.logFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(s.indexFile);
            FileSupport.forceDirectory(dir);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            try {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(s.logFile);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        s.channel = ch;
        return s;
    }

    /** Writes a sealed segment's index file; a failure only costs a rebuild on the next open. */
    static void writeIndexFile(Segment s) {
        Path tmp = s.indexFile.resolveSibling(s.indexFile.getFileName() + ".tmp");
        try {
            Files.write(tmp, s.index.encode(s.baseOffset, s.writePosition));
            Files.move(tmp, s.indexFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cannot write index {} (it will be rebuilt on the next open): {}", s.indexFile, e.toString());
        }
    }

    /** A failed {@code force}: the log turns failed instead of truncating. */
    static final class ForceFailedException extends IOException {
        private static final long serialVersionUID = 1L;

        ForceFailedException(IOException cause) {
            super("force failed: " + cause, cause);
        }
    }

    /** A queued append. */
    static final class Append {
        final long timestamp;
        final byte[] key;
        final byte[] payload;
        final CompletableFuture<Long> future = new CompletableFuture<>();
        long offset;

        Append(long timestamp, byte[] key, byte[] payload) {
            this.timestamp = timestamp;
            this.key = key;
            this.payload = payload;
        }

        long frameSize() {
            return LogFormat.frameSize(key, payload);
        }
    }

    // ---------------------------------------------------------------------------------------------- recovery

    /** Opens the segments of a directory, verifying and repairing as configured. */
    private static final class Recovery {
        private final Path dir;
        private final LogConfig config;
        private final FileChannelOpener channels;

        Recovery(Path dir, LogConfig config, FileChannelOpener channels) {
            this.dir = dir;
            this.config = config;
            this.channels = channels;
        }

        ConcurrentSkipListMap<Long, Segment> run() throws IOException {
            ConcurrentSkipListMap<Long, Segment> result = new ConcurrentSkipListMap<>();
            try {
                return recover(result);
            } catch (IOException | RuntimeException | Error e) {
                closeChannels(result); // the active segment's channel, if it was opened
                throw e;
            }
        }

        private ConcurrentSkipListMap<Long, Segment> recover(ConcurrentSkipListMap<Long, Segment> result)
                throws IOException {
            TreeMap<Long, Path> files = listSegments();
            List<Long> bases = new ArrayList<>(files.keySet());
            long expectedBase = -1;
            for (int k = 0; k < bases.size(); k++) {
                long base = bases.get(k);
                boolean last = k == bases.size() - 1;
                Segment s = new Segment(dir, base);
                String problem = null;
                long problemAt = 0;
                long validEnd;
                if (expectedBase >= 0 && base != expectedBase) {
                    problem = "segment starts at offset " + base + " but the previous segment ends before offset "
                            + expectedBase + " (a segment file is missing or extra)";
                    validEnd = -1;
                } else {
                    try (FileChannel ch = channels.open(s.logFile, StandardOpenOption.READ)) {
                        long size = ch.size();
                        ByteBuffer header = ByteBuffer.allocate(LogFormat.HEADER_SIZE);
                        FileSupport.readFully(ch, header, 0);
                        header.flip();
                        problem = LogFormat.checkHeader(header, base);
                        if (problem != null) {
                            validEnd = -1;
                        } else {
                            FrameCursor cursor = new FrameCursor(ch, LogFormat.HEADER_SIZE, RECOVERY_BUFFER_BYTES);
                            long offset = base;
                            int r;
                            while ((r = cursor.next(size, offset)) == FrameCursor.RECORD) {
                                s.recordWritten(offset, cursor.timestamp(), cursor.position, cursor.frame(),
                                        config.indexIntervalBytes());
                                cursor.advance();
                                offset++;
                            }
                            validEnd = cursor.position;
                            if (r == FrameCursor.INVALID) {
                                problem = cursor.problem;
                                problemAt = cursor.position;
                            }
                        }
                    }
                }
                if (problem != null && last && validEnd < 0 && Files.size(s.logFile) <= LogFormat.HEADER_SIZE) {
                    LOG.warn("recovery of {}: deleting {} whose header was never completely written ({})", dir,
                            s.logFile.getFileName(), problem);
                    deleteSegmentFiles(s);
                    FileSupport.forceDirectory(dir);
                    break;
                }
                if (problem != null && last && validEnd >= 0) {
                    LOG.warn("recovery of {}: truncating the torn tail of {} at byte {} ({}); unacknowledged"
                            + " records after it are dropped", dir, s.logFile.getFileName(), problemAt, problem);
                    truncate(s.logFile, validEnd);
                    problem = null;
                }
                if (problem != null) {
                    if (!config.repairCorruption()) {
                        throw new CorruptedLogException(s.logFile, problemAt, problem + "; create the stream"
                                + " with Persistence.repairCorruption(true) to truncate the log at the last valid"
                                + " record (losing every event after it), or restore its directory from a backup");
                    }
                    LOG.warn("repairing {}: {} is corrupt at byte {} ({}); truncating the log at the last valid"
                            + " record and deleting {} later segment(s)", dir, s.logFile.getFileName(), problemAt,
                            problem, bases.size() - k - 1);
                    for (int d = bases.size() - 1; d > k; d--) {
                        deleteSegmentFiles(new Segment(dir, bases.get(d)));
                    }
                    if (validEnd >= 0) {
                        truncate(s.logFile, validEnd);
                        result.put(base, s);
                    } else {
                        deleteSegmentFiles(s);
                    }
                    FileSupport.forceDirectory(dir);
                    break;
                }
                result.put(base, s);
                expectedBase = s.writeNextOffset;
            }
            if (result.isEmpty()) {
                long base = bases.isEmpty() ? 0 : bases.get(0);
                Segment fresh = createSegment(dir, base, config, channels);
                result.put(base, fresh);
            } else {
                Segment last = result.lastEntry().getValue();
                if (last.channel == null) {
                    last.channel = channels.open(last.logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
                    // records recovered from the page cache of a crashed process are forced before anybody reads them
                    last.channel.force(true);
                    Files.deleteIfExists(last.indexFile);
                    FileSupport.forceDirectory(dir);
                }
            }
            for (Segment s : result.values()) {
                s.publish();
                if (s != result.lastEntry().getValue()) {
                    s.sealed = true;
                    checkIndexFile(s);
                }
            }
            return result;
        }

        private TreeMap<Long, Path> listSegments() throws IOException {
            TreeMap<Long, Path> logs = new TreeMap<>();
            List<Path> orphans = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                for (Path p : stream) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(".tmp")) {
                        orphans.add(p);
                    } else if (name.length() == 20 + LogFormat.LOG_SUFFIX.length()
                            && name.endsWith(LogFormat.LOG_SUFFIX) && name.substring(0, 20).chars()
                            .allMatch(Character::isDigit)) {
                        logs.put(Long.parseLong(name.substring(0, 20)), p);
                    }
                }
            }
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + LogFormat.INDEX_SUFFIX)) {
                for (Path p : stream) {
                    String name = p.getFileName().toString();
                    String logName = name.substring(0, name.length() - LogFormat.INDEX_SUFFIX.length())
                            + LogFormat.LOG_SUFFIX;
                    if (!Files.exists(p.resolveSibling(logName))) {
                        orphans.add(p);
                    }
                }
            }
            for (Path p : orphans) {
                Files.deleteIfExists(p);
            }
            return logs;
        }

        private void truncate(Path file, long size) throws IOException {
            try (FileChannel ch = channels.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(size);
                ch.force(true);
            }
        }

        private void deleteSegmentFiles(Segment s) throws IOException {
            Files.deleteIfExists(s.logFile);
            Files.deleteIfExists(s.indexFile);
        }

        private void checkIndexFile(Segment s) {
            try {
                byte[] existing = Files.readAllBytes(s.indexFile);
                if (s.index.matches(existing, s.baseOffset, s.writePosition)) {
                    return;
                }
                LOG.info("index {} is stale; rebuilt it from its segment", s.indexFile.getFileName());
            } catch (NoSuchFileException e) {
                LOG.info("index {} is missing; rebuilt it from its segment", s.indexFile.getFileName());
            } catch (IOException e) {
                LOG.warn("cannot read index {} ({}); rebuilt it from its segment", s.indexFile, e.toString());
            }
            writeIndexFile(s);
        }
    }

    /** Unmodifiable view used by tests. */
    List<Segment> segmentsView() {
        return Collections.unmodifiableList(new ArrayList<>(segments.values()));
    }
}
