package dev.foundation.coordination.internal.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;

/** The answer of one {@link WorkTask}: the member, and a result or an error. */
public final class WorkReply implements DataSerializable {

    private String memberId;
    private Object result;
    private String error;

    /** For deserialization only. */
    public WorkReply() {
    }

    WorkReply(String memberId, Object result, String error) {
        this.memberId = memberId;
        this.result = result;
        this.error = error;
    }

    String memberId() {
        return memberId;
    }

    Object result() {
        return result;
    }

    String error() {
        return error;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(memberId);
        out.writeObject(result);
        out.writeString(error);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        memberId = in.readString();
        result = in.readObject();
        error = in.readString();
    }
}
