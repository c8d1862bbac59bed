package dev.foundation.events.internal.log;

import dev.foundation.events.FsyncPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of the crash tests: appends (or writes atomic files) until it is killed, printing each
 * acknowledged operation on its own flushed line.
 *
 * <pre>
 * CrashChild log DIR RUN THREADS [POLICY]  appends from THREADS threads (GROUP_COMMIT unless POLICY is given);
 *                                          prints "ACK offset payload"
 * CrashChild atomic FILE START       writes FILE with content(i) for i = START, START+1, ...; prints "W i"
 * CrashChild hold DIR                opens the log in DIR, prints "READY end", and holds it until killed
 * </pre>
 */
public final class CrashChild {

    /** Segment size used by the crash test: small, so that kills also hit segment rolls. */
    static final long SEGMENT_BYTES = 8 * 1024;

    private CrashChild() {
    }

    /**
     * Runs the child.
     *
     * @param args see the class documentation
     * @throws Exception on any failure (the parent sees the exit)
     */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("log")) {
            FsyncPolicy policy = args.length > 4 ? FsyncPolicy.valueOf(args[4]) : FsyncPolicy.GROUP_COMMIT;
            appendForever(Path.of(args[1]), args[2], Integer.parseInt(args[3]), policy);
        } else if (args[0].equals("hold")) {
            PartitionLog log = PartitionLog.open(Path.of(args[1]), config());
            System.out.println("READY " + log.endOffset());
            System.out.flush();
            new java.util.concurrent.CountDownLatch(1).await(); // hold the directory until killed
        } else {
            writeForever(Path.of(args[1]), Integer.parseInt(args[2]));
        }
    }

    static LogConfig config() {
        return LogConfig.defaults().withSegmentBytes(SEGMENT_BYTES).withIndexIntervalBytes(512)
                .withFsync(FsyncPolicy.GROUP_COMMIT);
    }

    static String payload(String run, int thread, long seq) {
        StringBuilder sb = new StringBuilder(run).append(':').append(thread).append(':').append(seq).append(':');
        int pad = (int) ((seq * 31 + thread * 7) % 48);
        for (int i = 0; i < pad; i++) {
            sb.append((char) ('a' + (seq + i) % 26));
        }
        return sb.toString();
    }

    private static void appendForever(Path dir, String run, int threads, FsyncPolicy policy) throws Exception {
        PartitionLog log = PartitionLog.open(dir, config().withFsync(policy));
        System.out.println("READY " + log.endOffset());
        System.out.flush();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                for (long seq = 0; ; seq++) {
                    String p = payload(run, thread, seq);
                    long offset = log.append(System.currentTimeMillis(), null, p.getBytes(StandardCharsets.UTF_8))
                            .join();
                    synchronized (System.out) {
                        System.out.println("ACK " + offset + " " + p);
                        System.out.flush();
                    }
                }
            }, "appender-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
    }

    static byte[] content(int i) {
        int length = (int) ((i * 7919L) % 20_000);
        byte[] out = new byte[length + 12];
        byte[] head = String.format("%011d:", i).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, out, 0, head.length);
        for (int k = head.length; k < out.length; k++) {
            out[k] = (byte) ('a' + (i + k) % 26);
        }
        return out;
    }

    private static void writeForever(Path file, int start) {
        System.out.println("READY");
        System.out.flush();
        for (int i = start; ; i++) {
            AtomicFiles.write(file, content(i));
            System.out.println("W " + i);
            System.out.flush();
        }
    }
}
