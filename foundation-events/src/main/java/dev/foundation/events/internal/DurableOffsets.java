package dev.foundation.events.internal;

import dev.foundation.events.CorruptedLogException;
import dev.foundation.events.internal.log.AtomicFiles;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A durable subscription's committed offsets: one crash-safe, checksummed file per partition
 * ({@code <stream dir>/_subscriptions/<name>/<partition>.offset}, 8 bytes big-endian), replaced atomically
 * after each successful batch.
 */
final class DurableOffsets implements CommitStore {

    private final Path dir;
    private final String subscription;

    DurableOffsets(Path streamDir, String subscription) {
        this.subscription = subscription;
        this.dir = Names.child(streamDir.resolve("_subscriptions"), subscription, "subscription name");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new dev.foundation.events.EventStorageException("cannot create " + dir + ": " + e, e);
        }
    }

    @Override
    public long[] load(int partitions) {
        long[] offsets = new long[partitions];
        boolean any = false;
        for (int p = 0; p < partitions; p++) {
            Optional<byte[]> bytes;
            try {
                bytes = AtomicFiles.read(file(p));
            } catch (CorruptedLogException e) {
                throw new CorruptedLogException("the committed offset of subscription '" + subscription
                        + "' for partition " + p + " is corrupt: " + e.getMessage() + ". Delete " + dir
                        + " to start the subscription afresh from its startFrom position, or restore it from a"
                        + " backup to keep its progress", e);
            }
            if (bytes.isPresent() && bytes.get().length == Long.BYTES) {
                offsets[p] = ByteBuffer.wrap(bytes.get()).getLong();
                any = true;
            } else {
                offsets[p] = -1;
            }
        }
        return any ? offsets : null;
    }

    @Override
    public void commit(int partition, long nextOffset) {
        AtomicFiles.write(file(partition), ByteBuffer.allocate(Long.BYTES).putLong(nextOffset).array());
    }

    private Path file(int partition) {
        return dir.resolve(partition + ".offset");
    }
}
