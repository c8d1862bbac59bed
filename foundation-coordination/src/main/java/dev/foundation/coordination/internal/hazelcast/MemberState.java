package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.foundation.coordination.internal.WorkRegistry;

import java.time.Clock;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the coordinations on one Hazelcast member share, kept in the member's user context under one key: the
 * clocks they were configured with (by id, so two coordinations with different clocks do not overwrite each
 * other; entry processors carry the id of the requester's clock), the work functions each registered (a
 * registration of one coordination never replaces or removes another's), and the member's grant quarantine
 * (set when a coordination on this member noticed that the process was paused, or that the member is merging
 * into another cluster: while it lasts the member grants no new lease from the records it owns).
 *
 * <p>The quarantine is also implied while the coordinations' guards have not run for longer than the stall
 * threshold: after a SIGSTOP, a partition thread can answer a request queued during the pause before any guard has
 * run and noticed the stall, and a grant from the member's stale partition table then (the cluster may have moved
 * the partition and granted the lease elsewhere) is what left two leaders in a pause test.
 */
final class MemberState {

    static final String KEY = "dev.foundation.coordination.member";
    /** The id of the system clock; processors carrying it (or an unknown id) use {@link Clock#systemUTC()}. */
    static final String SYSTEM_CLOCK = "system";

    private static final Map<Clock, String> CLOCK_IDS = Collections.synchronizedMap(new IdentityHashMap<>());
    private static final AtomicLong CLOCK_SEQUENCE = new AtomicLong();

    private final ConcurrentMap<String, Clock> clocks = new ConcurrentHashMap<>();
    private final WorkRegistry work = new WorkRegistry();
    private final AtomicLong quarantineUntilNanos = new AtomicLong(System.nanoTime());
    /** When a guard of a coordination on this member last ran. */
    private final AtomicLong aliveNanos = new AtomicLong(System.nanoTime());
    /** Guards running on this member, and the shortest stall threshold among them. */
    private int guards;
    private long staleAfterNanos = Long.MAX_VALUE;

    static MemberState of(HazelcastInstance hazelcast) {
        return (MemberState) hazelcast.getUserContext().computeIfAbsent(KEY, k -> new MemberState());
    }

    /** The member's state if a coordination was ever created on it, else {@code null}. */
    static MemberState find(HazelcastInstance hazelcast) {
        Object state = hazelcast.getUserContext().get(KEY);
        return state instanceof MemberState s ? s : null;
    }

    /**
     * Registers a clock and returns its id (stable for one clock object in this JVM).
     *
     * @param clock the clock
     * @return the id processors carry
     */
    String register(Clock clock) {
        if (clock.equals(Clock.systemUTC())) {
            return SYSTEM_CLOCK;
        }
        String id = CLOCK_IDS.computeIfAbsent(clock, c -> "clock-" + CLOCK_SEQUENCE.incrementAndGet());
        clocks.put(id, clock);
        return id;
    }

    Clock clock(String id) {
        Clock c = id == null ? null : clocks.get(id);
        return c == null ? Clock.systemUTC() : c;
    }

    WorkRegistry work() {
        return work;
    }

    /** Refuses new grants on this member for {@code nanos} from now (never shortens a running quarantine). */
    void quarantine(long nanos) {
        long until = System.nanoTime() + nanos;
        quarantineUntilNanos.accumulateAndGet(until, (a, b) -> a - b >= 0 ? a : b);
    }

    /**
     * Whether the member grants nothing new now: a quarantine runs, or guards run here and none has run for
     * longer than the stall threshold (the process stood still, and no guard has noticed yet).
     */
    boolean inQuarantine() {
        long now = System.nanoTime();
        if (now - quarantineUntilNanos.get() < 0) {
            return true;
        }
        long staleAfter;
        synchronized (this) {
            staleAfter = guards > 0 ? staleAfterNanos : Long.MAX_VALUE;
        }
        return now - aliveNanos.get() > staleAfter;
    }

    /**
     * A coordination's guard starts on this member.
     *
     * @param stallThresholdNanos how long the guard may not run before a stall is assumed
     */
    synchronized void guardStarted(long stallThresholdNanos) {
        alive();
        guards++;
        staleAfterNanos = Math.min(staleAfterNanos, stallThresholdNanos);
    }

    /** A coordination's guard stopped; with none left, nothing tells a stall any more. */
    synchronized void guardStopped() {
        if (--guards == 0) {
            staleAfterNanos = Long.MAX_VALUE;
        }
    }

    /** A guard ran (every 100 ms while its coordination is open). */
    void alive() {
        long now = System.nanoTime();
        aliveNanos.accumulateAndGet(now, (a, b) -> b - a > 0 ? b : a);
    }

    /** For tests: as if the guards last ran at {@code nanos} (a {@link System#nanoTime()} reading). */
    void aliveAt(long nanos) {
        aliveNanos.set(nanos);
    }
}
