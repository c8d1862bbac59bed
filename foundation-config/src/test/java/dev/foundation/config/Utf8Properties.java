package dev.foundation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.foundation.config.Fixtures.AppConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Wherever a byte that cannot be UTF-8 sits in a file, the error names its line and column exactly. */
class Utf8Properties {

    /** Text made of whole code points (ASCII, 2-, 3- and 4-byte ones) and line breaks, and a split point. */
    record Case(List<Integer> before, List<Integer> after, int badByte) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0x20, 0x7E)),
                Tuple.of(2, Arbitraries.just((int) '\n')),
                Tuple.of(1, Arbitraries.just((int) '\r')),
                Tuple.of(2, Arbitraries.integers().between(0x80, 0x7FF)),
                Tuple.of(2, Arbitraries.integers().between(0x800, 0xD7FF)),
                Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFD)),
                Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF)));
        // bytes that are invalid wherever a character may begin: a stray continuation byte, the overlong
        // leads C0 and C1, and F5..FF, which no UTF-8 sequence uses
        Arbitrary<Integer> bad = Arbitraries.oneOf(Arbitraries.integers().between(0x80, 0xBF),
                Arbitraries.of(0xC0, 0xC1), Arbitraries.integers().between(0xF5, 0xFF));
        return Combinators.combine(codePoint.list().ofMaxSize(60), codePoint.list().ofMaxSize(20), bad).as(Case::new);
    }

    @Property(tries = 200)
    void anyInvalidBytePosition_isReportedExactly(@ForAll("cases") Case c) throws IOException {
        String before = text(c.before());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(before.getBytes(StandardCharsets.UTF_8));
        bytes.write(c.badByte());
        bytes.write(text(c.after()).getBytes(StandardCharsets.UTF_8));
        Path file = Files.createTempFile("utf8-", ".yml");
        try {
            Files.write(file, bytes.toByteArray());
            ConfigParseException e = catchThrowableOfType(ConfigParseException.class,
                    () -> FoundationConfig.builder(AppConfig.class).prefix("app").file(file).build());
            int lastBreak = before.lastIndexOf('\n');
            int expectedLine = 1 + (int) before.chars().filter(ch -> ch == '\n').count();
            int expectedColumn = 1 + before.substring(lastBreak + 1).codePointCount(0, before.length() - lastBreak - 1);
            assertThat(e).as("a file with byte 0x%02X in it is rejected", c.badByte()).isNotNull();
            assertThat(List.of(e.line(), e.column())).containsExactly(expectedLine, expectedColumn);
            assertThat(e.getMessage()).contains(String.format("byte 0x%02X at offset %d", c.badByte(),
                    before.getBytes(StandardCharsets.UTF_8).length));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String text(List<Integer> codePoints) {
        StringBuilder sb = new StringBuilder();
        codePoints.forEach(sb::appendCodePoint);
        return sb.toString();
    }
}
