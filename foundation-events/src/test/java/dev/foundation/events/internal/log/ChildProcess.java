package dev.foundation.events.internal.log;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child JVM running {@link CrashChild}, whose output lines are collected as they arrive. */
final class ChildProcess {

    private final Process process;
    private final Path stderr;
    private final List<String> lines = new ArrayList<>();
    private final Thread pump;
    private volatile IOException readError;

    private ChildProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.pump = new Thread(this::pump, "child-output");
        this.pump.setDaemon(true);
    }

    static ChildProcess start(Path logFile, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx128m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xshare:auto");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CrashChild.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        ChildProcess child = new ChildProcess(pb.start(), logFile);
        child.pump.start();
        return child;
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            readError = e; // kill() leaves the stream open, so this would be a lost tail: kill() fails
        }
    }

    /** Waits until at least {@code count} lines arrived; fails if the child exits or the deadline passes. */
    void awaitLines(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (lines.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("child produced " + lines.size() + " of " + count + " lines in "
                            + timeout);
                }
                if (!process.isAlive() && !pump.isAlive()) {
                    throw new AssertionError("child exited with " + process.exitValue() + " after " + lines.size()
                            + " lines: " + lines + "; its stderr ends with: " + stderrTail());
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
            }
        }
    }

    private String stderrTail() {
        try {
            String all = java.nio.file.Files.readString(stderr, StandardCharsets.UTF_8);
            return all.substring(Math.max(0, all.length() - 3000));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * Kills the child with SIGKILL and returns every complete line it printed. The signal goes through the
     * {@link ProcessHandle}: {@link Process#destroyForcibly()} would also close the stream the pump reads, and
     * the lines still in the pipe would be lost.
     */
    List<String> kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("child did not die");
        }
        pump.join(TimeUnit.SECONDS.toMillis(30));
        if (pump.isAlive() || readError != null) {
            throw new AssertionError("the killed child's output was not read to its end", readError);
        }
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }
}
