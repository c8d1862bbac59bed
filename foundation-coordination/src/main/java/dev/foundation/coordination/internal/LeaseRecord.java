package dev.foundation.coordination.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;

/**
 * The stored state of one lock or election: the current owner (if any), the last token granted (kept after
 * release so tokens keep increasing), and when the owner's lease expires on the storing member's clock.
 * Immutable once built; serialized with Hazelcast's {@link DataSerializable}, never Java serialization.
 */
public final class LeaseRecord implements DataSerializable, java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private String owner;
    private long token;
    private long expiresAtMillis;
    private long leaseMillis;

    /** For deserialization only. */
    public LeaseRecord() {
    }

    /**
     * Creates a record.
     *
     * @param owner           the owner, or {@code null} if free
     * @param token           the last token granted
     * @param expiresAtMillis when the owner's lease expires (epoch millis of the store's clock)
     */
    public LeaseRecord(String owner, long token, long expiresAtMillis) {
        this(owner, token, expiresAtMillis, 0);
    }

    /**
     * Creates a record.
     *
     * @param owner           the owner, or {@code null} if free
     * @param token           the last token granted
     * @param expiresAtMillis when the owner's lease expires (epoch millis of the store's clock)
     * @param leaseMillis     the length of the owner's last grant or renewal (0 if free)
     */
    public LeaseRecord(String owner, long token, long expiresAtMillis, long leaseMillis) {
        this.owner = owner;
        this.token = token;
        this.expiresAtMillis = expiresAtMillis;
        this.leaseMillis = leaseMillis;
    }

    /**
     * The length of the owner's last grant or renewal; the store keeps a safety margin proportional to it after
     * the expiry before it grants the lease to anyone else.
     *
     * @return the lease length in milliseconds, 0 if free
     */
    public long leaseMillis() {
        return leaseMillis;
    }

    /**
     * The owner, or {@code null} if free.
     *
     * @return the owner
     */
    public String owner() {
        return owner;
    }

    /**
     * The last token granted.
     *
     * @return the token
     */
    public long token() {
        return token;
    }

    /**
     * When the lease expires.
     *
     * @return epoch millis
     */
    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    /**
     * Whether an owner holds an unexpired lease at {@code nowMillis}.
     *
     * @param nowMillis the store's current time
     * @return {@code true} if held
     */
    public boolean isHeld(long nowMillis) {
        return owner != null && nowMillis < expiresAtMillis;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(owner);
        out.writeLong(token);
        out.writeLong(expiresAtMillis);
        out.writeLong(leaseMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        owner = in.readString();
        token = in.readLong();
        expiresAtMillis = in.readLong();
        leaseMillis = in.readLong();
    }

    @Override
    public String toString() {
        return "LeaseRecord[owner=" + owner + ", token=" + token + ", expiresAt=" + expiresAtMillis
                + ", lease=" + leaseMillis + "]";
    }
}
