package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.foundation.coordination.WorkFunction;
import dev.foundation.coordination.WorkUnit;
import dev.foundation.coordination.internal.WorkRegistry;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * One work unit sent to a member: runs the function that member registered under the task name and answers with
 * a {@link WorkReply} (result or error), never with a thrown exception, so no exception class needs to cross
 * the wire.
 */
public final class WorkTask implements Callable<WorkReply>, DataSerializable, HazelcastInstanceAware {

    private String taskName;
    private String unitId;
    private Object payload;
    private transient HazelcastInstance hazelcast;

    /** For deserialization only. */
    public WorkTask() {
    }

    WorkTask(String taskName, String unitId, Object payload) {
        this.taskName = taskName;
        this.unitId = unitId;
        this.payload = payload;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hazelcast = hazelcastInstance;
    }

    @Override
    @SuppressWarnings("unchecked")
    public WorkReply call() {
        String member = hazelcast.getCluster().getLocalMember().getUuid().toString();
        MemberState state = MemberState.find(hazelcast);
        WorkFunction<Object, Object> function = state == null ? null
                : (WorkFunction<Object, Object>) state.work().get(taskName);
        if (function == null) {
            return new WorkReply(member, null, "no work function is registered for task '" + taskName
                    + "' on member " + member + "; call Coordination.registerWork on every member");
        }
        try {
            Object result = function.apply(new WorkUnit<>(unitId, payload));
            if (result == null) {
                return new WorkReply(member, null, "work function of task '" + taskName + "' returned null for unit '"
                        + unitId + "'");
            }
            return new WorkReply(member, result, null);
        } catch (Exception e) {
            return new WorkReply(member, null, WorkRegistry.describe(e));
        }
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(taskName);
        out.writeString(unitId);
        out.writeObject(payload);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        taskName = in.readString();
        unitId = in.readString();
        payload = in.readObject();
    }
}
