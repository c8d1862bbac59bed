package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.foundation.coordination.internal.LeaseLogic;
import dev.foundation.coordination.internal.LeaseRecord;

import java.time.Clock;
import java.util.Map;

/**
 * Base of the entry processors that change a {@link LeaseRecord} on the partition owner. The decision uses the
 * owner's clock; the backup replica receives the resulting record ({@link SetRecordProcessor}) rather than
 * re-deciding with its own clock, so primary and backup never diverge.
 */
public abstract class LeaseProcessor
        implements EntryProcessor<String, LeaseRecord, Long>, DataSerializable, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;

    /** The user-context key of the clock used for lease expiry on a member. */
    public static final String CLOCK_KEY = "dev.foundation.coordination.clock";

    private transient Clock clock = Clock.systemUTC();
    private transient LeaseRecord backup;

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        Object c = hazelcastInstance.getUserContext().get(CLOCK_KEY);
        if (c instanceof Clock installed) {
            clock = installed;
        }
    }

    /**
     * Decides the transition.
     *
     * @param current   the stored record or {@code null}
     * @param nowMillis the partition owner's clock
     * @return the step
     */
    protected abstract LeaseLogic.Step step(LeaseRecord current, long nowMillis);

    @Override
    public Long process(Map.Entry<String, LeaseRecord> entry) {
        LeaseLogic.Step step = step(entry.getValue(), clock.millis());
        if (step.updated() != null) {
            entry.setValue(step.updated());
            backup = step.updated();
        }
        return step.result();
    }

    @Override
    public EntryProcessor<String, LeaseRecord, Long> getBackupProcessor() {
        return backup == null ? null : new SetRecordProcessor(backup);
    }
}
