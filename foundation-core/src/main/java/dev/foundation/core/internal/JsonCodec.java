package dev.foundation.core.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.foundation.core.Codec;
import dev.foundation.core.CodecException;
import java.io.IOException;
import java.util.Objects;

/**
 * JSON through a pre-built Jackson reader/writer pair (built once, so the hot path does no type lookups).
 *
 * @param <T> the value type
 */
public final class JsonCodec<T> implements Codec<T> {

    private final String name;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    /**
     * Creates a codec.
     *
     * @param typeName the value type's name, for messages
     * @param reader   a reader bound to the value type
     * @param writer   a writer bound to the value type
     */
    public JsonCodec(String typeName, ObjectReader reader, ObjectWriter writer) {
        this.name = "json(" + typeName + ")";
        this.reader = reader;
        this.writer = writer;
    }

    @Override
    public byte[] encode(T value) {
        Objects.requireNonNull(value, "value");
        try {
            return writer.writeValueAsBytes(value);
        } catch (IOException | RuntimeException e) {
            throw new CodecException(name, "cannot encode " + value.getClass().getName() + ": " + rootMessage(e), e);
        }
    }

    @Override
    public T decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        T value;
        try {
            value = reader.readValue(bytes);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new CodecException(name, "cannot decode " + bytes.length + " bytes: " + rootMessage(e), e);
        }
        if (value == null) {
            throw new CodecException(name, "cannot decode " + bytes.length + " bytes: no value (empty input or JSON null)", null);
        }
        return value;
    }

    /** Jackson's message without the source excerpt, plus where in the input and in the value it failed. */
    private static String rootMessage(Throwable e) {
        if (e instanceof JsonProcessingException jpe) {
            StringBuilder sb = new StringBuilder(String.valueOf(jpe.getOriginalMessage()));
            JsonLocation at = jpe.getLocation();
            if (at != null && at.getLineNr() > 0) {
                sb.append(" (line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr()).append(')');
            }
            if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
                sb.append(" at ").append(jme.getPathReference());
            }
            return sb.toString();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "Codec[" + name + "]";
    }
}
