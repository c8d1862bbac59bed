package dev.foundation.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A transition listener may wait for another thread that uses the lifecycle. The showcase's status page
 * deadlocked this way in foundation-analytics: a listener ran under the library's lock and waited for a thread
 * that needed that lock.
 */
class ListenerOutsideTheLockTest {

    private final EventLog log = new EventLog();
    private final ExecutorService other = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() throws InterruptedException {
        other.shutdownNow();
        assertThat(other.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void listener_mayWaitForAThreadThatReadsTheLifecycleAndReportsACrash() {
        TestComponent db = new TestComponent("db", log);
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicReference<String> answered = new AtomicReference<>();
        AtomicReference<Lifecycle> lifecycle = new AtomicReference<>();
        Lifecycle app = Lifecycle.builder()
                .component("db", db)
                .listener(t -> {
                    seen.add(t.component() + ":" + t.to());
                    if (t.to() != Stage.RUNNING) {
                        return;
                    }
                    CompletableFuture<String> use = CompletableFuture.supplyAsync(() -> {
                        String read = lifecycle.get().stage("db") + ", live " + lifecycle.get().health().live();
                        db.context.crashed(new IOException("connection reset"));
                        return read;
                    }, other);
                    try {
                        answered.set(use.get(10, TimeUnit.SECONDS));
                    } catch (Exception e) {
                        throw new AssertionError("a thread using the lifecycle did not answer while a listener waited"
                                + " for it", e);
                    }
                })
                .build();
        lifecycle.set(app);

        LifecycleStartException e = catchThrowableOfType(LifecycleStartException.class, app::start);

        assertThat(answered.get()).isEqualTo("RUNNING, live true");
        assertThat(e.failures()).containsOnlyKeys("db");
        assertThat(e.getMessage()).contains("IOException: connection reset");
        assertThat(seen).containsExactly("db:STARTING", "db:RUNNING", "db:FAILED"); // the crash after, in order
        assertThat(app.stage("db")).isEqualTo(Stage.FAILED);
    }
}
