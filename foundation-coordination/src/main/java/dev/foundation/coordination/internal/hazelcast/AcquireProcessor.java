package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.foundation.coordination.internal.LeaseLogic;
import dev.foundation.coordination.internal.LeaseRecord;

import java.io.IOException;

/** Grants a lease (with a new fencing token) or refuses; see {@link LeaseLogic#acquire}. */
public final class AcquireProcessor extends LeaseProcessor {

    private static final long serialVersionUID = 1L;

    private String owner;
    private long leaseMillis;

    /** For deserialization only. */
    public AcquireProcessor() {
    }

    AcquireProcessor(String owner, long leaseMillis) {
        this.owner = owner;
        this.leaseMillis = leaseMillis;
    }

    @Override
    protected LeaseLogic.Step step(LeaseRecord current, long nowMillis) {
        return LeaseLogic.acquire(current, owner, nowMillis, leaseMillis);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(owner);
        out.writeLong(leaseMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        owner = in.readString();
        leaseMillis = in.readLong();
    }
}
