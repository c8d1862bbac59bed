package dev.foundation.events.internal.log;

import dev.foundation.events.CorruptedLogException;
import dev.foundation.events.EventStorageException;
import java.util.List;

/**
 * A cursor over a {@link PartitionLog}, reading acknowledged records from disk with positional reads. A reader
 * never blocks appenders and never returns a record at or beyond {@link PartitionLog#durableEndOffset()}.
 * A reader is not thread-safe: use it from one thread at a time.
 */
public interface LogReader extends AutoCloseable {

    /**
     * Returns the next acknowledged records, at most {@code maxRecords}, without waiting: an empty list means the
     * reader has caught up. Each record's CRC is verified; a record that fails it is never returned.
     *
     * @param maxRecords the maximum number of records to return (&gt; 0)
     * @return the records, in offset order, continuing where the previous call stopped
     * @throws CorruptedLogException if the next record is corrupt (the reader stays before it)
     * @throws EventStorageException          on an I/O error
     * @throws IllegalStateException if the reader or its log is closed
     */
    List<LogRecord> poll(int maxRecords);

    /**
     * Returns the offset of the next record this reader will return.
     *
     * @return the reader's position
     */
    long position();

    /** Releases the file handles of this reader; idempotent. */
    @Override
    void close();
}
