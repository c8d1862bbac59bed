package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.foundation.coordination.internal.LeaseLogic;
import dev.foundation.coordination.internal.LeaseRecord;

import java.io.IOException;
import java.util.Map;

/**
 * Frees every lease owned by a member that was declared dead. Clock-free and deterministic, so the backup replicas
 * run the same processor.
 */
public final class ReleaseOwnedByProcessor
        implements EntryProcessor<String, LeaseRecord, Long>, DataSerializable {

    private static final long serialVersionUID = 1L;

    private String ownerPrefix;

    /** For deserialization only. */
    public ReleaseOwnedByProcessor() {
    }

    ReleaseOwnedByProcessor(String ownerPrefix) {
        this.ownerPrefix = ownerPrefix;
    }

    @Override
    public Long process(Map.Entry<String, LeaseRecord> entry) {
        LeaseLogic.Step step = LeaseLogic.releaseOwnedBy(entry.getValue(), ownerPrefix);
        if (step.updated() != null) {
            entry.setValue(step.updated());
        }
        return step.result();
    }

    @Override
    public EntryProcessor<String, LeaseRecord, Long> getBackupProcessor() {
        return this;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(ownerPrefix);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        ownerPrefix = in.readString();
    }
}
