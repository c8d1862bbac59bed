package dev.foundation.lifecycle.internal;

import dev.foundation.lifecycle.HealthReport;
import dev.foundation.lifecycle.HealthStatus;
import dev.foundation.lifecycle.ProbeServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the probes with a small non-blocking HTTP/1.1 server on one daemon thread of its own.
 *
 * <p>Every connection is read without blocking, so a slow client costs a buffer, never a thread: however
 * many connections trickle their headers, the selector thread keeps answering the others. Each connection
 * must send its request and take the answer within {@link ProbeServer#requestTimeout()} of being accepted,
 * or it is closed (with a 408 if it had not finished its request); a request head larger than
 * {@link #MAX_HEAD_BYTES} gets a 431. At most {@link #MAX_CONNECTIONS} connections are held: a new one
 * beyond that closes the oldest, so a flood of idle connections cannot lock the probes out. A failed
 * {@code accept} (the process out of file descriptors) pauses accepting for {@link #ACCEPT_PAUSE_MILLIS} and
 * then goes on; it never stops the server. The answers
 * only read the lifecycle's cached state, so they are computed on the selector thread. Every response
 * closes its connection ({@code Connection: close}).
 */
final class ProbeHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeHttpServer.class);

    /** The largest request head (request line and headers) accepted. */
    static final int MAX_HEAD_BYTES = 8 * 1024;
    /** The most connections held open at once; a new one beyond closes the oldest. */
    static final int MAX_CONNECTIONS = 512;
    private static final long MAX_SELECT_MILLIS = 1_000;
    /** How long accepting pauses after {@code accept} failed (e.g. the process is out of file descriptors). */
    static final long ACCEPT_PAUSE_MILLIS = 100;
    /** At most one warning about failed accepts per this many nanoseconds. */
    private static final long ACCEPT_WARN_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ServerSocketChannel server;
    private final Selector selector;
    private final InetSocketAddress address;
    private final long timeoutNanos;
    private final BooleanSupplier live;
    private final BooleanSupplier ready;
    private final BooleanSupplier started;
    private final Supplier<HealthReport> report;
    /** Open connections, oldest first: their deadlines are in the same order. Selector thread only. */
    private final Set<Connection> connections = new LinkedHashSet<>();
    private final ByteBuffer discard = ByteBuffer.allocate(4096);
    private final Thread thread;
    private volatile boolean running = true;
    /** The server socket's key; its interest is empty while accepting is paused after a failed accept. */
    private final SelectionKey acceptKey;
    /** Selector thread only: when a paused accept resumes (nanoTime), and the failed accepts' warning state. */
    private long acceptResumesAt;
    private long lastAcceptWarning;
    private long failedAccepts;

    private ProbeHttpServer(ServerSocketChannel server, Selector selector, ProbeServer config, int instance,
                            BooleanSupplier live, BooleanSupplier ready, BooleanSupplier started,
                            Supplier<HealthReport> report) throws IOException {
        this.server = server;
        this.selector = selector;
        this.address = (InetSocketAddress) server.getLocalAddress();
        this.acceptKey = server.keyFor(selector);
        this.timeoutNanos = config.requestTimeout().toNanos();
        this.live = live;
        this.ready = ready;
        this.started = started;
        this.report = report;
        this.thread = new Threads(instance, "probes", false).newThread(this::run);
    }

    static ProbeHttpServer start(ProbeServer config, int instance, BooleanSupplier live, BooleanSupplier ready,
                                 BooleanSupplier started, Supplier<HealthReport> report) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        Selector selector = null;
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(config.host(), config.port()), 128);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            ProbeHttpServer s = new ProbeHttpServer(server, selector, config, instance, live, ready, started, report);
            s.thread.start();
            LOG.info("probes listening on http://{}:{}/health", config.host(), s.address.getPort());
            return s;
        } catch (IOException | RuntimeException e) {
            closeQuietly(server);
            if (selector != null) {
                closeQuietly(selector);
            }
            throw e;
        }
    }

    InetSocketAddress address() {
        return address;
    }

    /** Stops accepting, closes every connection and waits (up to 2 s) for the thread to end. */
    void stop() {
        running = false;
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (thread.isAlive()) {
            LOG.warn("the probe server's thread did not end within 2 s; closing its sockets anyway");
            closeQuietly(server);
        }
    }

    private void run() {
        try {
            while (running) {
                long wait = MAX_SELECT_MILLIS;
                if (!connections.isEmpty()) {
                    long untilFirst = connections.iterator().next().deadline - System.nanoTime();
                    wait = Math.max(1, Math.min(wait, TimeUnit.NANOSECONDS.toMillis(untilFirst) + 1));
                }
                if (acceptKey.interestOps() == 0) {
                    long untilResume = acceptResumesAt - System.nanoTime();
                    if (untilResume <= 0) {
                        acceptKey.interestOps(SelectionKey.OP_ACCEPT);
                    } else {
                        wait = Math.max(1, Math.min(wait, TimeUnit.NANOSECONDS.toMillis(untilResume) + 1));
                    }
                }
                selector.select(wait);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        try {
                            acceptAll();
                        } catch (IOException e) {
                            pauseAccepting(e);
                        }
                    } else {
                        Connection c = (Connection) key.attachment();
                        try {
                            if (key.isReadable()) {
                                c.onReadable();
                            }
                            if (key.isValid() && key.isWritable()) {
                                c.flush();
                            }
                        } catch (IOException e) {
                            LOG.debug("probe connection failed: {}", Errors.describe(e));
                            c.close();
                        }
                    }
                }
                expire();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.error("the probe server failed and stops answering: {}", Errors.describe(e), e);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("the probe server failed and stops answering: {}", Errors.describe(e), e);
            throw e;
        } finally {
            for (Connection c : connections.toArray(new Connection[0])) {
                c.close();
            }
            closeQuietly(server);
            closeQuietly(selector);
        }
    }

    /**
     * After {@code accept} failed (most often the process is out of file descriptors, and the connection stays
     * in the backlog): stops asking for new connections for {@link #ACCEPT_PAUSE_MILLIS}, rather than spin on a
     * selector that reports the same connection at once, or give up serving the probes for good.
     */
    private void pauseAccepting(IOException e) {
        failedAccepts++;
        long now = System.nanoTime();
        if (failedAccepts == 1 || now - lastAcceptWarning >= ACCEPT_WARN_NANOS) {
            lastAcceptWarning = now;
            LOG.warn("the probe server could not accept a connection ({}; {} so far); it tries again in {} ms",
                    e.getMessage(), failedAccepts, ACCEPT_PAUSE_MILLIS);
        }
        acceptKey.interestOps(0);
        acceptResumesAt = now + TimeUnit.MILLISECONDS.toNanos(ACCEPT_PAUSE_MILLIS);
    }

    private void acceptAll() throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Connection c = new Connection(ch, System.nanoTime() + timeoutNanos);
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                connections.add(c);
            } catch (IOException e) {
                closeQuietly(ch);
                continue;
            }
            if (connections.size() > MAX_CONNECTIONS) {
                Connection oldest = connections.iterator().next();
                LOG.debug("more than {} probe connections: closing the oldest", MAX_CONNECTIONS);
                oldest.close();
            }
        }
    }

    /** Closes the connections past their deadline, answering 408 to those still sending their request. */
    private void expire() {
        long now = System.nanoTime();
        Iterator<Connection> it = connections.iterator();
        while (it.hasNext()) {
            Connection c = it.next();
            if (now - c.deadline < 0) {
                return; // oldest first: the rest are younger
            }
            it.remove();
            if (c.out == null) {
                c.respondBestEffort(408, "{\"error\":\"request timeout\"}");
            }
            c.closeChannel();
        }
    }

    private final class Connection {
        final SocketChannel channel;
        final long deadline;
        final ByteBuffer in = ByteBuffer.allocate(MAX_HEAD_BYTES);
        SelectionKey key;
        /** The response being written; null while the request is still being read. */
        ByteBuffer out;
        /** The response is written and the output shut down; what the client still sends is discarded. */
        boolean draining;

        Connection(SocketChannel channel, long deadline) {
            this.channel = channel;
            this.deadline = deadline;
        }

        void onReadable() throws IOException {
            if (out != null) {
                discard.clear();
                if (channel.read(discard) < 0) {
                    close(); // the client is done; a response still being written is of no use to it
                }
                return;
            }
            int n = channel.read(in);
            if (n < 0) {
                close();
                return;
            }
            int end = headEnd();
            if (end >= 0) {
                answer(new String(in.array(), 0, end, StandardCharsets.ISO_8859_1));
            } else if (!in.hasRemaining()) {
                respond(431, "{\"error\":\"request header fields too large (more than " + MAX_HEAD_BYTES + " bytes)\"}", false);
            }
        }

        /** The index where the empty line ending the request head begins, or -1 if not received yet. */
        private int headEnd() {
            byte[] b = in.array();
            int len = in.position();
            for (int i = 0; i < len; i++) {
                if (b[i] == '\n') {
                    if (i + 1 < len && b[i + 1] == '\n') {
                        return i;
                    }
                    if (i + 2 < len && b[i + 1] == '\r' && b[i + 2] == '\n') {
                        return i;
                    }
                }
            }
            return -1;
        }

        private void answer(String head) throws IOException {
            int eol = head.indexOf('\n');
            String requestLine = (eol < 0 ? head : head.substring(0, eol)).strip();
            String[] parts = requestLine.split(" ");
            if (parts.length != 3 || !parts[2].startsWith("HTTP/")) {
                respond(400, "{\"error\":\"bad request line\"}", false);
                return;
            }
            String method = parts[0];
            boolean head0 = "HEAD".equals(method);
            String target = parts[1];
            int query = target.indexOf('?');
            String path = query < 0 ? target : target.substring(0, query);
            if (!"/health".equals(path) && !"/health/live".equals(path) && !"/health/ready".equals(path)
                    && !"/health/started".equals(path)) {
                respond(404, "{\"error\":\"not found; try /health, /health/live, /health/ready or /health/started\"}", head0);
                return;
            }
            if (!"GET".equals(method) && !head0) {
                respond(405, "{\"error\":\"method not allowed\"}", false, "Allow: GET, HEAD\r\n");
                return;
            }
            int status;
            String body;
            try {
                switch (path) {
                    case "/health/live" -> {
                        boolean ok = live.getAsBoolean();
                        status = ok ? 200 : 503;
                        body = flag(ok);
                    }
                    case "/health/ready" -> {
                        boolean ok = ready.getAsBoolean();
                        status = ok ? 200 : 503;
                        body = flag(ok);
                    }
                    case "/health/started" -> {
                        boolean ok = started.getAsBoolean();
                        status = ok ? 200 : 503;
                        body = flag(ok);
                    }
                    default -> {
                        HealthReport r = report.get();
                        status = r.status() == HealthStatus.UNHEALTHY ? 503 : 200;
                        body = HealthJson.write(r);
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("probe {} failed: {}", path, Errors.describe(e), e);
                status = 500;
                body = "{\"error\":\"internal error\"}";
            }
            respond(status, body, head0);
        }

        private void respond(int status, String body, boolean headOnly) throws IOException {
            respond(status, body, headOnly, "");
        }

        private void respond(int status, String body, boolean headOnly, String extraHeaders) throws IOException {
            out = ByteBuffer.wrap(response(status, body, headOnly, extraHeaders));
            flush();
        }

        /** Writes what the socket takes now; used where the connection is closed right after. */
        void respondBestEffort(int status, String body) {
            try {
                channel.write(ByteBuffer.wrap(response(status, body, false, "")));
            } catch (IOException e) {
                // the client is gone or not reading: it is closed anyway
            }
        }

        void flush() throws IOException {
            channel.write(out);
            if (out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            } else if (!draining) {
                // half-close and read until the client closes, so unread request bytes never turn our close into a reset
                draining = true;
                channel.shutdownOutput();
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        void close() {
            connections.remove(this);
            closeChannel();
        }

        void closeChannel() {
            if (key != null) {
                key.cancel();
            }
            closeQuietly(channel);
        }
    }

    private static String flag(boolean up) {
        return up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}";
    }

    private static byte[] response(int status, String body, boolean headOnly, String extraHeaders) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                + "Content-Type: application/json; charset=utf-8\r\n"
                + "Cache-Control: no-store\r\n"
                + extraHeaders
                + "Content-Length: " + content.length + "\r\n"
                + "Connection: close\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        if (headOnly) {
            return h;
        }
        byte[] all = new byte[h.length + content.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(content, 0, all, h.length, content.length);
        return all;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed: {}", c, Errors.describe(e));
        }
    }
}
