package dev.foundation.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slow, idle and oversized clients must not keep the probes from answering others. */
class ProbeSlowClientsTest {

    private static final int SLOW = 300;
    /** A probe that takes longer than this to answer counts as failed, as a Kubernetes probe would. */
    private static final Duration PROBE_DEADLINE = Duration.ofSeconds(5);

    private final EventLog log = new EventLog();
    private final ManualScheduler clock = new ManualScheduler();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_DEADLINE).build();
    private final List<Socket> sockets = new ArrayList<>();
    private Lifecycle app;

    @AfterEach
    void close() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        if (app != null) {
            app.close();
        }
    }

    private InetSocketAddress startWith(ProbeServer probes) {
        app = Lifecycle.builder().component("db", new TestComponent("db", log)).probes(probes).scheduler(clock).build();
        app.start();
        return app.probeAddress().orElseThrow();
    }

    private int probe(InetSocketAddress at, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + path))
                .timeout(PROBE_DEADLINE).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private Socket slowClient(InetSocketAddress at) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.connect(at, (int) PROBE_DEADLINE.toMillis());
        s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: probe\r\n".getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    @Test
    void probes_keepAnswering_while300SlowClientsTrickleTheirHeaders() throws Exception {
        Set<String> threadsBefore = LifecycleThreads.live();
        // a request timeout far beyond the test, so the slow clients stay connected throughout
        InetSocketAddress at = startWith(ProbeServer.on("127.0.0.1", 0).requestTimeout(Duration.ofMinutes(5)));
        for (int i = 0; i < SLOW; i++) {
            slowClient(at);
        }
        // three rounds of one more header line on every slow connection, with probes answered between them
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < sockets.size(); i++) {
                sockets.get(i).getOutputStream().write(("X-Slow-" + round + ": " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            for (int i = 0; i < 5; i++) {
                assertThat(probe(at, "/health/live")).isEqualTo(200);
                assertThat(probe(at, "/health/ready")).isEqualTo(200);
            }
        }
        // the slow connections were held open all along (not shed to make room): each one still gets its answer
        int answered = 0;
        for (Socket s : sockets) {
            s.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        for (Socket s : sockets) {
            s.setSoTimeout((int) PROBE_DEADLINE.toMillis());
            if (readAll(s.getInputStream()).startsWith("HTTP/1.1 200 OK")) {
                answered++;
            }
        }
        assertThat(answered).isEqualTo(SLOW);
        app.close();
        LifecycleThreads.awaitNoneBeyond(threadsBefore);
    }

    @Test
    void aConnectionThatDoesNotFinishItsRequestInTime_getsA408AndIsClosed() throws Exception {
        InetSocketAddress at = startWith(ProbeServer.on("127.0.0.1", 0).requestTimeout(Duration.ofMillis(300)));
        Socket s = slowClient(at);
        s.setSoTimeout(30_000);
        String answer = readAll(s.getInputStream()); // returns at the server's close, not at our read timeout
        assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout");
        assertThat(probe(at, "/health/live")).isEqualTo(200);
    }

    @Test
    void anIdleConnection_isClosedAfterTheRequestTimeout() throws Exception {
        InetSocketAddress at = startWith(ProbeServer.on("127.0.0.1", 0).requestTimeout(Duration.ofMillis(300)));
        Socket s = new Socket();
        sockets.add(s);
        s.connect(at, 5_000);
        s.setSoTimeout(30_000);
        assertThat(readAll(s.getInputStream())).startsWith("HTTP/1.1 408");
    }

    @Test
    void anOversizedRequestHead_gets431() throws Exception {
        InetSocketAddress at = startWith(ProbeServer.on("127.0.0.1", 0));
        Socket s = slowClient(at);
        s.setSoTimeout(30_000);
        OutputStream out = s.getOutputStream();
        String line = "X-Padding: " + "a".repeat(1000) + "\r\n";
        try {
            for (int i = 0; i < 10; i++) {
                out.write(line.getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            // the server may have answered and closed before we finished writing
        }
        assertThat(readAll(s.getInputStream())).startsWith("HTTP/1.1 431");
        assertThat(probe(at, "/health/ready")).isEqualTo(200);
    }

    @Test
    void moreConnectionsThanTheServerHolds_closeTheOldest_andProbesStillAnswer() throws Exception {
        InetSocketAddress at = startWith(ProbeServer.on("127.0.0.1", 0).requestTimeout(Duration.ofMinutes(5)));
        Socket first = slowClient(at);
        for (int i = 0; i < 600; i++) {
            slowClient(at);
        }
        assertThat(probe(at, "/health/live")).isEqualTo(200);
        first.setSoTimeout(30_000);
        assertThat(readAll(first.getInputStream())).as("the oldest connection was closed without an answer").isEmpty();
    }

    @Test
    void malformedRequestLine_gets400() throws Exception {
        InetSocketAddress at = startWith(ProbeServer.on("127.0.0.1", 0));
        Socket s = new Socket();
        sockets.add(s);
        s.connect(at, 5_000);
        s.setSoTimeout(30_000);
        s.getOutputStream().write("hello\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(readAll(s.getInputStream())).startsWith("HTTP/1.1 400");
    }

    @Test
    void requestTimeout_mustBePositive() {
        assertThatThrownBy(() -> ProbeServer.on("127.0.0.1", 0).requestTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("requestTimeout must be > 0 but was PT0S");
    }

    /** Reads until the server closes the connection; fails the test if it does not within the socket timeout. */
    private static String readAll(InputStream in) throws IOException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection", e);
        } catch (java.net.SocketException e) {
            return ""; // reset by the server: closed without an answer
        }
    }
}
