package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.map.IMap;
import dev.foundation.coordination.CoordinationException;
import dev.foundation.coordination.CoordinationInterruptedException;
import dev.foundation.coordination.IndeterminateUpdateException;
import dev.foundation.coordination.internal.CounterStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Counters in a Hazelcast map with synchronous backups, each update an entry processor on the partition owner
 * (which refuses it while it cannot confirm its minimum cluster size, see {@link RecentlyHeardFunction}). Every
 * call waits at most the configured operation timeout (Hazelcast's own call timeout is 60 s): an update without an
 * answer by then is reported as {@link IndeterminateUpdateException}, since it may still be applied.
 */
final class HazelcastCounterStore implements CounterStore {

    private final IMap<String, Long> counters;
    private final Duration timeout;

    private final BoundedCalls calls;

    HazelcastCounterStore(IMap<String, Long> counters, Duration timeout, BoundedCalls calls) {
        this.calls = calls;
        this.counters = counters;
        this.timeout = timeout;
    }

    @Override
    public long get(String name) {
        Long v = await(calls.run(() -> counters.get(name)), "read counter '" + name + "'", false);
        return v == null ? 0 : v;
    }

    @Override
    public Long add(String name, long delta) {
        return await(calls.run(() -> counters.executeOnKey(name, new CounterAddProcessor(delta))),
                "update counter '" + name + "'", true);
    }

    @Override
    public boolean compareAndSet(String name, long expected, long update) {
        return await(calls.run(() -> counters.executeOnKey(name, new CounterCasProcessor(expected, update))),
                "update counter '" + name + "'", true);
    }

    private <T> T await(CompletableFuture<T> call, String what, boolean update) {
        try {
            return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            String reason = "no answer within the operation timeout (" + timeout + ")";
            if (update) {
                throw new IndeterminateUpdateException(what, reason, e);
            }
            throw new CoordinationException("could not " + what + ": " + reason, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r; // the coordination translates Hazelcast's failures
            }
            throw new CoordinationException("could not " + what + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinationInterruptedException(what, e);
        }
    }
}
