package dev.foundation.core;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.foundation.core.internal.BytesCodec;
import dev.foundation.core.internal.JsonCodec;
import dev.foundation.core.internal.Utf8Codec;
import java.util.Objects;

/**
 * The built-in codecs: the one entry point for creating a {@link Codec}.
 *
 * <pre>{@code
 * Codec<Order> orders = Codecs.json(Order.class);
 * byte[] bytes = orders.encode(new Order("o-1", 42));
 * Order back = orders.decode(bytes);
 * }</pre>
 */
// "exports": the json(...) methods name Jackson types while Jackson is an optional module of core (a module that
// needs only Backoff loads no Jackson); events and cache, which offer the JSON codecs, require it transitively.
@SuppressWarnings("exports")
public final class Codecs {

    private Codecs() {
    }

    /**
     * The identity codec for byte arrays: {@code encode} and {@code decode} return defensive copies.
     *
     * @return the byte-array codec
     */
    public static Codec<byte[]> bytes() {
        return BytesCodec.INSTANCE;
    }

    /**
     * Strings as UTF-8. Decoding rejects malformed UTF-8 with a {@link CodecException} rather than
     * substituting replacement characters; encoding rejects unpaired surrogates the same way.
     *
     * @return the UTF-8 string codec
     */
    public static Codec<String> utf8() {
        return Utf8Codec.INSTANCE;
    }

    /**
     * JSON for records and POJOs through Jackson, using {@link #defaultObjectMapper()}.
     *
     * @param type the value class
     * @param <T>  the value type
     * @return a JSON codec for {@code type}
     */
    public static <T> Codec<T> json(Class<T> type) {
        return json(type, DefaultMapper.INSTANCE);
    }

    /**
     * JSON through Jackson with an application's own {@link ObjectMapper} (modules, naming strategy...).
     * The mapper must not be reconfigured after the codec is created.
     *
     * @param type   the value class
     * @param mapper the mapper to use
     * @param <T>    the value type
     * @return a JSON codec for {@code type}
     */
    public static <T> Codec<T> json(Class<T> type, ObjectMapper mapper) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mapper, "mapper");
        return new JsonCodec<>(type.getSimpleName(), mapper.readerFor(type), mapper.writerFor(type));
    }

    /**
     * JSON for a generic type such as {@code List<Order>}, using {@link #defaultObjectMapper()}.
     *
     * @param type the full generic type, e.g. {@code new TypeReference<List<Order>>() {}}
     * @param <T>  the value type
     * @return a JSON codec for {@code type}
     */
    public static <T> Codec<T> json(TypeReference<T> type) {
        return json(type, DefaultMapper.INSTANCE);
    }

    /**
     * JSON for a generic type with an application's own {@link ObjectMapper}.
     *
     * @param type   the full generic type
     * @param mapper the mapper to use
     * @param <T>    the value type
     * @return a JSON codec for {@code type}
     */
    public static <T> Codec<T> json(TypeReference<T> type, ObjectMapper mapper) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mapper, "mapper");
        var javaType = mapper.getTypeFactory().constructType(type);
        return new JsonCodec<>(javaType.toCanonical(), mapper.readerFor(javaType), mapper.writerFor(javaType));
    }

    /**
     * A new {@link ObjectMapper} configured as Foundation's JSON codecs use it by default: java.time and
     * {@code Optional} supported, dates as ISO-8601 strings, unknown properties ignored (so that a newer
     * writer's extra fields do not break an older reader), trailing garbage after the value rejected.
     * Use it as the starting point for a customised mapper.
     *
     * @return a new, independently configurable mapper
     */
    public static ObjectMapper defaultObjectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    /** Lazily created shared mapper (holder idiom). */
    private static final class DefaultMapper {
        static final ObjectMapper INSTANCE = defaultObjectMapper();
    }
}
