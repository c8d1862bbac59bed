package dev.foundation.events.internal.log;

import dev.foundation.events.CorruptedLogException;
import dev.foundation.events.EventStorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small files replaced atomically and durably, for committed offsets and projection snapshots: after a crash at
 * any moment, {@link #read(Path)} returns either the content of the last completed {@link #write} or the one
 * before it, never a torn mix.
 *
 * <p>On-disk format: magic {@code "FNAF"} (4 bytes), content length (4 bytes, big-endian), the content, and a
 * CRC32C (4 bytes) of everything before it.
 *
 * <p>{@code write(file)} writes {@code file.tmp} and forces it, renames the current {@code file} to
 * {@code file.prev}, renames {@code file.tmp} to {@code file} (both renames atomic) and forces the directory.
 * {@code read(file)} verifies the checksum; if {@code file} is torn or corrupt it falls back to
 * {@code file.prev}; if {@code file} is missing because a crash hit between the two renames, the forced
 * {@code file.tmp} is the newest complete copy.
 *
 * <p>One writer per file at a time (the directory lock of the owning log guarantees it across processes).
 */
public final class AtomicFiles {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);
    private static final int MAGIC = 0x464E4146; // "FNAF"
    private static final int OVERHEAD = 12;

    private AtomicFiles() {
    }

    /**
     * Atomically and durably replaces {@code file} with {@code content}.
     *
     * @param file    the file to write (its directory must exist)
     * @param content the new content
     * @throws EventStorageException on an I/O error (the previous content stays readable)
     */
    public static void write(Path file, byte[] content) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(content, "content");
        Path tmp = sibling(file, ".tmp");
        Path prev = sibling(file, ".prev");
        ByteBuffer buf = ByteBuffer.allocate(content.length + OVERHEAD);
        buf.putInt(MAGIC).putInt(content.length).put(content);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        buf.flip();
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                FileSupport.writeFully(ch, buf, 0);
                ch.force(true);
            }
            if (Files.exists(file)) {
                move(file, prev);
            }
            move(tmp, file);
            Path dir = file.toAbsolutePath().getParent();
            FileSupport.forceDirectory(dir);
        } catch (IOException e) {
            throw new EventStorageException("cannot write " + file + ": " + e, e);
        }
    }

    /**
     * Reads the content last written to {@code file}.
     *
     * @param file the file to read
     * @return the content, or empty if the file was never written
     * @throws CorruptedLogException if the file is corrupt and no previous good copy exists
     * @throws EventStorageException          on an I/O error
     */
    public static Optional<byte[]> read(Path file) {
        Objects.requireNonNull(file, "file");
        Path tmp = sibling(file, ".tmp");
        Path prev = sibling(file, ".prev");
        try {
            byte[] raw = readAll(file);
            if (raw != null) {
                String problem = check(raw);
                if (problem == null) {
                    return Optional.of(content(raw));
                }
                byte[] previous = readAll(prev);
                if (previous != null && check(previous) == null) {
                    LOG.warn("{} is corrupt ({}); using the previous copy {}", file, problem, prev);
                    return Optional.of(content(previous));
                }
                throw new CorruptedLogException(file, problemPosition(raw), problem
                        + "; no valid previous copy " + prev);
            }
            // file is missing: a crash between the two renames leaves a forced .tmp and a .prev
            byte[] pending = readAll(tmp);
            if (pending != null && check(pending) == null) {
                return Optional.of(content(pending));
            }
            byte[] previous = readAll(prev);
            if (previous != null && check(previous) == null) {
                return Optional.of(content(previous));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new EventStorageException("cannot read " + file + ": " + e, e);
        }
    }

    /**
     * Deletes {@code file} and its temporary and previous copies.
     *
     * @param file the file to delete
     * @throws EventStorageException on an I/O error
     */
    public static void delete(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            Files.deleteIfExists(sibling(file, ".tmp"));
            Files.deleteIfExists(file);
            Files.deleteIfExists(sibling(file, ".prev"));
            FileSupport.forceDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new EventStorageException("cannot delete " + file + ": " + e, e);
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName().toString() + suffix);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename " + from + " atomically", e);
        }
    }

    private static byte[] readAll(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Returns null when {@code raw} is a complete, valid file, otherwise what is wrong with it. */
    private static String check(byte[] raw) {
        if (raw.length < OVERHEAD) {
            return "file is " + raw.length + " bytes, shorter than the " + OVERHEAD + "-byte frame (torn write)";
        }
        ByteBuffer buf = ByteBuffer.wrap(raw);
        if (buf.getInt(0) != MAGIC) {
            return "bad magic number";
        }
        int length = buf.getInt(4);
        if (length < 0 || (long) length + OVERHEAD != raw.length) {
            return "length field " + length + " does not match the file size " + raw.length;
        }
        CRC32C crc = new CRC32C();
        crc.update(raw, 0, raw.length - 4);
        if ((int) crc.getValue() != buf.getInt(raw.length - 4)) {
            return "CRC32C mismatch";
        }
        return null;
    }

    private static long problemPosition(byte[] raw) {
        return raw.length < 8 ? 0 : raw.length - 4L;
    }

    private static byte[] content(byte[] raw) {
        byte[] out = new byte[raw.length - OVERHEAD];
        System.arraycopy(raw, 8, out, 0, out.length);
        return out;
    }
}
