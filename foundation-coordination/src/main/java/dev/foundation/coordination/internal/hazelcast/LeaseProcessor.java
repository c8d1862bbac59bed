package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.foundation.coordination.internal.LeaseLogic;
import dev.foundation.coordination.internal.LeaseRecord;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/**
 * Base of the entry processors that change a {@link LeaseRecord} on the partition owner. The decision uses the
 * owner's clock (the one the requesting coordination was configured with, if a coordination on the owner
 * registered it; else the system clock); the backup replica receives the resulting record
 * ({@link SetRecordProcessor}) rather than re-deciding with its own clock, so primary and backup never diverge.
 * A processor that grants or extends a lease ({@link #grants()}) is refused with a
 * {@link SplitBrainProtectionException} when the partition owner cannot confirm its minimum cluster size at that
 * moment ({@link RecentlyHeardFunction}, evaluated now rather than Hazelcast's verdict of the last heartbeat
 * interval): a member cut off from the majority must not grant from the records it still owns.
 */
public abstract class LeaseProcessor
        implements EntryProcessor<String, LeaseRecord, Long>, DataSerializable, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;

    private String clockId = MemberState.SYSTEM_CLOCK;
    private transient Clock clock = Clock.systemUTC();
    private transient MemberState member;
    private transient HazelcastInstance hazelcast;
    private transient RecentlyHeardFunction quorum;
    private transient LeaseRecord backup;

    /** For deserialization only. */
    protected LeaseProcessor() {
    }

    /**
     * Creates a processor deciding with the clock of this id.
     *
     * @param clockId the id of the requester's clock
     */
    protected LeaseProcessor(String clockId) {
        this.clockId = clockId;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        hazelcast = hazelcastInstance;
        quorum = RecentlyHeardFunction.find(hazelcastInstance);
        member = MemberState.find(hazelcastInstance);
        clock = member == null ? Clock.systemUTC() : member.clock(clockId);
    }

    /**
     * Whether the member running this processor refuses new grants for now (see {@link MemberState}).
     *
     * @return {@code true} while quarantined
     */
    protected final boolean quarantined() {
        return member != null && member.inQuarantine();
    }

    /**
     * Decides the transition.
     *
     * @param current   the stored record or {@code null}
     * @param nowMillis the partition owner's clock
     * @return the step
     */
    protected abstract LeaseLogic.Step step(LeaseRecord current, long nowMillis);

    /**
     * Whether this processor grants or extends a lease, and so needs the partition owner to confirm its minimum
     * cluster size.
     *
     * @return {@code true} for acquire and renew
     */
    protected boolean grants() {
        return false;
    }

    @Override
    public Long process(Map.Entry<String, LeaseRecord> entry) {
        if (grants() && quorum != null && !quorum.apply(hazelcast.getCluster().getMembers())) {
            throw new SplitBrainProtectionException("the partition owner of '" + entry.getKey()
                    + "' cannot confirm its minimum cluster size; no lease is granted or renewed");
        }
        LeaseLogic.Step step = step(entry.getValue(), clock.millis());
        if (step.updated() != null) {
            entry.setValue(step.updated());
            backup = step.updated();
        }
        return step.result();
    }

    @Override
    public EntryProcessor<String, LeaseRecord, Long> getBackupProcessor() {
        return backup == null ? null : new SetRecordProcessor(backup);
    }

    @Override
    public final void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(clockId);
        writeFields(out);
    }

    @Override
    public final void readData(ObjectDataInput in) throws IOException {
        clockId = in.readString();
        readFields(in);
    }

    /**
     * Writes the subclass's fields.
     *
     * @param out the output
     * @throws IOException on failure
     */
    protected abstract void writeFields(ObjectDataOutput out) throws IOException;

    /**
     * Reads the subclass's fields.
     *
     * @param in the input
     * @throws IOException on failure
     */
    protected abstract void readFields(ObjectDataInput in) throws IOException;
}
