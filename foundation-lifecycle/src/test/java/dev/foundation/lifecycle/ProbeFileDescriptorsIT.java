package dev.foundation.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that runs out of file descriptors for a while must answer its probes again once descriptors are free:
 * a failed {@code accept} used to end the probe server for good, so {@code /health/live} failed on a process that
 * had recovered, and an orchestrator would restart it. A child JVM lowers its own open-file limit (prlimit) to
 * what it has open plus 20; this test opens 60 connections to its probe port, which spends them, then closes
 * them and asks {@code /health/live}.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "uses /proc/self/fd and prlimit")
class ProbeFileDescriptorsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Process child;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        closeSockets();
        if (child != null) {
            child.getOutputStream().close();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    @Test
    void probesAnswerAgain_afterTheProcessRanOutOfFileDescriptors() throws Exception {
        Path log = dir.resolve("child.log");
        child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), ProbeFdChild.class.getName(), "20")
                .redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("child's first line (log: %s)", log).isNotNull().startsWith("PORT ");
        int port = Integer.parseInt(line.split(" ")[1]);
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);

        for (int i = 0; i < 60; i++) { // beyond the child's 20 spare descriptors; the rest wait in the backlog
            Socket s = new Socket();
            sockets.add(s);
            s.connect(at, (int) DEADLINE.toMillis());
        }
        await().atMost(DEADLINE).until(() -> Files.readString(log).contains("Too many open files"));
        closeSockets();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest live = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> http.send(live, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        assertThat(Files.readString(log)).doesNotContain("stops answering");
    }

    private void closeSockets() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        sockets.clear();
    }
}
