package dev.foundation.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 3: resuming must not load every completed step's output into the heap. Eight instances whose
 * three completed steps each stored a 4 MiB output (96 MiB in all) are left in flight by an engine in this JVM;
 * a child JVM with {@code -Xmx64m} resumes and completes all of them (its last step reads the three outputs one by
 * one), then runs a step that exhausts its heap: that instance ends FAILED instead of staying RUNNING.
 */
class ResumeMemoryIT {

    private static final int INSTANCES = 8;

    @TempDir
    Path dir;

    @Test
    void resumingInstancesWithLargeOutputs_inASmallHeap_completesThem_andAnOutOfMemoryErrorFailsItsInstance()
            throws Exception {
        Path db = dir.resolve("wf.db");
        AtomicInteger entered = new AtomicInteger();
        StepFunction<ResumeChild.In> blocking = ctx -> {
            entered.incrementAndGet();
            Thread.sleep(Long.MAX_VALUE); // interrupted by close(): the instance stays in flight
            return null;
        };
        List<String> ids = new ArrayList<>();
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db))
                .register(ResumeChild.definition(blocking)).parallelism(INSTANCES).build()) {
            for (int i = 0; i < INSTANCES; i++) {
                ids.add(engine.start("big", new ResumeChild.In(i)).id());
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> entered.get() == INSTANCES);
        }
        Path wal = dir.resolve("wf.db-wal");
        assertThat(Files.size(db) + (Files.exists(wal) ? Files.size(wal) : 0))
                .as("the outputs are in the store").isGreaterThan(3L * INSTANCES * ResumeChild.OUTPUT_CHARS);

        Path log = dir.resolve("child.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                ResumeChild.class.getName(), db.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("child finished").isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(out).isZero();
        assertThat(out).contains("RESUMED" + " COMPLETED".repeat(INSTANCES) + "\n");
        assertThat(out).containsPattern("OOM FAILED .*java.lang.OutOfMemoryError");

        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db))
                .register(ResumeChild.definition(ctx -> 0L)).build()) {
            for (String id : ids) {
                WorkflowHandle h = engine.instance(id).orElseThrow();
                assertThat(h.info().status()).isEqualTo(Status.COMPLETED);
                assertThat(h.output("last", Long.class)).contains(3L * ResumeChild.OUTPUT_CHARS);
            }
            assertThat(engine.query(Query.status(Status.RUNNING))).isEmpty();
        }
    }
}
