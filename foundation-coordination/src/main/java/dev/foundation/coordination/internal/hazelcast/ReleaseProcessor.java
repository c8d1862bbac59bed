package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.foundation.coordination.internal.LeaseLogic;
import dev.foundation.coordination.internal.LeaseRecord;

import java.io.IOException;

/** Frees a lease if the caller still owns it; see {@link LeaseLogic#release}. */
public final class ReleaseProcessor extends LeaseProcessor {

    private static final long serialVersionUID = 1L;

    private String owner;
    private long token;

    /** For deserialization only. */
    public ReleaseProcessor() {
    }

    ReleaseProcessor(String owner, long token) {
        this.owner = owner;
        this.token = token;
    }

    @Override
    protected LeaseLogic.Step step(LeaseRecord current, long nowMillis) {
        return LeaseLogic.release(current, owner, token);
    }

    @Override
    protected void writeFields(ObjectDataOutput out) throws IOException {
        out.writeString(owner);
        out.writeLong(token);
    }

    @Override
    protected void readFields(ObjectDataInput in) throws IOException {
        owner = in.readString();
        token = in.readLong();
    }
}
