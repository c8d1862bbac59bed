package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import dev.foundation.coordination.internal.LeaseRecord;

/**
 * How the coordination maps merge after a split brain heals. Lease records converge to the one with the highest
 * token, whichever side it comes from, so fencing tokens keep increasing across the merge; a record taken from
 * the merging (smaller) side is stored free, because every coordination on a merging member gives up its locks
 * and terms when the merge starts. The existing record of the larger side is kept when its token is higher (its
 * holder keeps its lease; the merging side's holder already gave it up). Counter values keep the larger side's
 * value (the smaller side refuses updates under split-brain protection), like Hazelcast's default policy.
 *
 * @param <V> the value type
 * @param <T> the merging value type
 */
public final class LeaseMergePolicy<V, T extends MergingValue<V>> implements SplitBrainMergePolicy<V, T, Object> {

    private static final long serialVersionUID = 1L;

    /** Used by Hazelcast. */
    public LeaseMergePolicy() {
    }

    @Override
    public Object merge(T mergingValue, T existingValue) {
        if (existingValue == null) {
            return mergingValue == null ? null : freed(mergingValue.getDeserializedValue());
        }
        if (mergingValue == null) {
            return existingValue.getRawValue();
        }
        Object merging = mergingValue.getDeserializedValue();
        Object existing = existingValue.getDeserializedValue();
        if (merging instanceof LeaseRecord m && existing instanceof LeaseRecord e) {
            return m.token() > e.token() ? freed(m) : existingValue.getRawValue();
        }
        return existingValue.getRawValue();
    }

    private static Object freed(Object value) {
        if (value instanceof LeaseRecord r && r.owner() != null) {
            return new LeaseRecord(null, r.token(), 0);
        }
        return value;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // no state
    }

    @Override
    public void readData(ObjectDataInput in) {
        // no state
    }
}
