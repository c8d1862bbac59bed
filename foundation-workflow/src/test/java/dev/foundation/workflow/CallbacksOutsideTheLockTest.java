package dev.foundation.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.core.Codec;
import dev.foundation.core.Codecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The application's code the engine runs when an attempt ends may wait for another thread that reads the
 * instance: here a sibling step whose body reads an earlier step's output through its {@link StepContext}. The
 * showcase's status page deadlocked this way in foundation-analytics: application code ran under the library's
 * lock and waited for a thread that needed that lock.
 */
class CallbacksOutsideTheLockTest {

    /** Where the application's code runs when an attempt ends. */
    enum Callback { RETRY_PREDICATE, OUTPUT_CODEC }

    @TempDir
    Path dir;

    /** Lets the sibling step read; completed by the callback that then waits for the answer. */
    private final CompletableFuture<Void> go = new CompletableFuture<>();
    private final CompletableFuture<String> read = new CompletableFuture<>();
    private final Map<Callback, String> answered = new ConcurrentHashMap<>();

    /** Called from inside the application's code: the sibling step reads the instance, within a deadline. */
    private void readFromAnotherThread(Callback where) {
        go.complete(null);
        try {
            answered.put(where, read.get(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new AssertionError("a step reading the instance did not answer while the " + where
                    + " waited for it", e);
        }
    }

    /** The sibling step's body: once the callback waits, reads the first step's output. */
    private String sibling(StepContext<String> ctx) throws Exception {
        go.get(10, TimeUnit.SECONDS);
        String first = ctx.output("first", String.class);
        read.complete(first + " read by " + ctx.stepName());
        return first;
    }

    @ParameterizedTest
    @EnumSource(Callback.class)
    void applicationCode_mayWaitForAThreadThatReadsTheInstance(Callback where) throws Exception {
        Codec<String> json = Codecs.json(String.class);
        Codec<String> waiting = new Codec<>() {
            @Override
            public byte[] encode(String value) {
                readFromAnotherThread(where);
                return json.encode(value);
            }

            @Override
            public String decode(byte[] bytes) {
                return json.decode(bytes);
            }

            @Override
            public String name() {
                return "waiting-json";
            }
        };
        AtomicBoolean failedOnce = new AtomicBoolean();
        WorkflowDefinition<String> def = Workflow.define("w", String.class)
                .step("first", ctx -> "one")
                .step("second", ctx -> {
                    if (failedOnce.compareAndSet(false, true)) {
                        throw new UncheckedIOException(new IOException("first attempt fails"));
                    }
                    return "two";
                }, s -> {
                    s.after("first").retry(Retry.fixed(Duration.ofMillis(1), 2).retryOn(e -> {
                        if (where == Callback.RETRY_PREDICATE) {
                            readFromAnotherThread(where);
                        }
                        return true;
                    }));
                    if (where == Callback.OUTPUT_CODEC) {
                        s.outputCodec(waiting);
                    }
                })
                .step("sibling", this::sibling, s -> s.after("first"))
                .build();
        try (WorkflowEngine engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(dir.resolve("wf.db")))
                .parallelism(4).register(def).build()) {
            WorkflowHandle h = engine.start("w", "in", "key-" + where);

            InstanceInfo info = h.result(Duration.ofSeconds(30));

            assertThat(info.status()).isEqualTo(Status.COMPLETED);
            assertThat(answered.get(where)).isEqualTo("one read by sibling");
            assertThat(h.output("second", String.class)).contains("two");
        }
    }
}
