package dev.foundation.cache.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.multimap.MultiMap;
import com.hazelcast.topic.ITopic;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distributed tier: an {@code IMap<String, byte[]>} of envelopes, the shared dependency graph in four
 * {@code MultiMap}s, and an invalidation {@code ITopic}. Every call is guarded by a circuit breaker; a failed
 * or refused call returns the given fallback and never throws.
 *
 * <p>Map and topic calls run on the caller's thread (Hazelcast's async futures hand the result to another
 * thread, which measured about 20 times slower on a hit): a call slower than the timeout still returns its
 * result but counts as a failure for the breaker, and is itself bounded only by Hazelcast's operation or
 * invocation timeout. Dependency-graph calls run on a small pool and are abandoned at the timeout.
 */
public final class HazelcastTier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HazelcastTier.class);

    private final String cacheName;
    private final IMap<String, byte[]> map;
    private final MultiMap<String, String> dependents;
    private final MultiMap<String, String> dependsOn;
    private final MultiMap<String, String> tagMembers;
    private final MultiMap<String, String> tagsOf;
    private final ITopic<String> topic;
    private final CircuitBreaker breaker;
    private final long timeoutNanos;
    private final ExecutorService blockingCalls;
    private final LongAdder failures = new LongAdder();
    private final String origin = UUID.randomUUID().toString();
    private volatile UUID listenerId;

    /**
     * Binds the tier to the Hazelcast structures of one cache.
     *
     * @param hazelcast the instance
     * @param cacheName the cache name
     * @param timeout   the bound of one call
     * @param config    the breaker configuration
     */
    public HazelcastTier(HazelcastInstance hazelcast, String cacheName, Duration timeout, CircuitBreakerConfig config) {
        this.cacheName = cacheName;
        String prefix = "foundation.cache." + cacheName;
        this.map = hazelcast.getMap(prefix);
        this.dependents = hazelcast.getMultiMap(prefix + ".dependents");
        this.dependsOn = hazelcast.getMultiMap(prefix + ".dependsOn");
        this.tagMembers = hazelcast.getMultiMap(prefix + ".tagMembers");
        this.tagsOf = hazelcast.getMultiMap(prefix + ".tagsOf");
        this.topic = hazelcast.getTopic(prefix + ".invalidations");
        this.breaker = CircuitBreaker.of(prefix, config);
        this.timeoutNanos = timeout.toNanos();
        this.blockingCalls = new ThreadPoolExecutor(0, 8, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                Threads.daemon("foundation-cache-" + cacheName + "-l3"), new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Subscribes to invalidations published by other nodes.
     *
     * @param onRemoteIds called with the ids of each message from another node, on a Hazelcast event thread
     */
    public void subscribe(Consumer<String[]> onRemoteIds) {
        listenerId = call(() -> topic.addMessageListener(message -> {
            String text = message.getMessageObject();
            int newline = text.indexOf('\n');
            if (newline < 0 || text.substring(0, newline).equals(origin)) {
                return;
            }
            onRemoteIds.accept(text.substring(newline + 1).split("\n"));
        }), null, true);
        if (listenerId == null) {
            LOG.warn("cache '{}' could not subscribe to cluster invalidations (L3 unavailable); other nodes' "
                    + "changes reach this node only through TTLs", cacheName);
        }
    }

    /**
     * The circuit breaker.
     *
     * @return the breaker
     */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * Calls that failed or timed out.
     *
     * @return the count
     */
    public long failures() {
        return failures.sum();
    }

    /**
     * Hazelcast's own count of entries evicted or expired from this member's part of the map.
     *
     * @return the count, 0 if unavailable (a client)
     */
    public long localEvictions() {
        try {
            var stats = map.getLocalMapStats();
            return stats.getEvictionCount() + stats.getExpirationCount();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * Reads an envelope.
     *
     * @param id the key id
     * @return the envelope, or {@code null} if absent or unavailable
     */
    public byte[] get(String id) {
        return call(() -> map.get(id), null, false);
    }

    /**
     * Writes an envelope with a TTL.
     *
     * @param id       the key id
     * @param envelope the envelope
     * @param ttlMillis the TTL, {@code > 0}
     */
    public void put(String id, byte[] envelope, long ttlMillis) {
        call(() -> {
            map.set(id, envelope, ttlMillis, TimeUnit.MILLISECONDS);
            return null;
        }, null, false);
    }

    /**
     * Removes an entry.
     *
     * @param id the key id
     */
    public void remove(String id) {
        call(() -> {
            map.delete(id);
            return null;
        }, null, false);
    }

    /**
     * Tries to take the cluster-wide load lock of a key.
     *
     * @param id    the key id
     * @param lease the lock's lease
     * @return whether the lock is held
     */
    public boolean tryLock(String id, Duration lease) {
        Boolean locked = call(() -> map.tryLock(id, timeoutNanos, TimeUnit.NANOSECONDS, lease.toMillis(),
                TimeUnit.MILLISECONDS), Boolean.FALSE, false); // IMap locks belong to the calling thread
        return Boolean.TRUE.equals(locked);
    }

    /**
     * Releases the load lock (must be called from the thread that took it).
     *
     * @param id the key id
     */
    public void unlock(String id) {
        try {
            map.unlock(id);
        } catch (RuntimeException e) {
            LOG.debug("cache '{}': unlock of {} failed (the lease will release it)", cacheName, id, e);
        }
    }

    /**
     * Publishes ids invalidated on this node to the other nodes.
     *
     * @param ids the key ids
     */
    public void publish(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        String message = origin + "\n" + String.join("\n", ids);
        call(() -> {
            topic.publish(message);
            return null;
        }, null, false);
    }

    /**
     * Replaces the out-edges (dependencies and tags) of an id in the shared graph.
     *
     * @param id   the key id
     * @param deps the ids it depends on
     * @param tags its tags
     */
    public void replaceEdges(String id, Set<String> deps, Set<String> tags) {
        call(() -> {
            removeEdgesNow(id);
            for (String dep : deps) {
                dependents.put(dep, id);
                dependsOn.put(id, dep);
            }
            for (String tag : tags) {
                tagMembers.put(tag, id);
                tagsOf.put(id, tag);
            }
            return null;
        }, null, true);
    }

    /**
     * Removes the out-edges of an id.
     *
     * @param id the key id
     */
    public void removeEdges(String id) {
        call(() -> {
            removeEdgesNow(id);
            return null;
        }, null, true);
    }

    private void removeEdgesNow(String id) {
        for (String dep : dependsOn.remove(id)) {
            dependents.remove(dep, id);
        }
        for (String tag : tagsOf.remove(id)) {
            tagMembers.remove(tag, id);
        }
    }

    /**
     * The ids depending directly on an id.
     *
     * @param id the key id
     * @return the dependents, empty if unavailable
     */
    public Set<String> dependentsOf(String id) {
        return call(() -> new HashSet<>(dependents.get(id)), Set.of(), true);
    }

    /**
     * The ids carrying a tag.
     *
     * @param tag the tag
     * @return the ids, empty if unavailable
     */
    public Set<String> tagged(String tag) {
        return call(() -> new HashSet<>(tagMembers.get(tag)), Set.of(), true);
    }

    /**
     * Forgets a tag.
     *
     * @param tag the tag
     */
    public void removeTag(String tag) {
        call(() -> tagMembers.remove(tag), null, true);
    }

    private <T> T call(Callable<T> action, T fallback, boolean blocking) {
        if (!breaker.tryAcquirePermission()) {
            return fallback;
        }
        long start = System.nanoTime();
        try {
            T result;
            if (blocking) {
                Future<T> future = blockingCalls.submit(action);
                try {
                    result = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    future.cancel(true);
                    throw e;
                }
            } else {
                result = action.call();
                long elapsed = System.nanoTime() - start;
                if (elapsed > timeoutNanos) {
                    // answered, but too slowly: counts against the cluster like a timeout
                    failures.increment();
                    breaker.onError(elapsed, TimeUnit.NANOSECONDS, new TimeoutException("L3 call took "
                            + TimeUnit.NANOSECONDS.toMillis(elapsed) + " ms, over the timeout"));
                    return result;
                }
            }
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            breaker.releasePermission();
            return fallback;
        } catch (Exception e) {
            failures.increment();
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            LOG.debug("cache '{}': L3 call failed ({}), breaker {}", cacheName, e, breaker.getState());
            return fallback;
        }
    }

    @Override
    public void close() {
        UUID id = listenerId;
        listenerId = null;
        if (id != null) {
            try {
                topic.removeMessageListener(id);
            } catch (RuntimeException e) {
                LOG.debug("cache '{}': could not remove the invalidation listener", cacheName, e);
            }
        }
        blockingCalls.shutdownNow();
        try {
            if (!blockingCalls.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("cache '{}': L3 call threads did not stop within 5 s", cacheName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
