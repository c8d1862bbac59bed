package dev.foundation.audit;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The child JVM of {@link AuditCrashIT}: opens the trail and records from four threads until killed, printing
 * {@code A <sequence> <hash>} for every acknowledged (durable) record.
 */
public final class AuditCrashChild {

    private AuditCrashChild() {
    }

    /**
     * Entry point.
     *
     * @param args the trail directory, the run number
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        AuditTrail trail = AuditTrail.builder(Path.of(args[0])).keyring(TestKeys.keyring()).checkpointEvery(7)
                .segmentSize(16 * 1024).build();
        String run = args[1];
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                for (long i = 0; ; i++) {
                    AuditRecord r = trail.record("user-" + id, "write", "doc/" + run + "/" + i, Outcome.SUCCESS,
                            Map.of("run", run)).toCompletableFuture().join();
                    synchronized (out) {
                        out.println("A " + r.sequence() + " " + r.hash());
                        out.flush();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
