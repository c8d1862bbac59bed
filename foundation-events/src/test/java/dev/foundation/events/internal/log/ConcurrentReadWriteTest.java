package dev.foundation.events.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentReadWriteTest {

    @TempDir
    Path dir;

    @Test
    void tailingReaders_seeEveryRecordOnceInOrder_andNeverBeyondTheDurableEnd_whileAppendersRollSegments()
            throws Exception {
        int appenders = 4;
        int perAppender = 1500;
        LogConfig config = LogConfig.defaults().withSegmentBytes(4096).withIndexIntervalBytes(256);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try (PartitionLog log = PartitionLog.open(dir, config)) {
            AtomicBoolean appendersDone = new AtomicBoolean();
            CountDownLatch start = new CountDownLatch(1);
            List<List<LogRecord>> seen = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                List<LogRecord> mine = new ArrayList<>();
                seen.add(mine);
                threads.add(new Thread(() -> {
                    try (LogReader reader = log.reader(0)) {
                        start.await();
                        while (true) {
                            boolean finished = appendersDone.get();
                            List<LogRecord> batch = reader.poll(97);
                            long durable = log.durableEndOffset();
                            for (LogRecord rec : batch) {
                                assertThat(rec.offset()).isLessThan(durable);
                            }
                            mine.addAll(batch);
                            if (batch.isEmpty() && finished && reader.position() == log.durableEndOffset()) {
                                return;
                            }
                        }
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                }, "tailing-reader-" + r));
            }
            List<Thread> writers = new ArrayList<>();
            for (int a = 0; a < appenders; a++) {
                int id = a;
                writers.add(new Thread(() -> {
                    try {
                        start.await();
                        List<CompletableFuture<Long>> futures = new ArrayList<>();
                        for (int i = 0; i < perAppender; i++) {
                            byte[] payload = ByteBuffer.allocate(8 + i % 50).putInt(id).putInt(i).array();
                            futures.add(log.append(i, null, payload));
                            if (i % 100 == 99) {
                                futures.get(futures.size() - 1).get(30, TimeUnit.SECONDS);
                            }
                        }
                        for (CompletableFuture<Long> f : futures) {
                            f.get(30, TimeUnit.SECONDS);
                        }
                    } catch (Throwable t) {
                        errors.add(t);
                    }
                }, "appender-" + a));
            }
            threads.forEach(Thread::start);
            writers.forEach(Thread::start);
            start.countDown();
            for (Thread w : writers) {
                w.join(TimeUnit.SECONDS.toMillis(60));
            }
            appendersDone.set(true);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(t.isAlive()).isFalse();
            }
            assertThat(errors).isEmpty();
            List<LogRecord> all = LogTestSupport.readAll(log, 0);
            assertThat(all).hasSize(appenders * perAppender);
            assertThat(log.stats().segments()).isGreaterThan(10);
            int[] next = new int[appenders];
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).offset()).isEqualTo(i);
                ByteBuffer b = ByteBuffer.wrap(all.get(i).payload());
                int id = b.getInt();
                assertThat(b.getInt()).as("per-appender order").isEqualTo(next[id]++);
            }
            for (List<LogRecord> mine : seen) {
                assertThat(mine).isEqualTo(all);
            }
        }
    }
}
