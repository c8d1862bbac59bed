package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.Map;

/**
 * Backup processor of every counter update (add, compare-and-set): stores the value the primary computed. Its
 * result is never read (Hazelcast ignores a backup's result), so it returns {@code null} as any result type.
 *
 * @param <R> the result type of the primary processor it backs up
 */
public final class CounterSetProcessor<R> implements EntryProcessor<String, Long, R>, DataSerializable {

    private static final long serialVersionUID = 1L;

    private long value;

    /** For deserialization only. */
    public CounterSetProcessor() {
    }

    CounterSetProcessor(long value) {
        this.value = value;
    }

    @Override
    public R process(Map.Entry<String, Long> entry) {
        entry.setValue(value);
        return null;
    }

    @Override
    public EntryProcessor<String, Long, R> getBackupProcessor() {
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
