package dev.foundation.benchmarks.workflow;

import dev.foundation.benchmarks.workflow.FiveSteps.Input;
import dev.foundation.benchmarks.workflow.FiveSteps.PlainContext;
import dev.foundation.workflow.InstanceInfo;
import dev.foundation.workflow.Status;
import dev.foundation.workflow.StepFunction;
import dev.foundation.workflow.WorkflowEngine;
import dev.foundation.workflow.WorkflowHandle;
import dev.foundation.workflow.WorkflowStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The shared fixture of the workflow benchmarks: an engine on an embedded SQLite store running a 5-step
 * chain of no-op steps, the same five functions called plainly, and a plain JDBC insert-per-step
 * (autocommit, WAL, {@code synchronous=FULL}) into the same SQLite file.
 */
final class FiveStepBench {

    private static final int STEPS = FiveSteps.STEPS;

    private final Path dir;
    private final WorkflowEngine engine;
    private final Connection jdbc;
    private final PreparedStatement insert;
    private final List<StepFunction<Input>> functions = FiveSteps.functions();
    private int sequence;

    FiveStepBench() {
        try {
            dir = Files.createTempDirectory("wf-bench");
            Path db = dir.resolve("wf.db");
            engine = WorkflowEngine.builder().store(WorkflowStores.sqlite(db)).register(FiveSteps.definition()).parallelism(16)
                    .build();
            jdbc = DriverManager.getConnection("jdbc:sqlite:" + db);
            try (Statement st = jdbc.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=10000");
                st.execute("CREATE TABLE IF NOT EXISTS bench_step (instance_id TEXT NOT NULL, step TEXT NOT NULL,"
                        + " output TEXT, PRIMARY KEY (instance_id, step))");
            }
            insert = jdbc.prepareStatement("INSERT INTO bench_step(instance_id, step, output) VALUES (?, ?, ?)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code instances} workflow instances concurrently and waits for all of them. */
    int foundation(int instances) {
        List<CompletableFuture<WorkflowHandle>> handles = new ArrayList<>(instances);
        for (int i = 0; i < instances; i++) {
            handles.add(engine.startAsync("five", new Input(sequence++), UUID.randomUUID().toString()));
        }
        int done = 0;
        for (CompletableFuture<WorkflowHandle> h : handles) {
            InstanceInfo info = h.join().result(Duration.ofMinutes(1));
            if (info.status() != Status.COMPLETED) {
                throw new IllegalStateException("instance did not complete: " + info);
            }
            done++;
        }
        return done;
    }

    /** Calls the same five functions plainly (no durability). */
    long plain(int instances) throws Exception {
        long sum = 0;
        for (int i = 0; i < instances; i++) {
            Input in = new Input(sequence++);
            for (StepFunction<Input> f : functions) {
                sum += (Integer) f.run(new PlainContext(in));
            }
        }
        return sum;
    }

    /** One autocommitted JDBC insert per step: what a hand-written "record each step" would do. */
    int jdbc(int instances) throws Exception {
        int rows = 0;
        for (int i = 0; i < instances; i++) {
            Input in = new Input(sequence++);
            String id = UUID.randomUUID().toString();
            for (int s = 0; s < STEPS; s++) {
                Object out = functions.get(s).run(new PlainContext(in));
                insert.setString(1, id);
                insert.setString(2, "s" + (s + 1));
                insert.setString(3, String.valueOf(out));
                rows += insert.executeUpdate();
            }
        }
        return rows;
    }

    void close() {
        engine.close();
        try {
            insert.close();
            jdbc.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
