package dev.foundation.events.internal.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the file channels a {@link PartitionLog} reads and writes through. The default opens real files; tests
 * pass a factory whose channels fail on demand to check that I/O errors leave the log consistent. A durable
 * stream passes its {@code Persistence.channelOpener()} (the public form of this hook) adapted to this interface.
 */
@FunctionalInterface
public interface ChannelFactory {

    /** Opens real files with {@link FileChannel#open(Path, OpenOption...)}. */
    ChannelFactory DEFAULT = FileChannel::open;

    /**
     * Opens a channel.
     *
     * @param file    the file
     * @param options how to open it
     * @return the open channel
     * @throws IOException if the file cannot be opened
     */
    FileChannel open(Path file, OpenOption... options) throws IOException;
}
