package dev.foundation.events.internal;

/**
 * Where a subscription keeps its committed offsets: nowhere (memory streams), one atomic file per partition
 * (durable subscriptions), or a snapshot together with a projection's state.
 */
interface CommitStore extends AutoCloseable {

    /** Keeps nothing. */
    CommitStore NONE = new CommitStore() {
        @Override
        public long[] load(int partitions) {
            return null;
        }

        @Override
        public void commit(int partition, long nextOffset) {
        }
    };

    /**
     * The committed offsets of a previous run.
     *
     * @param partitions the stream's partition count
     * @return next offsets per partition, or {@code null} if nothing was committed
     */
    long[] load(int partitions);

    /**
     * Commits: every event of the partition before {@code nextOffset} is handled. Called only by the thread
     * that owns the partition.
     *
     * @param partition  the partition
     * @param nextOffset the next offset to deliver
     */
    void commit(int partition, long nextOffset);

    @Override
    default void close() {
    }
}
