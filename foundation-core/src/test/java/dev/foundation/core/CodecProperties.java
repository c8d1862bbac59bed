package dev.foundation.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class CodecProperties {

    record Line(String sku, int quantity, Optional<String> note) {}

    record Doc(String id, long version, Instant createdAt, LocalDate due, Duration ttl,
               List<Line> lines, Map<String, List<String>> attributes, Optional<Instant> closedAt,
               Optional<Doc> parent) {}

    @Property
    void utf8_roundTripsAnyValidString(@ForAll("unicode") String s) {
        assertThat(Codecs.utf8().decode(Codecs.utf8().encode(s))).isEqualTo(s);
    }

    @Property
    void bytes_roundTripsAnyArray(@ForAll @Size(max = 512) byte[] bytes) {
        assertThat(Codecs.bytes().decode(Codecs.bytes().encode(bytes))).isEqualTo(bytes);
    }

    @Property(tries = 300)
    void json_roundTripsGeneratedRecords(@ForAll("docs") Doc doc) {
        Codec<Doc> codec = Codecs.json(Doc.class);
        assertThat(codec.decode(codec.encode(doc))).isEqualTo(doc);
    }

    @Property(tries = 500)
    void json_decodeOfGarbage_onlyEverThrowsCodecException(@ForAll @Size(max = 256) byte[] garbage) {
        Throwable thrown = catchThrowable(() -> Codecs.json(Doc.class).decode(garbage));
        assertThat(thrown).satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(CodecException.class));
    }

    @Property(tries = 500)
    void json_decodeOfMangledValidJson_onlyEverThrowsCodecException(@ForAll("docs") Doc doc,
            @ForAll int position, @ForAll byte replacement) {
        byte[] bytes = Codecs.json(Doc.class).encode(doc);
        bytes[Math.floorMod(position, bytes.length)] = replacement;
        Throwable thrown = catchThrowable(() -> Codecs.json(Doc.class).decode(bytes));
        assertThat(thrown).satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(CodecException.class));
    }

    @Property(tries = 500)
    void utf8_decodeOfGarbage_onlyEverThrowsCodecException(@ForAll @Size(max = 64) byte[] garbage) {
        Throwable thrown = catchThrowable(() -> Codecs.utf8().decode(garbage));
        assertThat(thrown).satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(CodecException.class));
    }

    @Provide
    Arbitrary<String> unicode() {
        // All code points, surrogate pairs included (jqwik's default strings stay in the BMP), plus the empty string.
        Arbitrary<String> codePoints = Arbitraries.integers().between(0, Character.MAX_CODE_POINT)
                .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
                .list().ofMaxSize(40)
                .map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
        Arbitrary<String> bmp = Arbitraries.strings().all().ofMaxLength(40).filter(CodecProperties::isValidUnicode);
        return Arbitraries.oneOf(codePoints, bmp, Arbitraries.just(""));
    }

    /** Valid Unicode text: no unpaired surrogate (those are not representable in UTF-8 at all). */
    private static boolean isValidUnicode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Provide
    Arbitrary<Doc> docs() {
        return doc(2);
    }

    private Arbitrary<Doc> doc(int depth) {
        Arbitrary<Instant> instants = Arbitraries.longs().between(-62_000_000_000L, 250_000_000_000L)
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
        Arbitrary<Line> lines = Combinators.combine(unicode(), Arbitraries.integers(), unicode().optional())
                .as(Line::new);
        Arbitrary<Map<String, List<String>>> attributes = Arbitraries.maps(unicode(), unicode().list().ofMaxSize(3)).ofMaxSize(4);
        Arbitrary<Optional<Doc>> parent = depth == 0 ? Arbitraries.just(Optional.empty()) : doc(depth - 1).optional(0.3);
        return Builders.withBuilder(DocBuilder::new)
                .use(unicode()).in(DocBuilder::id)
                .use(Arbitraries.longs()).in(DocBuilder::version)
                .use(instants).in(DocBuilder::createdAt)
                .use(Arbitraries.integers().between(-100_000, 100_000).map(d -> LocalDate.ofEpochDay(d))).in(DocBuilder::due)
                .use(Arbitraries.longs().between(-1_000_000_000L, 1_000_000_000L).map(Duration::ofMillis)).in(DocBuilder::ttl)
                .use(lines.list().ofMaxSize(4)).in(DocBuilder::lines)
                .use(attributes).in(DocBuilder::attributes)
                .use(instants.optional()).in(DocBuilder::closedAt)
                .use(parent).in(DocBuilder::parent)
                .build(DocBuilder::build);
    }

    /** Mutable builder so jqwik can assemble the nine-field record. */
    static final class DocBuilder {
        private String id;
        private long version;
        private Instant createdAt;
        private LocalDate due;
        private Duration ttl;
        private List<Line> lines;
        private Map<String, List<String>> attributes;
        private Optional<Instant> closedAt;
        private Optional<Doc> parent;

        DocBuilder id(String v) { id = v; return this; }
        DocBuilder version(long v) { version = v; return this; }
        DocBuilder createdAt(Instant v) { createdAt = v; return this; }
        DocBuilder due(LocalDate v) { due = v; return this; }
        DocBuilder ttl(Duration v) { ttl = v; return this; }
        DocBuilder lines(List<Line> v) { lines = v; return this; }
        DocBuilder attributes(Map<String, List<String>> v) { attributes = v; return this; }
        DocBuilder closedAt(Optional<Instant> v) { closedAt = v; return this; }
        DocBuilder parent(Optional<Doc> v) { parent = v; return this; }

        Doc build() {
            return new Doc(id, version, createdAt, due, ttl, lines, attributes, closedAt, parent);
        }
    }
}
