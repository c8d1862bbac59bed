package dev.foundation.events.internal;

import dev.foundation.core.Codec;
import dev.foundation.core.Codecs;
import dev.foundation.events.CorruptedLogException;
import dev.foundation.events.DeadLetter;
import dev.foundation.events.Event;
import dev.foundation.events.EventStorageException;
import dev.foundation.events.EventStream;
import dev.foundation.events.Overflow;
import dev.foundation.events.Persistence;
import dev.foundation.events.Projection;
import dev.foundation.events.PublisherSpec;
import dev.foundation.events.Receipt;
import dev.foundation.events.StreamSpec;
import dev.foundation.events.StreamStats;
import dev.foundation.events.SubscriberSpec;
import dev.foundation.events.Subscription;
import dev.foundation.events.internal.log.AtomicFiles;
import dev.foundation.events.internal.log.DirectoryLock;
import dev.foundation.events.internal.log.LogConfig;
import dev.foundation.events.internal.log.PartitionLog;
import io.micrometer.core.instrument.Tags;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream: its partition stores (memory rings or disk logs), subscriptions, Flow subscribers, projections and
 * dead-letter stream. Everything above the {@link PartitionStore} is the same for both kinds of stream.
 *
 * @param <T> the value type
 */
final class StreamImpl<T> implements EventStream<T> {

    private static final Logger LOG = LoggerFactory.getLogger(StreamImpl.class);
    private static final int META_MAGIC = 0x46455354; // "FEST"

    private final EventStreamsImpl registry;
    private final String name;
    private final StreamSpec<T> spec;
    private final Codec<T> codec;
    private final Function<? super T, ?> keyFunction;
    private final int partitions;
    private final List<PartitionStore<T>> stores;
    private final StreamCounters counters = new StreamCounters();
    private final AtomicLong roundRobin = new AtomicLong();
    private final Metrics metrics;
    private final Path directory;
    private final DirectoryLock lock;
    private final StreamImpl<DeadLetter<T>> deadLetters;
    private final Map<String, SubscriptionImpl<T>> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, ProjectionImpl<?, T>> projections = new ConcurrentHashMap<>();
    private final Set<FlowSubscription<T>> flows = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private final ScheduledFuture<?> retentionTask;

    @SuppressWarnings("unchecked")
    StreamImpl(EventStreamsImpl registry, String name, StreamSpec<T> spec, boolean isDeadLetterStream) {
        this.registry = registry;
        this.name = name;
        this.spec = spec;
        this.codec = spec.codec();
        this.keyFunction = spec.keyFunction();
        this.partitions = spec.partitions();
        this.metrics = registry.metrics(Tags.of("stream", name));
        this.stores = new ArrayList<>(partitions);
        Persistence persistence = spec.persistence();
        if (persistence.durable()) {
            this.directory = Names.child(persistence.directory(), name, "stream name");
            this.lock = openDurable(persistence);
        } else {
            this.directory = null;
            this.lock = null;
            for (int p = 0; p < partitions; p++) {
                stores.add(new MemoryPartition<>(name, p, spec.bufferSize(), spec.overflow(), spec.blockTimeout(),
                        counters));
            }
        }
        StreamImpl<DeadLetter<T>> dl = null;
        try {
            registerMeters();
            if (!isDeadLetterStream) {
                StreamSpec<DeadLetter<T>> dlSpec = StreamSpec.of((Class<DeadLetter<T>>) (Class<?>) DeadLetter.class)
                        .codec(new DeadLetterCodec<>(codec)).partitions(1).bufferSize(spec.bufferSize())
                        .overflow(Overflow.BLOCK).blockTimeout(spec.blockTimeout()).persistence(persistence);
                dl = new StreamImpl<>(registry, name + DeadLetter.STREAM_SUFFIX, dlSpec, true);
            }
            this.retentionTask = persistence.durable()
                    && (persistence.retentionAge() != null || persistence.retentionBytes() > 0)
                    ? registry.scheduleMaintenance(this::applyRetention) : null;
        } catch (RuntimeException | Error e) {
            // nothing of a stream that failed to open may stay behind: threads, files, locks, meters
            if (dl != null) {
                dl.close(Duration.ZERO);
            }
            closeStores();
            if (lock != null) {
                lock.close();
            }
            metrics.close();
            throw e;
        }
        this.deadLetters = dl;
    }

    private DirectoryLock openDurable(Persistence persistence) {
        DirectoryLock dirLock = DirectoryLock.acquire(directory); // StreamLockedException names the owner
        try {
            checkMeta(persistence.repairCorruption());
            LogConfig config = new LogConfig(persistence.segmentSize(), LogConfig.DEFAULT_INDEX_INTERVAL_BYTES,
                    persistence.fsync(), persistence.fsyncInterval(), persistence.retentionAge(),
                    persistence.retentionBytes(), persistence.repairCorruption(), registry.clock());
            for (int p = 0; p < partitions; p++) {
                PartitionLog log = PartitionLog.open(directory.resolve(Integer.toString(p)), config,
                        persistence.channelOpener());
                stores.add(new DiskPartition<>(name, p, log, codec, spec.bufferSize()));
            }
            return dirLock;
        } catch (RuntimeException | Error e) {
            closeStores();
            dirLock.close();
            throw e;
        }
    }

    /**
     * Records the partition count on first open and refuses a spec that disagrees with the directory. A corrupt
     * {@code stream.meta} (and no intact previous copy) is refused, or with {@code repair} rewritten from the
     * spec's partition count if the partition directories on disk agree with it.
     */
    private void checkMeta(boolean repair) {
        Path meta = directory.resolve("stream.meta");
        Optional<byte[]> existing;
        try {
            existing = AtomicFiles.read(meta);
        } catch (CorruptedLogException e) {
            if (!repair) {
                throw new CorruptedLogException("stream '" + name + "': its metadata is corrupt: " + e.getMessage()
                        + ". Create the stream with Persistence.repairCorruption(true) to rewrite it from the"
                        + " spec's partition count (which must match the partition directories on disk), or"
                        + " restore it from a backup", e);
            }
            int onDisk = partitionDirectories();
            if (onDisk >= 0 && onDisk != partitions) {
                throw new CorruptedLogException("stream '" + name + "': its metadata is corrupt (" + e.getMessage()
                        + ") and cannot be rewritten from the spec, which says " + partitions + " partitions while "
                        + directory + " holds partitions 0 to " + (onDisk - 1) + ": create the stream with"
                        + " partitions(" + onDisk + ") and Persistence.repairCorruption(true)", e);
            }
            if (onDisk < 0) {
                throw new CorruptedLogException("stream '" + name + "': its metadata is corrupt (" + e.getMessage()
                        + ") and cannot be rewritten: the partition directories in " + directory + " are not"
                        + " numbered 0 to n-1; restore the stream's directory from a backup", e);
            }
            LOG.warn("stream '{}': {} is corrupt ({}); rewriting it with the spec's {} partitions, which match the "
                    + "partition directories on disk", name, meta, e.getMessage(), partitions);
            AtomicFiles.write(meta, ByteBuffer.allocate(12).putInt(META_MAGIC).putInt(1).putInt(partitions).array());
            return;
        }
        if (existing.isPresent()) {
            ByteBuffer b = ByteBuffer.wrap(existing.get());
            if (b.remaining() < 12 || b.getInt() != META_MAGIC) {
                throw new EventStorageException("stream metadata " + meta + " is not a Foundation stream file", null);
            }
            int version = b.getInt();
            int onDisk = b.getInt();
            if (version != 1) {
                throw new EventStorageException("stream metadata " + meta + " has format version " + version
                        + ", this version reads version 1", null);
            }
            if (onDisk != partitions) {
                throw new IllegalArgumentException("stream '" + name + "' in " + directory + " has " + onDisk
                        + " partitions on disk but the spec says " + partitions
                        + ": partitions cannot change, as keys would move to other partitions");
            }
        } else {
            AtomicFiles.write(meta, ByteBuffer.allocate(12).putInt(META_MAGIC).putInt(1).putInt(partitions).array());
        }
    }

    /**
     * The number of partition directories ({@code 0}, {@code 1}, ...) in the stream's directory: {@code n} if
     * they are exactly {@code 0} to {@code n-1} (0 if none), -1 otherwise.
     */
    private int partitionDirectories() {
        java.util.TreeSet<Integer> found = new java.util.TreeSet<>();
        try (java.nio.file.DirectoryStream<Path> entries = java.nio.file.Files.newDirectoryStream(directory)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (java.nio.file.Files.isDirectory(p) && n.matches("[0-9]{1,4}")) {
                    found.add(Integer.parseInt(n));
                }
            }
        } catch (java.io.IOException e) {
            throw new EventStorageException("cannot list " + directory + ": " + e, e);
        }
        return found.isEmpty() ? 0 : found.last() == found.size() - 1 ? found.size() : -1;
    }

    /** Events stored by this stream's partitions since it was created. */
    private long published() {
        long n = 0;
        for (PartitionStore<T> s : stores) {
            n += s.published();
        }
        return n;
    }

    private void registerMeters() {
        metrics.functionCounter("published", "events stored in the stream", Tags.empty(), this, StreamImpl::published);
        metrics.functionCounter("publish.dropped", "events discarded by DROP_NEWEST", Tags.empty(), counters.dropped);
        metrics.functionCounter("publish.rejected", "publishes refused with BackpressureException", Tags.empty(),
                counters.rejected);
        for (int p = 0; p < partitions; p++) {
            Tags tags = Tags.of("partition", Integer.toString(p));
            PartitionStore<T> store = stores.get(p);
            if (store instanceof DiskPartition) {
                PartitionLog log = ((DiskPartition<T>) store).log();
                metrics.gauge("log.bytes", "bytes in the partition's segment files", tags, log,
                        l -> l.stats().bytes());
                metrics.gauge("log.segments", "segment files of the partition", tags, log,
                        l -> l.stats().segments());
            } else {
                metrics.gauge("buffer.occupancy", "events buffered for the slowest subscriber", tags, store,
                        PartitionStore::occupancy);
            }
        }
    }

    private void applyRetention() {
        for (PartitionStore<T> s : stores) {
            if (s instanceof DiskPartition && !closed.get()) {
                try {
                    ((DiskPartition<T>) s).log().applyRetention();
                } catch (RuntimeException e) {
                    LOG.error("retention of stream '{}' failed", name, e);
                }
            }
        }
    }

    int partitionCount() {
        return partitions;
    }

    PartitionStore<T> store(int partition) {
        return stores.get(partition);
    }

    EventStreamsImpl registry() {
        return registry;
    }

    boolean durable() {
        return directory != null;
    }

    Path directory() {
        return directory;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public StreamSpec<T> spec() {
        return spec;
    }

    @Override
    public CompletionStage<Receipt> publish(T event) {
        Objects.requireNonNull(event, "event");
        if (closed.get()) {
            throw new IllegalStateException("stream '" + name + "' is closed");
        }
        String key = null;
        int partition;
        if (keyFunction != null) {
            Object k = keyFunction.apply(event);
            key = k == null ? null : k.toString();
        }
        if (key == null) {
            partition = partitions == 1 ? 0 : (int) Math.floorMod(roundRobin.getAndIncrement(), (long) partitions);
        } else {
            partition = partitionFor(key, partitions);
        }
        return stores.get(partition).append(registry.clock().millis(), key, event);
    }

    /**
     * The partition of a key: a mix of {@link String#hashCode()} (specified by the JDK, so stable across JVMs
     * and versions) modulo the partition count.
     *
     * @param key        the key
     * @param partitions the partition count
     * @return the partition
     */
    static int partitionFor(String key, int partitions) {
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, partitions);
    }

    @Override
    public Subscription subscribe(String subscriptionName, SubscriberSpec<T> subscriberSpec) {
        Objects.requireNonNull(subscriberSpec, "spec");
        requireName(subscriptionName, "subscription name");
        synchronized (this) {
            requireOpen();
            if (subscriptions.containsKey(subscriptionName)) {
                throw new IllegalStateException("stream '" + name + "' already has a live subscription named '"
                        + subscriptionName + "': cancel it first or choose another name");
            }
            SubscriptionImpl<T> sub = startSubscription(subscriptionName, subscriberSpec,
                    durable() ? new DurableOffsets(directory, subscriptionName) : CommitStore.NONE);
            return sub;
        }
    }

    SubscriptionImpl<T> startSubscription(String subscriptionName, SubscriberSpec<T> subscriberSpec,
                                          CommitStore commits) {
        AtomicReference<SubscriptionImpl<T>> self = new AtomicReference<>();
        SubscriptionImpl<T> sub = new SubscriptionImpl<>(this, subscriptionName, subscriberSpec, commits, !durable(),
                metrics, () -> subscriptions.remove(subscriptionName, self.get()));
        self.set(sub);
        subscriptions.put(subscriptionName, sub);
        sub.start();
        return sub;
    }

    static void requireName(String value, String what) {
        Names.require(value, what);
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("stream '" + name + "' is closed");
        }
    }

    @Override
    public Flow.Publisher<Event<T>> asPublisher(PublisherSpec publisherSpec) {
        Objects.requireNonNull(publisherSpec, "spec");
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber");
            new FlowSubscription<>(this, publisherSpec, subscriber).start();
        };
    }

    boolean registerFlow(FlowSubscription<T> flow) {
        synchronized (this) {
            if (closed.get()) {
                return false;
            }
            flows.add(flow);
            return true;
        }
    }

    void unregisterFlow(FlowSubscription<T> flow) {
        flows.remove(flow);
    }

    @Override
    public Flow.Subscriber<T> asSubscriber() {
        return new StreamFlowSubscriber<>(this);
    }

    long freeCapacity() {
        long min = Long.MAX_VALUE;
        for (PartitionStore<T> s : stores) {
            min = Math.min(min, s.freeCapacity());
        }
        return min;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S> Projection<S> projection(String projectionName, S initialState, BiFunction<S, ? super T, S> fold) {
        Objects.requireNonNull(initialState, "initialState");
        return projection(projectionName, initialState, fold, Codecs.json((Class<S>) initialState.getClass()));
    }

    @Override
    public <S> Projection<S> projection(String projectionName, S initialState, BiFunction<S, ? super T, S> fold,
                                        Codec<S> stateCodec) {
        requireName(projectionName, "projection name");
        Objects.requireNonNull(initialState, "initialState");
        Objects.requireNonNull(fold, "fold");
        Objects.requireNonNull(stateCodec, "stateCodec");
        synchronized (this) {
            requireOpen();
            requireNoProjection(projectionName);
        }
        ProjectionImpl<S, T> p = new ProjectionImpl<>(this, projectionName, initialState, fold, stateCodec,
                () -> projections.remove(projectionName));
        p.load(); // the snapshot is decoded by the application's codec: without the stream's monitor
        synchronized (this) {
            requireOpen();
            requireNoProjection(projectionName);
            projections.put(projectionName, p);
            try {
                p.start();
            } catch (RuntimeException e) {
                projections.remove(projectionName);
                throw e;
            }
            return p;
        }
    }

    private void requireNoProjection(String projectionName) {
        if (projections.containsKey(projectionName)) {
            throw new IllegalStateException("stream '" + name + "' already has a projection named '"
                    + projectionName + "'");
        }
    }

    @Override
    public EventStream<DeadLetter<T>> deadLetters() {
        if (deadLetters == null) {
            throw new UnsupportedOperationException("'" + name + "' is a dead-letter stream: it has none of its own");
        }
        return deadLetters;
    }

    /** Publishes a failed batch to the dead-letter stream, waiting for durability on a durable stream. */
    void deadLetter(String subscription, List<Event<T>> batch, Throwable error, int attempts) {
        if (deadLetters == null) {
            LOG.error("subscription '{}' of dead-letter stream '{}' failed on {} event(s); they are not re-dead-lettered",
                    subscription, name, batch.size(), error);
            return;
        }
        String message = error.getClass().getName() + ": " + error.getMessage();
        List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
        try {
            for (Event<T> e : batch) {
                receipts.add(deadLetters.publish(new DeadLetter<>(subscription, e, message, attempts))
                        .toCompletableFuture());
            }
            for (CompletableFuture<Receipt> r : receipts) {
                r.get(spec.blockTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("interrupted while dead-lettering {} event(s) of stream '{}'", batch.size(), name, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.error("could not dead-letter {} event(s) of stream '{}' partition {} offsets {}..{} for subscription "
                    + "'{}'", batch.size(), name, batch.get(0).partition(), batch.get(0).offset(),
                    batch.get(batch.size() - 1).offset(), subscription, e);
        }
    }

    @Override
    public StreamStats stats() {
        List<Long> starts = new ArrayList<>(partitions);
        List<Long> ends = new ArrayList<>(partitions);
        for (PartitionStore<T> s : stores) {
            if (closed.get() && durable()) {
                starts.add(0L);
                ends.add(0L);
                continue;
            }
            starts.add(s.startOffset());
            ends.add(s.endOffset());
        }
        return new StreamStats(published(), counters.dropped.sum(), counters.rejected.sum(), starts, ends,
                subscriptions.size() + flows.size() + projections.size());
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        close(registry.drainTimeout());
    }

    @Override
    public void close(Duration drainTimeout) {
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (!closed.compareAndSet(false, true)) {
            closedFuture.join();
            return;
        }
        try {
            long deadline = System.nanoTime() + drainTimeout.toNanos();
            synchronized (this) {
                for (PartitionStore<T> s : stores) {
                    s.shutdownInput();
                }
            }
            if (retentionTask != null) {
                retentionTask.cancel(false);
            }
            List<SubscriptionImpl<T>> subs = new ArrayList<>(subscriptions.values());
            List<ProjectionImpl<?, T>> projs = new ArrayList<>(projections.values());
            List<FlowSubscription<T>> flowList = new ArrayList<>(flows);
            for (SubscriptionImpl<T> s : subs) {
                s.requestStop(true);
            }
            for (ProjectionImpl<?, T> p : projs) {
                p.requestStop();
            }
            for (FlowSubscription<T> f : flowList) {
                f.streamClosing();
            }
            for (SubscriptionImpl<T> s : subs) {
                long left = s.awaitStopped(deadline);
                if (left > 0) {
                    LOG.warn("stream '{}' closed: subscription '{}' left {} event(s) undelivered{}", name, s.name(),
                            left, durable() ? " (they are on disk: it resumes there next time)" : "");
                }
            }
            for (ProjectionImpl<?, T> p : projs) {
                p.awaitStopped(deadline);
            }
            for (FlowSubscription<T> f : flowList) {
                f.awaitTerminated(deadline);
            }
            if (deadLetters != null) {
                deadLetters.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
            closeStores();
            if (lock != null) {
                lock.close();
            }
        } finally {
            metrics.close();
            registry.removed(this);
            closedFuture.complete(null);
        }
    }

    private void closeStores() {
        for (PartitionStore<T> s : stores) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Override
    public String toString() {
        return "EventStream[" + name + ", " + spec + "]";
    }
}
