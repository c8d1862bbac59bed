package dev.foundation.core.internal;

import dev.foundation.core.Codec;
import dev.foundation.core.CodecException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Strict UTF-8: malformed input is an error in both directions, never a replacement character. */
public final class Utf8Codec implements Codec<String> {

    /** The only instance. */
    public static final Utf8Codec INSTANCE = new Utf8Codec();

    private Utf8Codec() {
    }

    @Override
    public byte[] encode(String value) {
        Objects.requireNonNull(value, "value");
        try {
            ByteBuffer out = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
            byte[] bytes = new byte[out.remaining()];
            out.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new CodecException(name(), "string is not valid Unicode (unpaired surrogate?): " + e, e);
        }
    }

    @Override
    public String decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CodecException(name(), "bytes are not valid UTF-8 (" + bytes.length + " bytes): " + e, e);
        }
    }

    @Override
    public String name() {
        return "utf8";
    }

    @Override
    public String toString() {
        return "Codec[utf8]";
    }
}
