package dev.foundation.coordination.internal;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The split-brain rule of the Hazelcast backend: whether this member can confirm that it is in a cluster of at
 * least {@code minimumClusterSize} members, judged only from what it heard itself, evaluated at the moment of
 * asking (never a cached verdict).
 *
 * <p>The local member always counts. Another member counts only if
 * <ul>
 *   <li>it was heard from (a heartbeat arrived) less than {@code tolerance} ago, and</li>
 *   <li>it is not on probation: a member heard again after a silence longer than {@code tolerance} (a member
 *       coming back after a partition, or heartbeats that sat in a socket buffer while a link was down and arrive
 *       in one burst) counts only once it has been heard without such a silence for {@code probation}.</li>
 * </ul>
 * With a tolerance of about half the time after which the cluster declares a silent member dead, a member cut off
 * from the others stops counting them (and so refuses grants, renewals and counter updates) well before they can
 * declare it dead and free what it held. Probation keeps a late burst of old heartbeats from making a cut-off
 * member believe, for a moment, that it is back in the majority: with {@code probation >= tolerance} a burst alone
 * never counts. A member heard for the first time is not on probation.
 *
 * <p>Times are in nanoseconds from one monotonic source ({@link System#nanoTime()} in production). Thread-safe.
 *
 * @param <K> what identifies a member (its address, so that a member coming back is recognised)
 */
public final class RecentlyHeardQuorum<K> {

    private final int minimumClusterSize;
    private final long toleranceNanos;
    private final long probationNanos;
    private final ConcurrentMap<K, Heard> heard = new ConcurrentHashMap<>();

    /** What is known of one member: when its current run of heartbeats began and when it was last heard. */
    private record Heard(long since, long last, boolean probation) {
    }

    /**
     * Creates the rule.
     *
     * @param minimumClusterSize members needed, the local one included; at least 1
     * @param toleranceNanos     how recent the last heartbeat must be; positive
     * @param probationNanos     how long a returning member must be heard before it counts again; not negative
     */
    public RecentlyHeardQuorum(int minimumClusterSize, long toleranceNanos, long probationNanos) {
        if (minimumClusterSize < 1) {
            throw new IllegalArgumentException("minimumClusterSize must be >= 1 but was " + minimumClusterSize);
        }
        if (toleranceNanos <= 0) {
            throw new IllegalArgumentException("toleranceNanos must be > 0 but was " + toleranceNanos);
        }
        if (probationNanos < 0) {
            throw new IllegalArgumentException("probationNanos must be >= 0 but was " + probationNanos);
        }
        this.minimumClusterSize = minimumClusterSize;
        this.toleranceNanos = toleranceNanos;
        this.probationNanos = probationNanos;
    }

    /**
     * Records that a member was heard from.
     *
     * @param member    the member
     * @param nowNanos  when
     */
    public void heard(K member, long nowNanos) {
        heard.compute(member, (k, h) -> {
            if (h == null) {
                return new Heard(nowNanos, nowNanos, false);
            }
            if (nowNanos - h.last() > toleranceNanos) {
                return new Heard(nowNanos, nowNanos, true); // back after a silence: on probation
            }
            return nowNanos - h.last() > 0 ? new Heard(h.since(), nowNanos, h.probation()) : h;
        });
    }

    /**
     * Whether a member counts now.
     *
     * @param member   the member
     * @param nowNanos now
     * @return {@code true} if heard recently and not on probation
     */
    public boolean counts(K member, long nowNanos) {
        Heard h = heard.get(member);
        if (h == null || nowNanos - h.last() >= toleranceNanos) {
            return false;
        }
        return !h.probation() || nowNanos - h.since() >= probationNanos;
    }

    /**
     * Whether the local member, together with the other members it counts, reaches the minimum size.
     *
     * @param others   the other members in the local member list (the local member excluded)
     * @param nowNanos now
     * @return {@code true} if quorate
     */
    public boolean present(Collection<K> others, long nowNanos) {
        if (others.size() + 1 < minimumClusterSize) {
            return false;
        }
        int count = 1;
        for (K member : others) {
            if (count >= minimumClusterSize) {
                break;
            }
            if (counts(member, nowNanos)) {
                count++;
            }
        }
        return count >= minimumClusterSize;
    }

    /**
     * The minimum cluster size.
     *
     * @return members needed, the local one included
     */
    public int minimumClusterSize() {
        return minimumClusterSize;
    }

    /**
     * The tolerance.
     *
     * @return nanoseconds
     */
    public long toleranceNanos() {
        return toleranceNanos;
    }

    /**
     * The probation.
     *
     * @return nanoseconds
     */
    public long probationNanos() {
        return probationNanos;
    }
}
