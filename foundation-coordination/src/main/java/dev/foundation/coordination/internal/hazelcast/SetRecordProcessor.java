package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.foundation.coordination.internal.LeaseRecord;

import java.io.IOException;
import java.util.Map;

/** Backup processor: stores the record the primary decided on. */
public final class SetRecordProcessor implements EntryProcessor<String, LeaseRecord, Long>, DataSerializable {

    private static final long serialVersionUID = 1L;

    private LeaseRecord record;

    /** For deserialization only. */
    public SetRecordProcessor() {
    }

    SetRecordProcessor(LeaseRecord record) {
        this.record = record;
    }

    @Override
    public Long process(Map.Entry<String, LeaseRecord> entry) {
        entry.setValue(record);
        return 1L;
    }

    @Override
    public EntryProcessor<String, LeaseRecord, Long> getBackupProcessor() {
        return null;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeObject(record);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        record = in.readObject();
    }
}
