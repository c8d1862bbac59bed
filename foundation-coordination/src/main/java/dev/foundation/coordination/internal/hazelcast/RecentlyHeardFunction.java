package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.HeartbeatAware;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;
import dev.foundation.coordination.HazelcastMembers;
import dev.foundation.coordination.internal.RecentlyHeardQuorum;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The coordination maps' split-brain protection function: {@link RecentlyHeardQuorum} over member addresses, fed
 * by the heartbeats this member receives. Hazelcast evaluates it once per heartbeat interval for the maps' own
 * check; the coordination (before requesting a grant, and in its guard) and the entry processors on the partition
 * owner (before granting or renewing) evaluate it directly at the moment of asking, through {@link #find}.
 *
 * <p>One instance per member: {@code HazelcastMembers.configure} creates it with the {@code Config}, so start one
 * member per {@code Config} object.
 */
public final class RecentlyHeardFunction implements SplitBrainProtectionFunction, HeartbeatAware {

    private final RecentlyHeardQuorum<Address> rule;

    /**
     * Creates the function.
     *
     * @param minimumClusterSize members needed, the local one included
     * @param toleranceMillis    how recent a member's last heartbeat must be for it to count
     * @param probationMillis    how long a member heard again after a longer silence must be heard before it counts
     */
    public RecentlyHeardFunction(int minimumClusterSize, long toleranceMillis, long probationMillis) {
        this.rule = new RecentlyHeardQuorum<>(minimumClusterSize, toleranceMillis * 1_000_000L,
                probationMillis * 1_000_000L);
    }

    /**
     * The function installed on a member by {@link HazelcastMembers}, if any.
     *
     * @param hazelcast the member
     * @return the function, or {@code null} when the member has none (no split-brain protection, or another one)
     */
    public static RecentlyHeardFunction find(HazelcastInstance hazelcast) {
        SplitBrainProtectionConfig config = hazelcast.getConfig().getSplitBrainProtectionConfigs()
                .get(HazelcastMembers.SPLIT_BRAIN_PROTECTION_NAME);
        return config != null && config.getFunctionImplementation() instanceof RecentlyHeardFunction f ? f : null;
    }

    /**
     * On a partition owner: refuses an update when the member has this rule and cannot confirm its minimum size now.
     *
     * @param hazelcast the member, or {@code null} (not yet known: nothing checked)
     * @param what      what was refused, for the message
     * @throws SplitBrainProtectionException if refused
     */
    static void ensurePresent(HazelcastInstance hazelcast, String what) {
        RecentlyHeardFunction quorum = hazelcast == null ? null : find(hazelcast);
        if (quorum != null && !quorum.apply(hazelcast.getCluster().getMembers())) {
            throw new SplitBrainProtectionException("the partition owner cannot confirm its minimum cluster size; "
                    + what + " refused");
        }
    }

    @Override
    public void onHeartbeat(Member member, long timestamp) {
        if (!member.localMember()) {
            rule.heard(member.getAddress(), System.nanoTime());
        }
    }

    @Override
    public boolean apply(Collection<Member> members) {
        List<Address> others = new ArrayList<>(members.size());
        for (Member m : members) {
            if (!m.localMember()) {
                others.add(m.getAddress());
            }
        }
        return rule.present(others, System.nanoTime());
    }

    /**
     * Whether a member currently counts towards the minimum size, for diagnostics.
     *
     * @param member the member
     * @return {@code true} if the local member, or heard recently and not on probation
     */
    public boolean counts(Member member) {
        return member.localMember() || rule.counts(member.getAddress(), System.nanoTime());
    }

    /**
     * The rule's tolerance.
     *
     * @return milliseconds
     */
    public long toleranceMillis() {
        return rule.toleranceNanos() / 1_000_000L;
    }

    /**
     * The rule's probation.
     *
     * @return milliseconds
     */
    public long probationMillis() {
        return rule.probationNanos() / 1_000_000L;
    }
}
