package dev.foundation.events.internal;

import dev.foundation.core.Codec;
import dev.foundation.core.CodecException;
import dev.foundation.events.DeadLetter;
import dev.foundation.events.Event;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;

/**
 * Binary codec of a {@link DeadLetter}: version byte, subscription, the original event's coordinates, its value
 * through the stream's codec, the error and the attempt count.
 *
 * @param <T> the original value type
 */
final class DeadLetterCodec<T> implements Codec<DeadLetter<T>> {

    private static final int VERSION = 1;
    private final Codec<T> values;

    DeadLetterCodec(Codec<T> values) {
        this.values = values;
    }

    @Override
    public byte[] encode(DeadLetter<T> d) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Event<T> e = d.event();
            out.writeByte(VERSION);
            out.writeUTF(d.subscription());
            out.writeUTF(e.stream());
            out.writeInt(e.partition());
            out.writeLong(e.offset());
            out.writeLong(e.timestamp().toEpochMilli());
            out.writeBoolean(e.key() != null);
            if (e.key() != null) {
                out.writeUTF(e.key());
            }
            byte[] v = values.encode(e.value());
            out.writeInt(v.length);
            out.write(v);
            String error = d.error().length() > 8000 ? d.error().substring(0, 8000) : d.error();
            out.writeUTF(error);
            out.writeInt(d.attempts());
        } catch (IOException ex) {
            throw new CodecException(name(), "cannot encode a dead letter: " + ex, ex);
        }
        return bytes.toByteArray();
    }

    @Override
    public DeadLetter<T> decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new CodecException(name(), "unknown dead-letter format version " + version, null);
            }
            String subscription = in.readUTF();
            String stream = in.readUTF();
            int partition = in.readInt();
            long offset = in.readLong();
            Instant ts = Instant.ofEpochMilli(in.readLong());
            String key = in.readBoolean() ? in.readUTF() : null;
            int len = in.readInt();
            if (len < 0 || len > bytes.length) {
                throw new CodecException(name(), "bad value length " + len, null);
            }
            byte[] v = in.readNBytes(len);
            String error = in.readUTF();
            int attempts = in.readInt();
            if (in.read() != -1) {
                throw new CodecException(name(), "trailing bytes after a dead letter", null);
            }
            return new DeadLetter<>(subscription, new Event<>(stream, partition, offset, ts, key, values.decode(v)),
                    error, attempts);
        } catch (IOException | RuntimeException ex) {
            if (ex instanceof CodecException) {
                throw (CodecException) ex;
            }
            throw new CodecException(name(), "cannot decode a dead letter: " + ex, ex);
        }
    }

    @Override
    public String name() {
        return "dead-letter(" + values.name() + ")";
    }
}
