package dev.foundation.events.internal.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** File-level helpers for tests that damage logs on disk. */
final class LogFiles {

    private LogFiles() {
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("partition-log-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> segments(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Start positions of the record frames of a valid segment file, followed by the file size. */
    static List<Long> frameBoundaries(Path segment) {
        try {
            byte[] all = Files.readAllBytes(segment);
            ByteBuffer buf = ByteBuffer.wrap(all);
            List<Long> out = new ArrayList<>();
            long pos = LogFormat.HEADER_SIZE;
            while (pos < all.length) {
                out.add(pos);
                pos += 8L + buf.getInt((int) pos + 4);
            }
            out.add(pos);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void truncate(Path file, long size) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void flipBit(Path file, long bit) {
        try {
            byte[] all = Files.readAllBytes(file);
            all[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
            Files.write(file, all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
