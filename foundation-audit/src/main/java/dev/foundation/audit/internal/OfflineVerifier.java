package dev.foundation.audit.internal;

import dev.foundation.audit.AuditException;
import dev.foundation.audit.ChainHead;
import dev.foundation.audit.Keyring;
import dev.foundation.audit.VerificationReport;
import dev.foundation.events.EventStorageException;
import dev.foundation.events.EventStream;
import dev.foundation.events.EventStreams;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Verifies a trail directory through a copy, so the original is never modified (recovery truncates torn tails). */
public final class OfflineVerifier {

    private OfflineVerifier() {
    }

    /**
     * Verifies.
     *
     * @param directory base directory
     * @param name      trail name
     * @param keys      keys
     * @param anchor    anchor or null
     * @return the report
     */
    public static VerificationReport verify(Path directory, String name, Keyring keys, ChainHead anchor) {
        Path source = directory.resolve(name);
        if (!Files.isDirectory(source)) {
            throw new AuditException("no audit trail '" + name + "' under " + directory + " (no directory " + source
                    + ")");
        }
        Path location = source.resolve("0");
        Path temp = null;
        try {
            temp = Files.createTempDirectory("audit-verify-");
            Path copy = temp.resolve(name);
            copyTree(source, copy);
            ChainVerifier v = new ChainVerifier(keys, location.toString(), anchor);
            try (EventStreams streams = EventStreams.builder().build()) {
                EventStream<byte[]> s;
                try {
                    s = streams.create(name, AuditTrailImpl.spec(temp, COPY_SEGMENT_SIZE, null, 0));
                } catch (EventStorageException e) {
                    v.brokenOutside(-1, "the log cannot be read: " + e.getMessage(), "a readable log", e.getClass()
                            .getSimpleName());
                    return v.finish();
                }
                for (String w : shrunk(copy, source)) {
                    v.warn(w);
                }
                Replay.read(s, s.stats().startOffsets().get(0), Duration.ofMinutes(10),
                        e -> v.accept(e.offset(), e.value()));
            }
            return v.finish();
        } catch (IOException e) {
            throw new AuditException("cannot copy " + source + " to verify it: " + e, e);
        } finally {
            if (temp != null) {
                deleteTree(temp);
            }
        }
    }

    /** The segment size given when opening a copy: only new segments use it, so any valid value will do. */
    private static final long COPY_SEGMENT_SIZE = 64L << 20;

    /** Files that recovery of the copy cut short: a torn or corrupt tail. */
    private static List<String> shrunk(Path copy, Path source) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                Path c = copy.resolve(source.relativize(f).toString());
                if (Files.isRegularFile(c)) {
                    long before = Files.size(f);
                    long after = Files.size(c);
                    if (after < before) {
                        out.add((before - after) + " bytes at the end of " + f + " fail their checksum and were not"
                                + " read (a write torn by a crash, or tampering: only an anchor tells whether"
                                + " acknowledged records were lost)");
                    }
                }
            }
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temporary copy
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
