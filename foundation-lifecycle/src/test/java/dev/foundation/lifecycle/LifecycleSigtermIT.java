package dev.foundation.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** A real child JVM receives SIGTERM ({@link Process#destroy()} on Linux) and shuts down gracefully. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Process.destroy() is not SIGTERM on Windows")
class LifecycleSigtermIT {

    private static final List<String> GRACEFUL = List.of("start:db", "start:cache", "start:web",
            "hook:deregister", "hook:flush", "stop:web", "stop:cache", "stop:db");

    @Test
    void sigterm_shutsDownGracefullyInOrder_runsHooks_andExitsZero(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.txt");
        Process child = startChild(events, "exit-zero");
        child.destroy();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
        assertThat(child.exitValue()).isZero();
        assertThat(Files.readAllLines(events)).containsExactlyElementsOf(GRACEFUL);
    }

    @Test
    void sigterm_byDefault_shutsDownGracefully_withTheJvmsStatus143(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.txt");
        Process child = startChild(events, "default");
        child.destroy();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
        assertThat(child.exitValue()).isEqualTo(143);
        assertThat(Files.readAllLines(events)).containsExactlyElementsOf(GRACEFUL);
    }

    @Test
    void sigterm_afterOptingOut_stopsNothing(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.txt");
        Process child = startChild(events, "opt-out");
        child.destroy();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
        assertThat(child.exitValue()).isEqualTo(143);
        assertThat(Files.readAllLines(events)).containsExactly("start:db", "start:cache", "start:web");
    }

    @Test
    void sigterm_duringStart_runsTheHooks_andStopsWhatHadStarted(@TempDir Path dir) throws Exception {
        Path events = dir.resolve("events.txt");
        Process child = startChild(events, "during-start");
        child.destroy();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
        assertThat(child.exitValue()).isEqualTo(143);
        assertThat(Files.readAllLines(events)).containsExactly("start:db", "start:cache",
                "hook:deregister", "hook:flush", "stop:cache", "stop:db");
    }

    private static Process startChild(Path events, String mode) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SigtermChild.class.getName(), events.toString(), mode)
                .redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.equals("READY")) {
                        ready.countDown();
                    }
                }
            } catch (java.io.IOException ignored) {
                // the child is gone
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            synchronized (output) {
                throw new AssertionError("child did not become ready; its output: " + output);
            }
        }
        return child;
    }
}
