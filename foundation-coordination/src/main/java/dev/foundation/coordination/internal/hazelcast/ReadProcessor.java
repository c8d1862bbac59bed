package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.foundation.coordination.internal.LeaseRecord;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/** Reads a record if it is held and unexpired on the partition owner's clock. */
public final class ReadProcessor implements EntryProcessor<String, LeaseRecord, LeaseRecord>, ReadOnly,
        DataSerializable, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;

    private String clockId = MemberState.SYSTEM_CLOCK;
    private transient Clock clock = Clock.systemUTC();

    /** For deserialization only. */
    public ReadProcessor() {
    }

    ReadProcessor(String clockId) {
        this.clockId = clockId;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        MemberState member = MemberState.find(hazelcastInstance);
        clock = member == null ? Clock.systemUTC() : member.clock(clockId);
    }

    @Override
    public LeaseRecord process(Map.Entry<String, LeaseRecord> entry) {
        LeaseRecord r = entry.getValue();
        return r != null && r.isHeld(clock.millis()) ? r : null;
    }

    @Override
    public EntryProcessor<String, LeaseRecord, LeaseRecord> getBackupProcessor() {
        return null;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(clockId);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        clockId = in.readString();
    }
}
