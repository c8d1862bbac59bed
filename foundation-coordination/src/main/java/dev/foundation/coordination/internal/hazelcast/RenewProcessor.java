package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.foundation.coordination.internal.LeaseLogic;
import dev.foundation.coordination.internal.LeaseRecord;

import java.io.IOException;

/** Extends a lease still held by its owner; see {@link LeaseLogic#renew}. */
public final class RenewProcessor extends LeaseProcessor {

    private static final long serialVersionUID = 1L;

    private String owner;
    private long token;
    private long leaseMillis;

    /** For deserialization only. */
    public RenewProcessor() {
    }

    RenewProcessor(String clockId, String owner, long token, long leaseMillis) {
        super(clockId);
        this.owner = owner;
        this.token = token;
        this.leaseMillis = leaseMillis;
    }

    @Override
    protected boolean grants() {
        return true;
    }

    @Override
    protected LeaseLogic.Step step(LeaseRecord current, long nowMillis) {
        return LeaseLogic.renew(current, owner, token, nowMillis, leaseMillis);
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeString(owner);
        out.writeLong(token);
        out.writeLong(leaseMillis);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        owner = in.readString();
        token = in.readLong();
        leaseMillis = in.readLong();
    }
}
