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

    boolean inQuarantine() {
        return System.nanoTime() - quarantineUntilNanos.get() < 0;
    }
}
