package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.Map;

/** Backup processor: stores the counter value the primary computed. */
public final class CounterSetProcessor implements EntryProcessor<String, Long, Long>, DataSerializable {

    private static final long serialVersionUID = 1L;

    private long value;

    /** For deserialization only. */
    public CounterSetProcessor() {
    }

    CounterSetProcessor(long value) {
        this.value = value;
    }

    @Override
    public Long process(Map.Entry<String, Long> entry) {
        entry.setValue(value);
        return value;
    }

    @Override
    public EntryProcessor<String, Long, Long> getBackupProcessor() {
        return null;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(value);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        value = in.readLong();
    }
}
