package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.foundation.coordination.CoordinationException;
import dev.foundation.coordination.internal.LeaseLogic;
import dev.foundation.coordination.internal.LeaseRecord;

import java.io.IOException;
import java.util.Map;

/**
 * Frees every lease owned by a member that was declared dead. On the partition owner it first checks that the
 * member is no longer in the owner's member list, and refuses (throws, changing nothing in that partition) if it
 * still is: a late or retried release (after a merge, say) must never free the leases of a member that is alive.
 * The backup replicas run the same clock-free, deterministic release without that check, so they follow the
 * primary's decision.
 */
public final class ReleaseOwnedByProcessor
        implements EntryProcessor<String, LeaseRecord, Long>, DataSerializable, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;

    private String ownerPrefix;
    private boolean checkMembership = true;
    private transient HazelcastInstance hazelcast;

    /** For deserialization only. */
    public ReleaseOwnedByProcessor() {
    }

    ReleaseOwnedByProcessor(String ownerPrefix) {
        this(ownerPrefix, true);
    }

    private ReleaseOwnedByProcessor(String ownerPrefix, boolean checkMembership) {
        this.ownerPrefix = ownerPrefix;
        this.checkMembership = checkMembership;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hazelcast = hazelcastInstance;
    }

    @Override
    public Long process(Map.Entry<String, LeaseRecord> entry) {
        if (checkMembership && hazelcast != null && stillMember()) {
            throw new CoordinationException("member " + ownerPrefix + " is still a member of the cluster; its "
                    + "leases are not released");
        }
        LeaseLogic.Step step = LeaseLogic.releaseOwnedBy(entry.getValue(), ownerPrefix);
        if (step.updated() != null) {
            entry.setValue(step.updated());
        }
        return step.result();
    }

    private boolean stillMember() {
        for (Member m : hazelcast.getCluster().getMembers()) {
            if (ownerPrefix.equals(m.getUuid() + ":")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public EntryProcessor<String, LeaseRecord, Long> getBackupProcessor() {
        return new ReleaseOwnedByProcessor(ownerPrefix, false);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(ownerPrefix);
        out.writeBoolean(checkMembership);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        ownerPrefix = in.readString();
        checkMembership = in.readBoolean();
    }
}
