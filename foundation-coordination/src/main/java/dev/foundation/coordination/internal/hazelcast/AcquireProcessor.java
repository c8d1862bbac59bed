package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.foundation.coordination.internal.LeaseLogic;
import dev.foundation.coordination.internal.LeaseRecord;

import java.io.IOException;

/**
 * Grants a lease (with a new fencing token) or refuses; see {@link LeaseLogic#acquire}. A partition owner in
 * quarantine (see {@link MemberState}) refuses every grant except the extension of a lease the requester holds.
 */
public final class AcquireProcessor extends LeaseProcessor {

    private static final long serialVersionUID = 1L;

    private String owner;
    private long leaseMillis;
    private double marginRate;

    /** For deserialization only. */
    public AcquireProcessor() {
    }

    AcquireProcessor(String clockId, String owner, long leaseMillis, double marginRate) {
        super(clockId);
        this.owner = owner;
        this.leaseMillis = leaseMillis;
        this.marginRate = marginRate;
    }

    @Override
    protected boolean grants() {
        return true;
    }

    @Override
    protected LeaseLogic.Step step(LeaseRecord current, long nowMillis) {
        LeaseLogic.Step step = LeaseLogic.acquire(current, owner, nowMillis, leaseMillis, marginRate);
        if (step.result() > 0 && quarantined() && (current == null || current.token() != step.result())) {
            return new LeaseLogic.Step(0, null); // a new grant from a member that was paused or is merging
        }
        return step;
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeString(owner);
        out.writeLong(leaseMillis);
        out.writeDouble(marginRate);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        owner = in.readString();
        leaseMillis = in.readLong();
        marginRate = in.readDouble();
    }
}
