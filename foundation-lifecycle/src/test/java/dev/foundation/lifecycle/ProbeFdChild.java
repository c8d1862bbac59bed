package dev.foundation.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The child JVM of {@link ProbeFileDescriptorsIT}: an application with probes on a free port that then lowers its
 * own open-file limit to what it has open plus a small headroom, and prints {@code PORT port open limit}. Exits
 * when standard input closes. Argument: the headroom.
 */
public final class ProbeFdChild {

    private ProbeFdChild() {
    }

    /**
     * Runs the child.
     *
     * @param args the headroom (descriptors left for new connections)
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        int headroom = Integer.parseInt(args[0]);
        Lifecycle app = Lifecycle.builder().component("db", () -> { }, () -> { }, Health::healthy)
                .probes(ProbeServer.on("127.0.0.1", 0).requestTimeout(Duration.ofSeconds(2))).build();
        app.start();
        int port = app.probeAddress().orElseThrow().getPort();
        // Load every class the answers need now: out of descriptors, a class file cannot be opened.
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health/live").toURL()
                .openConnection();
        try (InputStream in = c.getInputStream()) {
            in.readAllBytes();
        }
        long open = openDescriptors();
        long limit = open + headroom;
        Process prlimit = new ProcessBuilder("prlimit", "--pid", Long.toString(ProcessHandle.current().pid()),
                "--nofile=" + limit + ":" + limit).inheritIO().start();
        if (!prlimit.waitFor(30, TimeUnit.SECONDS) || prlimit.exitValue() != 0) {
            throw new IOException("prlimit failed");
        }
        System.out.println("PORT " + port + " " + open + " " + limit);
        System.out.flush();
        while (System.in.read() >= 0) {
            // the parent keeps stdin open while it wants us alive
        }
        app.close();
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
