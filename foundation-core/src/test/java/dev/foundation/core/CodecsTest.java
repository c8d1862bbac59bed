package dev.foundation.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodecsTest {

    record Order(String id, long cents, Instant at, Duration ttl, Optional<String> note, List<String> tags) {}

    record Narrow(String id) {}

    @Test
    void json_roundTripsRecordWithJavaTimeAndOptional() {
        Codec<Order> codec = Codecs.json(Order.class);
        Order order = new Order("o-1", 4200, Instant.parse("2026-11-23T10:15:30.123456789Z"),
                Duration.ofMillis(1500), Optional.of("gift"), List.of("a", "b"));
        assertThat(codec.decode(codec.encode(order))).isEqualTo(order);
    }

    @Test
    void json_writesInstantsAsIsoStrings() {
        byte[] json = Codecs.json(Order.class).encode(
                new Order("o", 1, Instant.parse("2026-01-02T03:04:05Z"), Duration.ZERO, Optional.empty(), List.of()));
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"2026-01-02T03:04:05Z\"");
    }

    @Test
    void json_ignoresUnknownProperties_forForwardCompatibility() {
        byte[] newer = "{\"id\":\"x\",\"addedInV2\":{\"deep\":[1,2]}}".getBytes(StandardCharsets.UTF_8);
        assertThat(Codecs.json(Narrow.class).decode(newer)).isEqualTo(new Narrow("x"));
    }

    @Test
    void json_decodeOfGarbage_throwsCodecExceptionNamingCodec() {
        Codec<Narrow> codec = Codecs.json(Narrow.class);
        assertThatThrownBy(() -> codec.decode("{\"id\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class)
                .hasMessageStartingWith("codec 'json(Narrow)': cannot decode 6 bytes")
                .hasCauseInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class)
                .extracting(e -> ((CodecException) e).codecName()).isEqualTo("json(Narrow)");
    }

    @Test
    void json_decodeOfEmptyInputOrNull_throwsCodecException() {
        Codec<Narrow> codec = Codecs.json(Narrow.class);
        assertThatThrownBy(() -> codec.decode(new byte[0])).isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> codec.decode("null".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class).hasMessageContaining("no value");
    }

    @Test
    void json_decodeWithTrailingGarbage_throwsCodecException() {
        assertThatThrownBy(() -> Codecs.json(Narrow.class).decode("{\"id\":\"x\"} {}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void json_decodeOfWrongShape_throwsCodecException() {
        assertThatThrownBy(() -> Codecs.json(Order.class).decode("{\"cents\":\"many\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CodecException.class).hasMessageContaining("cents");
    }

    @Test
    void json_decodeOfDeeplyNestedInput_throwsCodecExceptionNotStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        Codec<Object> codec = Codecs.json(Object.class);
        assertThatThrownBy(() -> codec.decode(deep.getBytes(StandardCharsets.UTF_8))).isInstanceOf(CodecException.class);
    }

    @Test
    void json_encodeOfUnserializableValue_throwsCodecException() {
        Codec<Object> codec = Codecs.json(Object.class);
        assertThatThrownBy(() -> codec.encode(new Object())).isInstanceOf(CodecException.class)
                .hasMessageContaining("java.lang.Object");
    }

    @Test
    void json_withGenericTypeReference_roundTripsList() {
        Codec<List<Narrow>> codec = Codecs.json(new TypeReference<List<Narrow>>() { });
        List<Narrow> value = List.of(new Narrow("a"), new Narrow("b"));
        assertThat(codec.decode(codec.encode(value))).isEqualTo(value);
        assertThat(codec.name()).isEqualTo("json(java.util.List<dev.foundation.core.CodecsTest$Narrow>)");
    }

    @Test
    void json_withCustomMapper_usesIt() {
        var mapper = Codecs.defaultObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        record Named(String firstName) {}
        Codec<Named> codec = Codecs.json(Named.class, mapper);
        assertThat(new String(codec.encode(new Named("Ada")), StandardCharsets.UTF_8)).isEqualTo("{\"first_name\":\"Ada\"}");
        assertThat(codec.decode(codec.encode(new Named("Ada")))).isEqualTo(new Named("Ada"));
    }

    @Test
    void json_mapsRoundTrip() {
        Codec<Map<String, List<Integer>>> codec = Codecs.json(new TypeReference<Map<String, List<Integer>>>() { });
        Map<String, List<Integer>> value = Map.of("x", List.of(1, 2), "", List.of());
        assertThat(codec.decode(codec.encode(value))).isEqualTo(value);
    }

    @Test
    void utf8_rejectsMalformedBytes() {
        assertThatThrownBy(() -> Codecs.utf8().decode(new byte[] {(byte) 0xC3, (byte) 0x28}))
                .isInstanceOf(CodecException.class).hasMessageStartingWith("codec 'utf8': bytes are not valid UTF-8");
    }

    @Test
    void utf8_rejectsUnpairedSurrogateOnEncode() {
        assertThatThrownBy(() -> Codecs.utf8().encode("a\uD800b")).isInstanceOf(CodecException.class)
                .hasMessageContaining("unpaired surrogate");
    }

    @Test
    void bytes_copiesInBothDirections() {
        byte[] original = {1, 2, 3};
        byte[] encoded = Codecs.bytes().encode(original);
        original[0] = 9;
        assertThat(encoded).containsExactly(1, 2, 3);
        byte[] decoded = Codecs.bytes().decode(encoded);
        encoded[1] = 9;
        assertThat(decoded).containsExactly(1, 2, 3);
    }

    @Test
    void codecs_rejectNullWithParameterName() {
        assertThatThrownBy(() -> Codecs.utf8().encode(null)).isInstanceOf(NullPointerException.class).hasMessage("value");
        assertThatThrownBy(() -> Codecs.bytes().decode(null)).isInstanceOf(NullPointerException.class).hasMessage("bytes");
        assertThatThrownBy(() -> Codecs.json((Class<Object>) null)).isInstanceOf(NullPointerException.class).hasMessage("type");
    }
}
