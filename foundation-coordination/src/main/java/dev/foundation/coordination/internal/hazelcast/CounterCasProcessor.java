package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.util.Map;

/** Compare-and-set on a counter's partition owner; the backup receives the new value if it changed. */
public final class CounterCasProcessor
        implements EntryProcessor<String, Long, Boolean>, DataSerializable, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;

    private long expected;
    private long update;
    private transient boolean changed;

    /** For deserialization only. */
    public CounterCasProcessor() {
    }

    CounterCasProcessor(long expected, long update) {
        this.expected = expected;
        this.update = update;
    }

    private transient HazelcastInstance hazelcast;

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hazelcast = hazelcastInstance;
    }

    @Override
    public Boolean process(Map.Entry<String, Long> entry) {
        RecentlyHeardFunction.ensurePresent(hazelcast, "counter update");
        long current = entry.getValue() == null ? 0 : entry.getValue();
        if (current != expected) {
            return false;
        }
        entry.setValue(update);
        changed = true;
        return true;
    }

    @Override
    public EntryProcessor<String, Long, Boolean> getBackupProcessor() {
        if (!changed) {
            return null;
        }
        return new CounterSetProcessor<>(update);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(expected);
        out.writeLong(update);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        expected = in.readLong();
        update = in.readLong();
    }
}
