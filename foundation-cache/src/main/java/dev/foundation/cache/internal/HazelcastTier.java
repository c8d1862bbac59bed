package dev.foundation.cache.internal;

import com.hazelcast.core.HazelcastInstance;
import dev.foundation.cache.L3;
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
 * The distributed tier: an {@code IMap<String, byte[]>} of envelopes, the shared dependency graph's reverse
 * edges in two {@code MultiMap}s (dependents per id, members per tag; each member is a key id and the token of the
 * write that recorded it), and an invalidation {@code ITopic}. A write's forward edges travel in its envelope. Every call is guarded by a circuit breaker; a failed
 * or refused call returns the given fallback and never throws.
 *
 * <p>Map and topic calls run on the caller's thread (Hazelcast's async futures hand the result to another
 * thread, which measured about 20 times slower on a hit): a call slower than the timeout still returns its
 * result but counts as a failure for the breaker, and is itself bounded only by Hazelcast's operation or
 * invocation timeout. Dependency-graph calls run on a small pool and are abandoned at the timeout.
 */
final class HazelcastTier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HazelcastTier.class);

    /** How many times an invalidation is published before giving up (at once, unless the breaker opens). */
    static final int PUBLISH_ATTEMPTS = 3;

    private final String cacheName;
    private final IMap<String, byte[]> map;
    private final MultiMap<String, String> dependents;
    private final MultiMap<String, String> tagMembers;
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
        this.tagMembers = hazelcast.getMultiMap(prefix + ".tagMembers");
        this.topic = hazelcast.getTopic(prefix + ".invalidations");
        this.breaker = CircuitBreaker.of(prefix, config);
        this.timeoutNanos = timeout.toNanos();
        this.blockingCalls = new ThreadPoolExecutor(0, 8, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                Threads.daemon("foundation-cache-" + cacheName + "-l3"), new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Binds the tier configured by {@code l3} to the Hazelcast structures of one cache.
     *
     * @param l3        the configuration
     * @param cacheName the cache name
     * @return the tier
     */
    public static HazelcastTier of(L3 l3, String cacheName) {
        CircuitBreakerConfig config = l3.resilience4jCircuitBreaker();
        if (config == null) {
            L3.Breaker b = l3.circuitBreaker();
            config = CircuitBreakerConfig.custom()
                    .failureRateThreshold(b.failureRatePercent())
                    .slidingWindowSize(b.slidingWindowCalls())
                    .minimumNumberOfCalls(b.minimumCalls())
                    .waitDurationInOpenState(b.waitInOpenState())
                    .permittedNumberOfCallsInHalfOpenState(b.trialCalls())
                    .build();
        }
        return new HazelcastTier(l3.hazelcastInstance(), cacheName, l3.timeout(), config);
    }

    /**
     * Calls {@code onOpen} (with a description of the transition) when the breaker opens and {@code onClose} when
     * it closes again.
     *
     * @param onOpen  called on opening
     * @param onClose called on closing
     */
    public void onCircuitChange(Consumer<String> onOpen, Runnable onClose) {
        breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.StateTransition t = event.getStateTransition();
            if (t.getToState() == CircuitBreaker.State.OPEN) {
                onOpen.accept(t.toString());
            } else if (t.getToState() == CircuitBreaker.State.CLOSED) {
                onClose.run();
            }
        });
    }

    /**
     * The breaker's state name: {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, ...
     *
     * @return the state
     */
    public String circuitState() {
        return breaker.getState().name();
    }

    /**
     * The breaker's state as a number for a gauge: 0 closed, 1 open, 2 half-open, 3 other.
     *
     * @return the code
     */
    public int circuitStateCode() {
        return switch (breaker.getState()) {
            case CLOSED -> 0;
            case OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 3;
        };
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
     * Writes an envelope with a TTL, replacing any other.
     *
     * @param id        the key id
     * @param envelope  the envelope
     * @param ttlMillis the TTL, {@code 0} for none
     * @return the envelope it replaced, {@code null} if none (or unavailable)
     */
    public byte[] put(String id, byte[] envelope, long ttlMillis) {
        return call(() -> map.put(id, envelope, ttlMillis, TimeUnit.MILLISECONDS), null, false);
    }

    /**
     * Writes an envelope with a TTL unless the key has one.
     *
     * @param id        the key id
     * @param envelope  the envelope
     * @param ttlMillis the TTL, {@code 0} for none
     * @return the envelope already there (left in place), or {@code null} if this one was written or L3 is
     *         unavailable
     */
    public byte[] putIfAbsent(String id, byte[] envelope, long ttlMillis) {
        return call(() -> map.putIfAbsent(id, envelope, ttlMillis, TimeUnit.MILLISECONDS), null, false);
    }

    /**
     * Replaces an envelope only if the key still holds {@code expected}, then sets the TTL.
     *
     * @param id        the key id
     * @param expected  the envelope read before
     * @param envelope  the new envelope
     * @param ttlMillis the TTL, {@code 0} for none
     * @return whether it was replaced
     */
    public boolean replace(String id, byte[] expected, byte[] envelope, long ttlMillis) {
        Boolean replaced = call(() -> {
            if (!map.replace(id, expected, envelope)) {
                return false;
            }
            map.setTtl(id, ttlMillis, TimeUnit.MILLISECONDS);
            return true;
        }, Boolean.FALSE, false);
        return Boolean.TRUE.equals(replaced);
    }

    /**
     * Removes an entry.
     *
     * @param id the key id
     * @return the envelope removed, {@code null} if none (or unavailable)
     */
    public byte[] remove(String id) {
        return call(() -> map.remove(id), null, false);
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
     * Publishes ids invalidated on this node to the other nodes; a publish that fails is tried again at once, up
     * to {@link #PUBLISH_ATTEMPTS} times in all, unless the breaker opened.
     *
     * @param ids the key ids
     */
    public void publish(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        String message = origin + "\n" + String.join("\n", ids);
        for (int attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++) {
            boolean sent = call(() -> {
                topic.publish(message);
                return Boolean.TRUE;
            }, Boolean.FALSE, false);
            if (sent || breaker.getState() == CircuitBreaker.State.OPEN || Thread.currentThread().isInterrupted()) {
                return; // breaker open: L3 is given up for now, the documented loss (bounded by the TTLs)
            }
        }
        LOG.warn("cache '{}': an invalidation of {} key(s) could not be published in {} attempts; other nodes keep"
                + " those entries until their TTL", cacheName, ids.size(), PUBLISH_ATTEMPTS);
    }

    /**
     * Records the edges of one write: {@code member} (the key id, {@code '#'}, the write's token) becomes a
     * dependent of each id in {@code deps} and a member of each tag. Called before the value is written, so
     * a cascade that sees the edge removes the value whenever it lands.
     *
     * @param member the key id and write token
     * @param deps   the ids it depends on
     * @param tags   its tags
     * @return whether every edge was recorded
     */
    public boolean addEdges(String member, Collection<String> deps, Collection<String> tags) {
        Boolean done = call(() -> {
            for (String dep : deps) {
                dependents.put(dep, member);
            }
            for (String tag : tags) {
                tagMembers.put(tag, member);
            }
            return true;
        }, Boolean.FALSE, true);
        return Boolean.TRUE.equals(done);
    }

    /**
     * Removes the edges of one write (after its value was removed or replaced); edges of other writes of the
     * same key are left alone.
     *
     * @param member the key id and write token
     * @param deps   the ids it depended on
     * @param tags   its tags
     */
    public void removeEdges(String member, Collection<String> deps, Collection<String> tags) {
        call(() -> {
            for (String dep : deps) {
                dependents.remove(dep, member);
            }
            for (String tag : tags) {
                tagMembers.remove(tag, member);
            }
            return null;
        }, null, true);
    }

    /**
     * The ids depending directly on an id.
     *
     * @param id the key id
     * @return the dependents' key ids, empty if unavailable
     */
    public Set<String> dependentsOf(String id) {
        return call(() -> keyIds(dependents.get(id)), Set.of(), true);
    }

    /**
     * The ids carrying a tag.
     *
     * @param tag the tag
     * @return the key ids, empty if unavailable
     */
    public Set<String> tagged(String tag) {
        return call(() -> keyIds(tagMembers.get(tag)), Set.of(), true);
    }

    private static Set<String> keyIds(Collection<String> members) {
        Set<String> ids = new HashSet<>();
        for (String member : members) {
            int hash = member.indexOf('#');
            ids.add(hash < 0 ? member : member.substring(0, hash));
        }
        return ids;
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
