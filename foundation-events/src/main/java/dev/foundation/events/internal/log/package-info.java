/**
 * The storage engine of durable event streams: one {@link dev.foundation.events.internal.log.PartitionLog} per
 * partition directory.
 *
 * <p>A partition log is a directory of append-only segment files named by the offset of their first record
 * ({@code 00000000000000000000.log}), each with a sparse offset index ({@code .idx}), a lock file owned by the
 * process that opened it, and nothing else. Records are framed with their length, a CRC32C, their offset, a
 * timestamp, an optional key and the payload; the segment header carries a magic number and a format version.
 * One writer thread per log drains a queue of appends in batches and forces once per batch (group commit), as
 * the public {@link dev.foundation.events.FsyncPolicy} says. Recovery on open verifies every record,
 * truncates a torn tail and refuses (or, when asked, repairs) corruption in closed segments. Readers use their
 * own channels and positional reads and never see unacknowledged records. Retention deletes whole closed
 * segments by age and size.
 *
 * <p>{@link dev.foundation.events.internal.log.AtomicFiles} replaces small files (committed offsets, projection
 * snapshots) atomically and durably; {@link dev.foundation.events.internal.log.DirectoryLock} keeps a directory
 * to one process.
 *
 * <p>The log has no policy, hook or exception types of its own: it takes the public
 * {@link dev.foundation.events.FsyncPolicy} and {@link dev.foundation.events.FileChannelOpener}, and throws the
 * public {@link dev.foundation.events.EventStorageException}, {@link dev.foundation.events.CorruptedLogException}
 * and {@link dev.foundation.events.StreamLockedException}, with messages that name only public API.
 *
 * <p>This package is internal: the public stream API in {@code dev.foundation.events} is built on it.
 */
package dev.foundation.events.internal.log;
