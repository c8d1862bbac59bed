package dev.foundation.coordination;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A guard in front of a resource that accepts a write only if its fencing token is at least as high as every
 * token accepted before, and rejects older ones with {@link StaleTokenException}. Equal tokens are accepted, so
 * one lease or term may write many times.
 *
 * <p>This is the resource-side half of fencing (Kleppmann): put the same check wherever your data lives, for
 * example {@code UPDATE ... WHERE fence <= :token} in a database. This class does it for in-process resources and
 * is used by the tests and examples. Writes are serialized: the action runs while the guard is held, so no action
 * with a lower token can run after one with a higher token. Thread-safe.
 */
public final class FencedResource {

    private final String name;
    private long highest;
    private long accepted;
    private long rejected;

    /**
     * Creates a guard that has accepted no token yet.
     *
     * @param name the resource's name, used in messages
     */
    public FencedResource(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Runs {@code action} if {@code token} is not stale.
     *
     * @param token  the writer's fencing token ({@link LockLease#fencingToken()} or {@link Leadership#term()})
     * @param action the write
     * @param <R>    the action's result type
     * @return the action's result
     * @throws StaleTokenException if a higher token was already accepted; the action did not run
     */
    public synchronized <R> R write(long token, Supplier<R> action) {
        Objects.requireNonNull(action, "action");
        if (token < highest) {
            rejected++;
            throw new StaleTokenException(name, token, highest);
        }
        highest = token;
        accepted++;
        return action.get();
    }

    /**
     * Runs {@code action} if {@code token} is not stale.
     *
     * @param token  the writer's fencing token
     * @param action the write
     * @throws StaleTokenException if a higher token was already accepted; the action did not run
     */
    public void write(long token, Runnable action) {
        Objects.requireNonNull(action, "action");
        write(token, () -> {
            action.run();
            return Boolean.TRUE;
        });
    }

    /**
     * The highest token accepted so far.
     *
     * @return the highest token, 0 if none
     */
    public synchronized long highestToken() {
        return highest;
    }

    /**
     * How many writes were accepted.
     *
     * @return the accepted count
     */
    public synchronized long acceptedCount() {
        return accepted;
    }

    /**
     * How many writes were rejected as stale.
     *
     * @return the rejected count
     */
    public synchronized long rejectedCount() {
        return rejected;
    }

    /**
     * The resource's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }
}
