package dev.foundation.workflow.spi.jdbc;

import dev.foundation.workflow.WorkflowException;
import dev.foundation.workflow.WorkflowStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group-commit writer JDBC stores share: writer threads, each with its queue, each gathering the operations
 * waiting in its queue (up to {@code maxBatchSize}) into one transaction, every operation inside its own savepoint
 * (none for a batch of one: the transaction isolates it) so that a rejected one fails alone; callers' futures
 * complete after the commit. Operations are routed to a writer by a key (an instance id, an idempotency key), so
 * one key's operations stay in order and two writers never lock the same rows.
 *
 * <p>An operation that throws fails only its own future: a {@link WorkflowException} (for example
 * {@link dev.foundation.workflow.WorkflowOwnershipException}) as it is, a {@link FencedWriteException} or any other
 * failure wrapped in {@link WorkflowStoreException}. A failed commit (or a connection that breaks) fails every
 * operation of the batch with a {@link WorkflowStoreException} described by the {@link SqlDialect}, and the next
 * batch takes a fresh connection from the {@link ConnectionSource}: no writer thread dies.
 *
 * <p>{@link #close(Duration)} commits what was accepted before it, within a deadline, then fails the rest.
 */
public final class GroupCommitWriter implements AutoCloseable {

    /** How long {@link #close()} waits for the writers to flush. */
    public static final Duration DEFAULT_CLOSE_DEADLINE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    /**
     * One operation of a batch.
     *
     * @param <T> its result
     */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Applies the operation inside the batch's transaction.
         *
         * @param batch the batch
         * @return the result
         * @throws SQLException if a statement fails (the operation is rolled back to its savepoint)
         */
        T run(JdbcBatch batch) throws SQLException;
    }

    private record Op<T>(Work<T> work, CompletableFuture<T> future) {
    }

    private final String name;
    private final ConnectionSource connections;
    private final SqlDialect dialect;
    private final int maxBatchSize;
    private final String threadPrefix;
    private final List<BlockingQueue<Op<?>>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Statements kept across batches on a pinned connection (only one writer uses it). */
    private final Map<String, PreparedStatement> pinnedStatements = new HashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A writer; no thread runs before {@link #start()}.
     *
     * @param name         how the store names itself in errors and logs
     * @param connections  where each batch's connection comes from
     * @param dialect      the database's dialect
     * @param maxBatchSize the most operations one transaction holds, {@code >= 1}
     * @param writers      the number of writer threads, {@code >= 1} ({@code 1} with a pinned connection)
     * @param threadPrefix the writer threads' name prefix
     * @throws IllegalArgumentException if a number is out of range, or several writers share a pinned connection
     */
    public GroupCommitWriter(String name, ConnectionSource connections, SqlDialect dialect, int maxBatchSize,
                             int writers, String threadPrefix) {
        this.name = Objects.requireNonNull(name, "name");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.threadPrefix = Objects.requireNonNull(threadPrefix, "threadPrefix");
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1 but was " + maxBatchSize);
        }
        if (writers < 1) {
            throw new IllegalArgumentException("writers must be >= 1 but was " + writers);
        }
        if (writers > 1 && connections.pinned()) {
            throw new IllegalArgumentException("writers must be 1 on a pinned connection but was " + writers);
        }
        this.maxBatchSize = maxBatchSize;
        for (int i = 0; i < writers; i++) {
            queues.add(new LinkedBlockingQueue<>());
        }
    }

    /**
     * Starts the writer threads. Once only.
     *
     * @throws IllegalStateException if already started or closed
     */
    public void start() {
        if (closed.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("writer of workflow store " + name + " was already started or closed");
        }
        for (int i = 0; i < queues.size(); i++) {
            BlockingQueue<Op<?>> q = queues.get(i);
            Thread t = new Thread(() -> writeLoop(q), threadPrefix + (queues.size() == 1 ? "" : "-" + (i + 1)));
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    /**
     * Queues an operation on the writer that {@code route} maps to.
     *
     * @param route the routing key: operations with one key are applied in submission order
     * @param work  the operation
     * @param <T>   its result
     * @return completes after the commit, or exceptionally (see the class description); fails at once with
     *         {@link IllegalStateException} before {@link #start()} and {@link WorkflowStoreException} after close
     */
    public <T> CompletableFuture<T> submit(String route, Work<T> work) {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(work, "work");
        CompletableFuture<T> f = new CompletableFuture<>();
        if (!started.get()) {
            f.completeExceptionally(new IllegalStateException("workflow store " + name + " is not initialized"));
            return f;
        }
        if (closed.get()) {
            f.completeExceptionally(new WorkflowStoreException("workflow store " + name + " is closed"));
            return f;
        }
        queues.get(Math.floorMod(route.hashCode(), queues.size())).add(new Op<>(work, f));
        if (closed.get()) {
            failPending(); // close() may have drained the queue before our add: fail rather than hang
        }
        return f;
    }

    private void writeLoop(BlockingQueue<Op<?>> queue) {
        List<Op<?>> batch = new ArrayList<>();
        List<Object> results = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        while (!closed.get() || !queue.isEmpty()) { // on close, commit what was accepted, then stop
            batch.clear();
            try {
                Op<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            queue.drainTo(batch, maxBatchSize - 1);
            results.clear();
            errors.clear();
            try {
                writeBatch(batch, results, errors);
            } catch (SQLException | RuntimeException | Error e) {
                // An Error (say, out of memory binding a large output) fails this batch only: the writer goes on,
                // rather than leave every later checkpoint waiting for a thread that ended.
                String why = e instanceof SQLException s ? dialect.describe(s) : String.valueOf(e.getMessage());
                LOG.warn("workflow store {}: commit of {} checkpoints failed: {}", name, batch.size(), e.toString());
                WorkflowStoreException failure = new WorkflowStoreException("workflow store " + name
                        + ": commit failed (" + why + "); the changes were not applied", e);
                for (Op<?> op : batch) {
                    op.future().completeExceptionally(failure);
                }
                continue;
            }
            for (int i = 0; i < batch.size(); i++) {
                complete(batch.get(i), results.get(i), errors.get(i));
            }
        }
        failPending(queue); // only this writer's queue: the others may still be flushing theirs
    }

    private void writeBatch(List<Op<?>> batch, List<Object> results, List<Throwable> errors) throws SQLException {
        Connection c = connections.acquire();
        Map<String, PreparedStatement> statements = connections.pinned() ? pinnedStatements : new HashMap<>();
        try {
            c.setAutoCommit(false);
            JdbcBatch b = new JdbcBatch(c, statements);
            try {
                boolean single = batch.size() == 1; // the transaction itself isolates a lone operation
                for (Op<?> op : batch) {
                    Savepoint sp = single ? null : c.setSavepoint();
                    try {
                        results.add(op.work().run(b));
                        errors.add(null);
                        if (sp != null) {
                            c.releaseSavepoint(sp);
                        }
                    } catch (SQLException | RuntimeException e) {
                        try {
                            if (sp != null) {
                                c.rollback(sp);
                                c.releaseSavepoint(sp);
                            } else {
                                c.rollback();
                            }
                        } catch (SQLException rollbackError) {
                            // the connection itself failed (database restart, network): report the first cause
                            e.addSuppressed(rollbackError);
                            throw e;
                        }
                        results.add(null);
                        errors.add(e);
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException | Error e) { // an Error too: nothing of the batch may stay
                try {
                    c.rollback();
                } catch (SQLException rollbackError) {
                    e.addSuppressed(rollbackError);
                }
                throw e;
            }
        } finally {
            if (!connections.pinned()) {
                closeAll(statements);
            }
            connections.release(c);
        }
    }

    @SuppressWarnings("unchecked") // results.get(i) was produced by batch.get(i).work(), so it is a T
    private static <T> void complete(Op<T> op, Object result, Throwable error) {
        if (error == null) {
            op.future().complete((T) result);
        } else if (error instanceof WorkflowException w) {
            op.future().completeExceptionally(w);
        } else if (error instanceof FencedWriteException) {
            op.future().completeExceptionally(new WorkflowStoreException(error.getMessage(), error));
        } else {
            op.future().completeExceptionally(new WorkflowStoreException("workflow store write failed: "
                    + error.getMessage(), error));
        }
    }

    private void failPending() {
        for (BlockingQueue<Op<?>> queue : queues) {
            failPending(queue);
        }
    }

    private void failPending(BlockingQueue<Op<?>> queue) {
        Op<?> op;
        while ((op = queue.poll()) != null) {
            op.future().completeExceptionally(new WorkflowStoreException("workflow store " + name + " is closed"));
        }
    }

    /**
     * Stops accepting operations, lets the writers commit what was accepted before (waiting at most
     * {@code deadline}), then fails whatever is left. Idempotent.
     *
     * @param deadline how long to wait for the writers
     * @return whether every writer thread stopped in time
     */
    public boolean close(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        if (!closed.compareAndSet(false, true)) {
            return true;
        }
        for (BlockingQueue<Op<?>> queue : queues) {
            queue.add(new Op<>(b -> null, new CompletableFuture<>())); // wakes its writer so it flushes and stops
        }
        long end = System.nanoTime() + deadline.toNanos();
        boolean stopped = true;
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = false;
                break;
            }
            stopped &= !t.isAlive();
        }
        if (!stopped) {
            LOG.warn("workflow store {}: writer threads did not stop within {}", name, deadline);
        }
        failPending();
        if (stopped) {
            closeAll(pinnedStatements);
        }
        return stopped;
    }

    /** {@link #close(Duration)} with {@link #DEFAULT_CLOSE_DEADLINE}. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_DEADLINE);
    }

    private static void closeAll(Map<String, PreparedStatement> statements) {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                LOG.debug("closing statement", e);
            }
        }
        statements.clear();
    }

    @Override
    public String toString() {
        return "GroupCommitWriter[" + name + ", writers=" + queues.size() + ", maxBatchSize=" + maxBatchSize + "]";
    }
}
