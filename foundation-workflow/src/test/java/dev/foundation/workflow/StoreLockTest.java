package dev.foundation.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, item 2: one engine per SQLite store file, in one process and across processes. */
class StoreLockTest {

    @TempDir
    Path dir;

    private WorkflowEngine engine(Path db, AtomicInteger runs) {
        return WorkflowEngine.builder().store(WorkflowStores.sqlite(db))
                .register(Workflow.define("hold", StoreHolderChild.In.class).step("only", ctx -> runs.incrementAndGet())
                        .build()).build();
    }

    @Test
    void aSecondEngineInTheSameProcess_isRefusedNamingThisProcess_andOpensOnceTheFirstIsClosed() {
        Path db = dir.resolve("wf.db");
        AtomicInteger runs = new AtomicInteger();
        WorkflowEngine first = engine(db, runs);
        WorkflowHandle h = first.start("hold", new StoreHolderChild.In(1), "k");
        assertThatThrownBy(() -> engine(db, runs)).isInstanceOf(WorkflowStoreLockedException.class)
                .hasMessageContaining("in use by another engine in this process (pid " + ProcessHandle.current().pid()
                        + ")")
                .hasMessageContaining(db.toString());
        assertThatThrownBy(() -> engine(db, runs)).as("refused again, the first engine unaffected")
                .isInstanceOf(WorkflowStoreLockedException.class);
        assertThat(h.result(Duration.ofSeconds(10)).status()).isEqualTo(Status.COMPLETED);
        first.close();
        try (WorkflowEngine second = engine(db, runs)) {
            assertThat(second.instance(h.id())).isPresent();
        }
        assertThat(runs.get()).as("the step ran once: the refused engines ran nothing").isEqualTo(1);
    }

    @Test
    void anEngineInAnotherProcess_isRefusedNamingItsPid_andItsLockGoesWithTheProcess() throws Exception {
        Path db = dir.resolve("wf.db");
        for (boolean kill : new boolean[] {false, true}) {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                    StoreHolderChild.class.getName(), db.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8));
                String line = out.readLine();
                assertThat(line).as("the child opened the store").startsWith("OPEN " + child.pid());
                assertThatThrownBy(() -> engine(db, new AtomicInteger()))
                        .isInstanceOf(WorkflowStoreLockedException.class)
                        .hasMessageContaining("another process (pid " + child.pid() + ")");
                if (kill) {
                    child.destroyForcibly(); // the operating system releases the lock of a dead process
                } else {
                    child.getOutputStream().close(); // the child closes its engine and exits
                }
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                child.destroyForcibly();
            }
            try (WorkflowEngine engine = engine(db, new AtomicInteger())) {
                assertThat(engine.inFlight()).isZero();
            }
        }
    }
}
