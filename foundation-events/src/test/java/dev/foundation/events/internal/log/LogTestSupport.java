package dev.foundation.events.internal.log;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Helpers shared by the log tests. */
final class LogTestSupport {

    private LogTestSupport() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Reads every acknowledged record from {@code fromOffset} on. */
    static List<LogRecord> readAll(PartitionLog log, long fromOffset) {
        List<LogRecord> out = new ArrayList<>();
        try (LogReader reader = log.reader(fromOffset)) {
            for (List<LogRecord> batch; !(batch = reader.poll(1000)).isEmpty(); ) {
                out.addAll(batch);
            }
        }
        return out;
    }

    /** Opens, reads everything, closes. */
    static List<LogRecord> readAll(Path dir, LogConfig config) {
        try (PartitionLog log = PartitionLog.open(dir, config)) {
            return readAll(log, 0);
        }
    }

    static Set<String> logWriterThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("foundation-log-writer")).collect(Collectors.toSet());
    }

    static LogConfig small() {
        return LogConfig.defaults().withSegmentBytes(1024).withIndexIntervalBytes(128);
    }
}
