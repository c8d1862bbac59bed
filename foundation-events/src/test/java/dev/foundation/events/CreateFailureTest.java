package dev.foundation.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A {@code create} that fails part-way leaves nothing behind; partitions do not each hold a large buffer. */
class CreateFailureTest {

    @TempDir
    Path dir;

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private StreamSpec<String> spec(FailingDisk disk) {
        return StreamSpec.of(String.class).partitions(16).persistence(Persistence.disk(dir).channelOpener(disk));
    }

    /** Makes {@code create} fail when it opens the files under {@code failingDir}, and checks the throw. */
    private void failCreate(EventStreams streams, String name, FailingDisk disk, Path failingDir, Throwable fault,
                            Class<? extends Throwable> expected) {
        disk.failOpensUnder(failingDir, fault);
        assertThatThrownBy(() -> streams.create(name, spec(disk))).isInstanceOf(expected);
        disk.repair();
    }

    @Test
    void create_failingAfterOpeningSomePartitions_releasesThreadsFileDescriptorsAndTheLock() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "counts file descriptors in /proc/self/fd");
        FailingDisk disk = new FailingDisk();
        long fds;
        Set<String> threads;
        try (EventStreams streams = EventStreams.builder().drainTimeout(Duration.ofSeconds(5)).build()) {
            // first once, so that every class of the failure path is loaded (and its jar opened) before counting
            failCreate(streams, "warm-up", disk, dir.resolve("warm-up").resolve("11"),
                    new OutOfMemoryError("Direct buffer memory (injected)"), OutOfMemoryError.class);
            failCreate(streams, "warm-up", disk, dir.resolve("warm-up").resolve("11"),
                    new IOException(FailingDisk.DISK_FULL), EventStorageException.class);
            threads = Threads.foundationThreads();
            fds = openFileDescriptors();

            // partitions 0 to 10 open (11 writer threads, 22 files), then partition 11 fails
            failCreate(streams, "orders", disk, dir.resolve("orders").resolve("11"),
                    new OutOfMemoryError("Direct buffer memory (injected)"), OutOfMemoryError.class);
            assertThat(Threads.foundationThreads()).isEqualTo(threads);
            assertThat(openFileDescriptors()).isEqualTo(fds);
            failCreate(streams, "orders", disk, dir.resolve("orders").resolve("11"),
                    new IOException(FailingDisk.DISK_FULL), EventStorageException.class);
            assertThat(Threads.foundationThreads()).isEqualTo(threads);
            assertThat(openFileDescriptors()).isEqualTo(fds);
            // every partition opens, then the dead-letter stream fails
            failCreate(streams, "orders", disk, dir.resolve("orders.dead-letter"),
                    new OutOfMemoryError("Direct buffer memory (injected)"), OutOfMemoryError.class);
            assertThat(Threads.foundationThreads()).isEqualTo(threads);
            assertThat(openFileDescriptors()).isEqualTo(fds);
            assertThat(streams.names()).isEmpty();

            // nothing stays locked: the same registry opens the stream and publishes to every partition
            EventStream<String> orders = streams.create("orders", spec(disk));
            List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                receipts.add(orders.publish("e" + i).toCompletableFuture());
            }
            for (CompletableFuture<Receipt> r : receipts) {
                r.join();
            }
            assertThat(orders.stats().endOffsets()).allMatch(end -> end == 1L);
            orders.close();
        }
        assertThat(Threads.foundationThreads()).isEqualTo(threads);
        assertThat(openFileDescriptors()).isEqualTo(fds);
    }

    private static long directMemoryUsed() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool.getMemoryUsed();
            }
        }
        throw new AssertionError("no direct buffer pool");
    }

    /**
     * Each partition used to frame its writes in a 1 MiB direct buffer of its own (4 GiB for 4,096 partitions,
     * the API's limit); the writers now share at most 8 MiB. Publishing to every partition of a wide stream must
     * not grow direct memory by more than 16 MiB (the shared buffers plus what the JDK caches per thread for
     * heap-buffer I/O). 256 partitions by default, to keep the suite short; {@code -Devents.wide.partitions=4096}
     * measures the API's limit (the README's figure), which takes minutes on a small machine.
     */
    @Test
    void directMemory_staysBounded_forAWideStream() {
        int partitions = Integer.getInteger("events.wide.partitions", 256);
        long before = directMemoryUsed();
        try (EventStreams streams = EventStreams.builder().build()) {
            EventStream<String> s = streams.create("wide", StreamSpec.of(String.class).partitions(partitions)
                    .persistence(Persistence.disk(dir).fsync(FsyncPolicy.NEVER).segmentSize(4096)));
            List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
            for (int i = 0; i < 3 * partitions; i++) {
                receipts.add(s.publish("event " + i).toCompletableFuture());
            }
            receipts.forEach(CompletableFuture::join);
            assertThat(s.stats().endOffsets()).allMatch(end -> end == 3L);
            long grown = directMemoryUsed() - before;
            LoggerFactory.getLogger(CreateFailureTest.class).info("{} partitions: direct memory grew by {} bytes",
                    partitions, grown);
            assertThat(grown).as("direct memory grown by %d bytes", grown).isLessThan(16L << 20);
        }
    }
}
