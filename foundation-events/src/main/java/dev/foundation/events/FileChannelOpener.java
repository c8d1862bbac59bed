package dev.foundation.events;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the {@link FileChannel}s through which a durable stream reads and writes its segment files: an
 * extension point meant for fault injection in tests (a disk that fills up, a device that fails an
 * {@code fsync}), not for production use. Set it with {@link Persistence#channelOpener(FileChannelOpener)};
 * the default, {@link #DEFAULT}, is {@link FileChannel#open(Path, OpenOption...)}.
 *
 * <p>Every channel a partition log opens on a segment file goes through the opener: the writer's channel of
 * the active segment, the temporary file a new segment is created in, the channels of recovery on open, and
 * the read-only channels of subscribers, replays and timestamp lookups. Other files of the stream directory
 * (the lock file, {@code stream.meta}, the sparse index files, committed offsets and projection snapshots) are
 * written without it.
 *
 * <p>An opener may return a channel that delegates to {@link FileChannel#open(Path, OpenOption...)} and throws
 * {@link IOException} from {@code write} or {@code force} on demand. The log uses positional reads and writes,
 * {@code size}, {@code truncate} and {@code force}; it does not use gathering writes or
 * {@code transferFrom}. The opener is called from the partition's writer thread and from reader threads, so
 * it must be thread-safe.
 *
 * <pre>{@code
 * Persistence.disk(dir).channelOpener((file, options) -> new FailingChannel(FileChannel.open(file, options)))
 * }</pre>
 *
 * <p>What a stream does when a channel fails: a failed write (disk full, I/O error) fails the publishes it
 * carried with {@link EventStorageException} and leaves the partition unchanged and accepting publishes; a
 * failed {@code force} fails the partition, which refuses publishes until the stream is closed and created
 * again. See {@link EventStream#publish(Object)}.
 */
@FunctionalInterface
public interface FileChannelOpener {

    /** Opens real files with {@link FileChannel#open(Path, OpenOption...)}. */
    FileChannelOpener DEFAULT = FileChannel::open;

    /**
     * Opens a channel on a segment file.
     *
     * @param file    the file
     * @param options how to open it, as for {@link FileChannel#open(Path, OpenOption...)}
     * @return the open channel, owned (and closed) by the stream
     * @throws IOException if the file cannot be opened; the operation that needed it fails
     */
    FileChannel open(Path file, OpenOption... options) throws IOException;
}
