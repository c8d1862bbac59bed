package dev.foundation.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foundation.workflow.SqliteOptions;
import dev.foundation.workflow.Status;
import dev.foundation.workflow.WorkflowStoreException;
import dev.foundation.workflow.spi.AttemptKind;
import dev.foundation.workflow.spi.Checkpoint;
import dev.foundation.workflow.spi.NewInstance;
import dev.foundation.workflow.spi.StepState;
import dev.foundation.workflow.spi.StoredInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteWorkflowStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private static NewInstance instance(String id, String key) {
        return new NewInstance(id, "w", 1, key, "{}".getBytes(StandardCharsets.UTF_8), T0, null);
    }

    private static Checkpoint started(String id, String step, int attempt) {
        return new Checkpoint.AttemptStarted(id, step, AttemptKind.STEP, attempt, T0);
    }

    private static Checkpoint completed(String id, String step, int attempt, long seq) {
        return new Checkpoint.AttemptFinished(id, step, AttemptKind.STEP, attempt, T0.plusSeconds(1),
                StepState.COMPLETED, "1".getBytes(StandardCharsets.UTF_8), null, seq, null, null);
    }

    @Test
    void createInstance_isInsertOrGet_andWritesInitialCheckpointsOnlyWhenNew() {
        try (SqliteWorkflowStore store = new SqliteWorkflowStore(dir.resolve("s.db"), SqliteOptions.defaults())) {
            store.initialize();
            StoredInstance a = store.createInstance(instance("i1", "k"), List.of(started("i1", "s", 1))).join();
            StoredInstance b = store.createInstance(instance("i2", "k"), List.of(started("i2", "s", 1))).join();
            assertThat(a.id()).isEqualTo("i1");
            assertThat(b.id()).isEqualTo("i1");
            assertThat(store.steps("i1")).singleElement().satisfies(s -> assertThat(s.state())
                    .isEqualTo(StepState.RUNNING));
            assertThat(store.steps("i2")).isEmpty();
            assertThat(store.instance("i2")).isEmpty();
        }
    }

    @Test
    void checkpoint_fencesStaleAndDuplicateResults_soACompletionIsRecordedOnce() {
        try (SqliteWorkflowStore store = new SqliteWorkflowStore(dir.resolve("s.db"), SqliteOptions.defaults())) {
            store.initialize();
            store.createInstance(instance("i", "k"), List.of(started("i", "s", 1))).join();
            store.checkpoint(List.of(completed("i", "s", 1, 1))).join();
            // the same result again, a result for an attempt that is not running, a restart of a completed step
            assertThatThrownBy(() -> store.checkpoint(List.of(completed("i", "s", 1, 2))).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(WorkflowStoreException.class)
                    .hasMessageContaining("rejected");
            assertThatThrownBy(() -> store.checkpoint(List.of(started("i", "s", 2))).join())
                    .hasCauseInstanceOf(WorkflowStoreException.class)
                    .hasMessageContaining("already completed or a later attempt started");
            assertThat(store.history("i")).extracting(a -> a.outcome()).containsExactly("COMPLETED");
            assertThat(store.steps("i").get(0).completionSeq()).isEqualTo(1);
        }
    }

    @Test
    void groupCommit_rejectedCheckpointFailsAlone_andItsOtherChangesAreRolledBack() {
        try (SqliteWorkflowStore store = new SqliteWorkflowStore(dir.resolve("s.db"), SqliteOptions.defaults())) {
            store.initialize();
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                store.createInstance(instance("i" + i, "k" + i), List.of()).join();
            }
            for (int i = 0; i < 50; i++) {
                String id = "i" + i;
                if (i == 25) { // a valid start followed by an invalid finish: both must be undone
                    futures.add(store.checkpoint(List.of(started(id, "s", 1), completed(id, "other", 1, 1))));
                } else {
                    futures.add(store.checkpoint(List.of(started(id, "s", 1))));
                }
            }
            for (int i = 0; i < 50; i++) {
                int n = i;
                if (i == 25) {
                    assertThatThrownBy(() -> futures.get(n).join()).hasCauseInstanceOf(WorkflowStoreException.class);
                    assertThat(store.steps("i25")).isEmpty();
                    assertThat(store.history("i25")).isEmpty();
                } else {
                    futures.get(i).join();
                    assertThat(store.steps("i" + i)).hasSize(1);
                }
            }
            store.checkpoint(List.of(new Checkpoint.StatusChanged("i0", Status.COMPLETED, null, T0))).join();
            assertThatThrownBy(() -> store.checkpoint(List.of(new Checkpoint.StatusChanged("i0", Status.FAILED, "x",
                    T0))).join()).hasMessageContaining("has already ended");
            assertThat(store.unfinishedInstances()).hasSize(49);
        }
    }

    @Test
    void close_failsLaterWrites_andIsIdempotent() {
        SqliteWorkflowStore store = new SqliteWorkflowStore(dir.resolve("s.db"), SqliteOptions.defaults());
        store.initialize();
        store.close();
        store.close();
        assertThatThrownBy(() -> store.checkpoint(List.of(started("i", "s", 1))).join())
                .hasCauseInstanceOf(WorkflowStoreException.class).hasMessageContaining("is closed");
    }
}
