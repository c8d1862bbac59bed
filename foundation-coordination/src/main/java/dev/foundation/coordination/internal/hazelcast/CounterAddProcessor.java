package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.Map;

/**
 * Adds to a counter on its partition owner; the backup receives the resulting value. Answers {@code null} and
 * changes nothing if the sum would overflow.
 */
public final class CounterAddProcessor
        implements EntryProcessor<String, Long, Long>, DataSerializable, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;

    private long delta;
    private transient Long result;

    /** For deserialization only. */
    public CounterAddProcessor() {
    }

    CounterAddProcessor(long delta) {
        this.delta = delta;
    }

    private transient HazelcastInstance hazelcast;

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hazelcast = hazelcastInstance;
    }

    @Override
    public Long process(Map.Entry<String, Long> entry) {
        RecentlyHeardFunction.ensurePresent(hazelcast, "counter update");
        long current = entry.getValue() == null ? 0 : entry.getValue();
        long sum = current + delta;
        if (((current ^ sum) & (delta ^ sum)) < 0) {
            return null; // overflow: unchanged, the caller throws CounterOverflowException
        }
        result = sum;
        entry.setValue(result);
        return result;
    }

    @Override
    public EntryProcessor<String, Long, Long> getBackupProcessor() {
        return result == null ? null : new CounterSetProcessor<>(result);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(delta);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        delta = in.readLong();
    }
}
