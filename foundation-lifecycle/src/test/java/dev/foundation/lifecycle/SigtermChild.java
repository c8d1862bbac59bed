package dev.foundation.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM of {@link LifecycleSigtermIT}: a db -&gt; cache -&gt; web application that records every
 * start, stop and hook in a file, prints READY, and waits to be terminated.
 * Arguments: the events file, then the mode: {@code exit-zero} ({@code exitZeroOnSigterm()}), {@code default}
 * (nothing configured), {@code opt-out} ({@code registerShutdownHook(false)}) or {@code during-start} (the
 * defaults, and web's start blocks: READY is printed from inside it).
 */
public final class SigtermChild {

    private SigtermChild() {
    }

    /**
     * Runs the child.
     *
     * @param args the events file and the mode
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        Path events = Path.of(args[0]);
        String mode = args[1];
        Action startWeb = "during-start".equals(mode) ? () -> {
            System.out.println("READY");
            System.out.flush();
            new CountDownLatch(1).await(); // until the start is abandoned (interrupted) by the shutdown
        } : () -> record(events, "start:web");
        LifecycleBuilder b = Lifecycle.builder()
                .component("db", () -> record(events, "start:db"), () -> record(events, "stop:db"), Health::healthy)
                .component("cache", () -> record(events, "start:cache"), () -> record(events, "stop:cache"), Health::healthy,
                        o -> o.dependsOn("db"))
                .component("web", startWeb, () -> record(events, "stop:web"), Health::healthy,
                        o -> o.dependsOn("cache"))
                .shutdownHook("flush", 10, Duration.ofSeconds(2), () -> record(events, "hook:flush"))
                .shutdownHook("deregister", 20, Duration.ofSeconds(2), () -> record(events, "hook:deregister"));
        switch (mode) {
            case "exit-zero" -> b.exitZeroOnSigterm();
            case "opt-out" -> b.registerShutdownHook(false);
            case "default", "during-start" -> { }
            default -> throw new IllegalArgumentException("mode must be exit-zero, default, opt-out or during-start but was " + mode);
        }
        Lifecycle app = b.build();
        app.start();
        System.out.println("READY");
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static void record(Path events, String event) throws IOException {
        Files.writeString(events, event + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    }
}
