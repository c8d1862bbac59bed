package dev.foundation.events.internal;

import dev.foundation.core.Codec;
import dev.foundation.core.CodecException;
import dev.foundation.events.Event;
import dev.foundation.events.EventStorageException;
import dev.foundation.events.Receipt;
import dev.foundation.events.StartPosition;
import dev.foundation.events.internal.log.LogReader;
import dev.foundation.events.internal.log.LogRecord;
import dev.foundation.events.internal.log.PartitionLog;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partition kept in a {@link PartitionLog}. Publishers never wait for readers: a reader that falls behind
 * reads from disk. Readers see only acknowledged (durable per the policy) records.
 *
 * @param <T> the value type
 */
final class DiskPartition<T> implements PartitionStore<T> {

    private static final Logger LOG = LoggerFactory.getLogger(DiskPartition.class);

    private final String stream;
    private final int index;
    private final PartitionLog log;
    private final Codec<T> codec;
    private final int bufferSize;
    private final LongAdder published = new LongAdder();
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    DiskPartition(String stream, int index, PartitionLog log, Codec<T> codec, int bufferSize) {
        this.stream = stream;
        this.index = index;
        this.log = log;
        this.codec = codec;
        this.bufferSize = bufferSize;
    }

    PartitionLog log() {
        return log;
    }

    @Override
    public CompletableFuture<Receipt> append(long timestampMillis, String key, T value) {
        if (closed) {
            throw new IllegalStateException("stream '" + stream + "' is closed");
        }
        byte[] payload = encode(value);
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Long> appended;
        try {
            appended = log.append(timestampMillis, keyBytes, payload);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("stream '" + stream + "' is closed", e);
        }
        Instant ts = Instant.ofEpochMilli(timestampMillis);
        CompletableFuture<Receipt> receipt = new CompletableFuture<>();
        appended.whenComplete((offset, error) -> {
            if (error != null) {
                String advice = log.isFailed()
                        ? "; partition " + index + " of stream '" + stream + "' refuses publishes until the stream is"
                                + " closed and created again (which recovers the log); its acknowledged events stay"
                                + " readable"
                        : "";
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                receipt.completeExceptionally(new EventStorageException("publish to stream '" + stream
                        + "' partition " + index + " failed: " + cause.getMessage() + advice, cause));
                return;
            }
            published.increment();
            receipt.complete(new Receipt(stream, index, offset, ts));
            for (Runnable l : listeners) {
                l.run();
            }
        });
        return receipt;
    }

    /** Encodes with the stream's codec; whatever goes wrong there is a {@link CodecException}. */
    private byte[] encode(T value) {
        byte[] payload;
        try {
            payload = codec.encode(value);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CodecException(codec.name(), "cannot encode a " + value.getClass().getName()
                    + " published to stream '" + stream + "': " + e, e);
        }
        if (payload == null) {
            throw new CodecException(codec.name(), "returned null encoding a " + value.getClass().getName()
                    + " published to stream '" + stream + "'", null);
        }
        return payload;
    }

    /** Decodes with the stream's codec; whatever goes wrong there is a {@link CodecException}. */
    private T decode(byte[] payload) {
        try {
            return codec.decode(payload);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CodecException(codec.name(), "cannot decode an event of stream '" + stream + "': " + e, e);
        }
    }

    @Override
    public long published() {
        return published.sum();
    }

    @Override
    public long startOffset() {
        return log.startOffset();
    }

    @Override
    public long endOffset() {
        return log.durableEndOffset();
    }

    @Override
    public Cursor<T> openCursor(StartPosition start, boolean gating) {
        long end = log.durableEndOffset();
        long from;
        switch (start.kind()) {
            case EARLIEST:
                from = log.startOffset();
                break;
            case OFFSET:
                from = Math.min(start.offsetValue(), end);
                break;
            case TIMESTAMP:
                from = log.offsetForTimestamp(start.timestampValue().toEpochMilli());
                break;
            case LATEST:
            default:
                from = end;
                break;
        }
        return new DiskCursor(from);
    }

    @Override
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    @Override
    public long occupancy() {
        return 0;
    }

    @Override
    public long freeCapacity() {
        return bufferSize;
    }

    @Override
    public boolean appendsVisibleAtOnce() {
        return false;
    }

    @Override
    public void shutdownInput() {
        closed = true;
    }

    @Override
    public void close() {
        closed = true;
        listeners.clear();
        try {
            log.close();
        } catch (EventStorageException e) {
            LOG.error("closing the log of stream '{}' partition {} failed", stream, index, e);
        }
    }

    /** A reader of the log, decoding with the stream's codec. */
    private final class DiskCursor implements Cursor<T> {
        private volatile long position;
        private LogReader reader;
        private long skipped;

        DiskCursor(long position) {
            this.position = position;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public boolean hasMore() {
            return position < log.durableEndOffset();
        }

        @Override
        public int poll(int max, List<Event<T>> out) {
            if (reader == null) {
                reader = log.reader(position);
            }
            // a CorruptedLogException or EventStorageException names the file; the subscription adds the rest
            List<LogRecord> records = reader.poll(max);
            long p = position;
            int n = 0;
            for (LogRecord r : records) {
                if (r.offset() > p) {
                    skipped += r.offset() - p; // deleted by retention before this reader got there
                }
                p = r.offset() + 1;
                T value;
                try {
                    value = decode(r.payload());
                } catch (CodecException e) {
                    LOG.error("stream '{}' partition {} offset {}: the codec '{}' cannot decode the stored event; "
                            + "it is skipped", stream, index, r.offset(), codec.name(), e);
                    skipped++;
                    continue;
                }
                String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                out.add(new Event<>(stream, index, r.offset(), Instant.ofEpochMilli(r.timestampMillis()), key, value));
                n++;
            }
            if (records.isEmpty() && reader.position() > p) {
                skipped += reader.position() - p;
                p = reader.position();
            }
            position = p;
            return n;
        }

        @Override
        public long takeSkipped() {
            long s = skipped;
            skipped = 0;
            return s;
        }

        @Override
        public void close() {
            if (reader != null) {
                reader.close();
            }
        }
    }
}
