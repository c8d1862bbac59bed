package dev.foundation.core.internal;

import dev.foundation.core.Codec;
import java.util.Objects;

/** Byte arrays as themselves; copies in both directions so callers never share a buffer. */
public final class BytesCodec implements Codec<byte[]> {

    /** The only instance. */
    public static final BytesCodec INSTANCE = new BytesCodec();

    private BytesCodec() {
    }

    @Override
    public byte[] encode(byte[] value) {
        return Objects.requireNonNull(value, "value").clone();
    }

    @Override
    public byte[] decode(byte[] bytes) {
        return Objects.requireNonNull(bytes, "bytes").clone();
    }

    @Override
    public String name() {
        return "bytes";
    }

    @Override
    public String toString() {
        return "Codec[bytes]";
    }
}
