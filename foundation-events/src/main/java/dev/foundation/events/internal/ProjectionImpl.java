package dev.foundation.events.internal;

import dev.foundation.core.Codec;
import dev.foundation.events.CorruptedLogException;
import dev.foundation.events.Event;
import dev.foundation.events.EventStorageException;
import dev.foundation.events.Projection;
import dev.foundation.events.RetryPolicy;
import dev.foundation.events.StartPosition;
import dev.foundation.events.SubscriberSpec;
import dev.foundation.events.internal.log.AtomicFiles;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A projection: a single-threaded subscription from {@link StartPosition#EARLIEST} that folds each batch into a
 * candidate state and, at commit, publishes the candidate and (durable streams) writes the state and every
 * partition's next offset in one atomic, checksummed snapshot file
 * ({@code <stream dir>/_projections/<name>.snapshot}). A crash before the snapshot replays the batch from the
 * previous snapshot's offsets onto the previous state, so each event affects the state exactly once.
 *
 * @param <S> the state type
 * @param <T> the event value type
 */
final class ProjectionImpl<S, T> implements Projection<S> {

    private static final int MAGIC = 0x46505253; // "FPRS"
    private static final int VERSION = 1;
    private static final int BATCH = 1024;

    private final StreamImpl<T> stream;
    private final String name;
    private final S initialState;
    private final BiFunction<S, ? super T, S> fold;
    private final Codec<S> codec;
    private final Runnable onClose;
    private final Path snapshot;

    private volatile S state;
    private volatile long[] offsets;
    /** The state after the batch being handled, published at commit; null after a failed batch. */
    private S candidate;
    private SubscriptionImpl<T> subscription;
    private boolean closed;

    ProjectionImpl(StreamImpl<T> stream, String name, S initialState, BiFunction<S, ? super T, S> fold,
                   Codec<S> codec, Runnable onClose) {
        this.stream = stream;
        this.name = name;
        this.initialState = initialState;
        this.fold = fold;
        this.codec = codec;
        this.onClose = onClose;
        this.snapshot = stream.durable() ? Names.child(stream.directory().resolve("_projections"),
                name + ".snapshot", "projection name")
                : null;
        this.state = initialState;
    }

    /**
     * Reads the snapshot, if any, decoding it with the application's codec. Called before the projection is
     * registered or started, with no lock of the stream or the projection held: the codec may wait for a thread
     * that uses the stream.
     */
    void load() {
        if (snapshot != null) {
            loadSnapshot();
        }
    }

    synchronized void start() {
        subscription = newSubscription();
    }

    private SubscriptionImpl<T> newSubscription() {
        SubscriberSpec<T> spec = SubscriberSpec.<T>builder()
                .batch(BATCH, Duration.ZERO)
                .startFrom(StartPosition.EARLIEST)
                .retry(RetryPolicy.DEFAULT)
                .handler(this::apply)
                .build();
        return stream.startSubscription("_projection." + name, spec, new CommitStore() {
            @Override
            public long[] load(int partitions) {
                return loadOffsets();
            }

            @Override
            public void commit(int partition, long nextOffset) {
                commitBatch(partition, nextOffset);
            }
        });
    }

    private void loadSnapshot() {
        try {
            Files.createDirectories(snapshot.getParent());
            Optional<byte[]> bytes = AtomicFiles.read(snapshot);
            if (bytes.isEmpty()) {
                return;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes.get());
            if (b.getInt() != MAGIC || b.getInt() != VERSION) {
                throw new EventStorageException("projection snapshot " + snapshot + " has an unknown format", null);
            }
            int partitions = b.getInt();
            if (partitions != stream.partitionCount()) {
                throw new EventStorageException("projection snapshot " + snapshot + " has " + partitions
                        + " partitions but the stream has " + stream.partitionCount(), null);
            }
            long[] loaded = new long[partitions];
            for (int p = 0; p < partitions; p++) {
                loaded[p] = b.getLong();
            }
            byte[] stateBytes = new byte[b.remaining()];
            b.get(stateBytes);
            state = codec.decode(stateBytes);
            offsets = loaded;
        } catch (CorruptedLogException e) {
            throw new CorruptedLogException("projection '" + name + "' of stream '" + stream.name() + "': its snapshot"
                    + " is corrupt: " + e.getMessage() + ". Delete " + snapshot + " and " + snapshot.getFileName()
                    + ".prev: the projection then folds the retained events again from its initial state", e);
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof EventStorageException) {
                throw (EventStorageException) e;
            }
            throw new EventStorageException("cannot load projection '" + name + "' of stream '" + stream.name()
                    + "' from " + snapshot + ": " + e.getMessage(), e);
        }
    }

    private void apply(List<Event<T>> batch) {
        candidate = null;
        S s = state;
        for (Event<T> e : batch) {
            s = fold.apply(s, e.value());
            if (s == null) {
                throw new IllegalStateException("projection '" + name + "' fold returned null at partition "
                        + e.partition() + " offset " + e.offset());
            }
        }
        candidate = s;
    }

    // the subscription's CommitStore, called by the projection's single worker thread

    private long[] loadOffsets() {
        long[] o = offsets;
        return o == null ? null : o.clone();
    }

    private void commitBatch(int partition, long nextOffset) {
        long[] o = offsets == null ? startOffsets() : offsets.clone();
        o[partition] = nextOffset;
        S s = candidate != null ? candidate : state;
        candidate = null;
        if (snapshot != null) {
            writeSnapshot(s, o);
        }
        state = s;
        offsets = o;
    }

    private long[] startOffsets() {
        long[] o = new long[stream.partitionCount()];
        for (int p = 0; p < o.length; p++) {
            o[p] = stream.store(p).startOffset();
        }
        return o;
    }

    private void writeSnapshot(S s, long[] o) {
        byte[] stateBytes = codec.encode(s);
        ByteBuffer b = ByteBuffer.allocate(12 + 8 * o.length + stateBytes.length);
        b.putInt(MAGIC).putInt(VERSION).putInt(o.length);
        for (long v : o) {
            b.putLong(v);
        }
        b.put(stateBytes);
        AtomicFiles.write(snapshot, b.array()); // an EventStorageException names the file
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public S state() {
        return state;
    }

    @Override
    public List<Long> offsets() {
        long[] o = offsets;
        List<Long> out = new ArrayList<>();
        for (int p = 0; p < stream.partitionCount(); p++) {
            out.add(o == null ? stream.store(p).startOffset() : o[p]);
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        SubscriptionImpl<T> s;
        synchronized (this) {
            s = subscription;
        }
        return s != null && s.awaitCaughtUp(timeout);
    }

    /**
     * Stops the current fold without the monitor (cancelling waits for a fold in progress, which is the
     * application's code and may wait for a thread reading this projection), then starts again under it. A
     * rebuild that finds the subscription already replaced meanwhile is done: another rebuild restarted the fold
     * after this call began.
     */
    @Override
    public void rebuild() {
        SubscriptionImpl<T> old;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("projection '" + name + "' is closed");
            }
            old = subscription;
        }
        old.cancel();
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("projection '" + name + "' is closed");
            }
            if (subscription == old) {
                restart();
            }
        }
    }

    /** Discards the state and its snapshot and subscribes again from the start; the monitor is held. */
    private void restart() {
        state = initialState;
        offsets = null;
        candidate = null;
        if (snapshot != null) {
            AtomicFiles.delete(snapshot);
        }
        subscription = newSubscription();
    }

    void requestStop() {
        SubscriptionImpl<T> s;
        synchronized (this) {
            s = subscription;
        }
        if (s != null) {
            s.requestStop(true);
        }
    }

    void awaitStopped(long deadlineNanos) {
        SubscriptionImpl<T> s;
        synchronized (this) {
            closed = true;
            s = subscription;
        }
        if (s != null) {
            s.awaitStopped(deadlineNanos);
        }
        onClose.run();
    }

    @Override
    public void close() {
        SubscriptionImpl<T> s;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            s = subscription;
        }
        s.cancel();
        onClose.run();
    }
}
