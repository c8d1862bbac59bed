package dev.foundation.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/** jqwik properties: round trips through every file format, rejected mutations, and layering precedence. */
class ConfigProperties {

    enum Mode { FAST, SAFE, OFF }

    record Inner(String host, @Min(0) @Max(1000) int port) {
    }

    record Gen(String name, int count, long big, boolean flag, Duration ttl, Mode mode, URI uri, Path path,
            List<String> tags, Map<String, Integer> limits, Optional<String> note, Secret key, @Valid Inner inner,
            List<@Valid Inner> items) {
    }

    enum Format { YAML, JSON, PROPERTIES }

    private Path dir;

    @BeforeProperty
    void createDir() throws IOException {
        dir = Files.createTempDirectory("config-props");
    }

    @AfterProperty
    void deleteDir() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ---------------------------------------------------------------- generators

    private static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('é', 'ß', '中', '\t').ofMaxLength(16);
    }

    private static Arbitrary<String> word() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    }

    private static Arbitrary<Inner> inner() {
        return Combinators.combine(word(), Arbitraries.integers().between(0, 1000)).as(Inner::new);
    }

    @Provide
    Arbitrary<Gen> configs() {
        Arbitrary<Duration> ttl = Arbitraries.longs().between(0, 100_000_000).map(Duration::ofMillis);
        Arbitrary<URI> uri = word().map(w -> URI.create("https://" + w + ".example/" + w));
        Arbitrary<Path> path = word().list().ofMinSize(1).ofMaxSize(3).map(l -> Path.of("/" + String.join("/", l)));
        Arbitrary<Map<String, Integer>> limits = Arbitraries.maps(word(), Arbitraries.integers()).ofMaxSize(3);
        return Combinators.combine(
                Combinators.combine(text(), Arbitraries.integers(), Arbitraries.longs(), Arbitraries.of(true, false),
                        ttl, Arbitraries.of(Mode.class), uri, path).as((a, b, c, d, e, f, g, h) ->
                        new Object[] {a, b, c, d, e, f, g, h}),
                Combinators.combine(text().list().ofMaxSize(4), limits, text().optional(), text().map(Secret::of),
                        inner(), inner().list().ofMaxSize(3)).as((a, b, c, d, e, f) -> new Object[] {a, b, c, d, e, f}))
                .as(ConfigProperties::gen);
    }

    @SuppressWarnings("unchecked")
    private static Gen gen(Object[] a, Object[] b) {
        return new Gen((String) a[0], (Integer) a[1], (Long) a[2], (Boolean) a[3], (Duration) a[4], (Mode) a[5],
                (URI) a[6], (Path) a[7], (List<String>) b[0], (Map<String, Integer>) b[1], (Optional<String>) b[2],
                (Secret) b[3], (Inner) b[4], (List<Inner>) b[5]);
    }

    // ---------------------------------------------------------------- writers

    private static Map<String, Object> tree(Gen g, boolean isoDurations) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", g.name());
        m.put("count", g.count());
        m.put("big", g.big());
        m.put("flag", g.flag());
        m.put("ttl", isoDurations ? g.ttl().toString() : g.ttl().toMillis() + "ms");
        m.put("mode", g.mode().name().toLowerCase(java.util.Locale.ROOT));
        m.put("uri", g.uri().toString());
        m.put("path", g.path().toString());
        m.put("tags", g.tags());
        m.put("limits", g.limits());
        g.note().ifPresent(n -> m.put("note", n));
        m.put("key", g.key().reveal());
        m.put("inner", Map.of("host", g.inner().host(), "port", g.inner().port()));
        List<Object> items = new ArrayList<>();
        for (Inner i : g.items()) {
            items.add(Map.of("host", i.host(), "port", i.port()));
        }
        m.put("items", items);
        return Map.of("gen", m);
    }

    private static void flatten(String key, Object v, Properties out) {
        if (v instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) v;
            if (map.isEmpty()) {
                out.setProperty(key, "");
            }
            map.forEach((k, x) -> flatten(key.isEmpty() ? k.toString() : key + "." + k, x, out));
        } else if (v instanceof List) {
            List<?> list = (List<?>) v;
            if (list.isEmpty()) {
                out.setProperty(key, "");
            }
            for (int i = 0; i < list.size(); i++) {
                flatten(key + "[" + i + "]", list.get(i), out);
            }
        } else {
            out.setProperty(key, String.valueOf(v));
        }
    }

    private static Path write(Path dir, Gen g, Format format, boolean iso) {
        try {
            Map<String, Object> tree = tree(g, iso);
            switch (format) {
                case YAML:
                    return Fixtures.write(dir.resolve("gen.yml"), new YAMLMapper().writeValueAsString(tree));
                case JSON:
                    return Fixtures.write(dir.resolve("gen.json"), new ObjectMapper().writeValueAsString(tree));
                default: {
                    Properties p = new Properties();
                    flatten("", tree, p);
                    StringWriter w = new StringWriter();
                    p.store(w, null);
                    return Fixtures.write(dir.resolve("gen.properties"), w.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- properties

    @Property(tries = 150)
    void anyValidConfig_writtenInAnyFormat_loadsBackEqual(@ForAll("configs") Gen g, @ForAll Format format,
            @ForAll boolean isoDurations) {
        Path file = write(dir, g, format, isoDurations);
        try (ConfigHandle<Gen> h = FoundationConfig.builder(Gen.class).prefix("gen").file(file).build()) {
            assertThat(h.get()).isEqualTo(g);
            assertThat(h.get().toString()).doesNotContain("key=" + g.key().reveal() + ",");
        }
    }

    @Provide
    Arbitrary<String> mutations() {
        return Arbitraries.of(
                "port-out-of-range", "count-not-a-number", "unknown-key", "bad-duration", "bad-enum", "duplicate-key",
                "malformed", "deep-nesting", "list-where-value", "empty");
    }

    private static String mutate(String yaml, String mutation) {
        switch (mutation) {
            case "port-out-of-range":
                return yaml.replaceFirst("(?m)^(\\s+)port: .*$", "$1port: 5000");
            case "count-not-a-number":
                return yaml.replaceFirst("(?m)^  count: .*$", "  count: \"twelve\"");
            case "unknown-key":
                return yaml + "  nmae: typo\n";
            case "bad-duration":
                return yaml.replaceFirst("(?m)^  ttl: .*$", "  ttl: \"5 parsecs\"");
            case "bad-enum":
                return yaml.replaceFirst("(?m)^  mode: .*$", "  mode: \"turbo\"");
            case "duplicate-key":
                return yaml + "  count: 1\n";
            case "malformed":
                return yaml + "  name: [unclosed\n";
            case "deep-nesting":
                return yaml + "  extra: " + "[".repeat(200) + "]".repeat(200) + "\n";
            case "list-where-value":
                return yaml.replaceFirst("(?m)^  flag: .*$", "  flag: [true]");
            default:
                return "# nothing left\n";
        }
    }

    @Property(tries = 100)
    void anyInvalidMutation_isRejected_andGetStaysEqualToThePreviousSnapshot(@ForAll("configs") Gen g,
            @ForAll("mutations") String mutation) throws IOException {
        Path file = write(dir, g, Format.YAML, false);
        try (ConfigHandle<Gen> h = FoundationConfig.builder(Gen.class).prefix("gen").file(file).build()) {
            Gen before = h.get();
            Snapshot<Gen> snapshot = h.snapshot();
            String mutated = mutate(Files.readString(file), mutation);
            Fixtures.write(file, mutated);
            ReloadResult r = h.reload();
            assertThat(r.status()).as(mutation + "\n" + mutated).isEqualTo(ReloadResult.Status.REJECTED);
            assertThat(r.error()).isInstanceOf(ConfigException.class);
            assertThat(h.get()).isSameAs(before).isEqualTo(g);
            assertThat(h.snapshot()).isSameAs(snapshot);
            assertThat(h.lastError()).containsSame(r.error());
        }
    }

    // ---------------------------------------------------------------- layering

    record Layered(@jakarta.validation.constraints.NotNull @Default("d") String name, @Default("0") int count,
            @Default("1s") Duration ttl, @Default("false") boolean flag, @Valid Sub sub) {
    }

    record Sub(@Default("0") int port) {
    }

    private static final String[] KEYS = {"name", "count", "ttl", "flag", "sub.port"};
    private static final int FILE1 = 0;
    private static final int FILE2 = 1;
    private static final int ENV = 2;
    private static final int SYS = 3;
    private static final int OVERRIDE = 4;

    private static String value(String key, int layer) {
        switch (key) {
            case "name":
                return "layer" + layer;
            case "ttl":
                return (layer + 2) + "s";
            case "flag":
                return Boolean.toString(layer % 2 == 0);
            default:
                return Integer.toString(100 + layer);
        }
    }

    @Provide
    Arbitrary<List<List<Integer>>> layerings() {
        return Arbitraries.integers().between(0, 4).set().ofMaxSize(5).map(List::copyOf).list()
                .ofSize(KEYS.length);
    }

    @Property(tries = 200)
    void randomLayering_resolvesEachKeyToTheHighestPrecedenceOrigin(@ForAll("layerings") List<List<Integer>> layers)
            throws IOException {
        StringBuilder f1 = new StringBuilder("l:\n");
        StringBuilder f2 = new StringBuilder();
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> sys = new LinkedHashMap<>();
        FoundationConfig.Builder<Layered> b = FoundationConfig.builder(Layered.class).prefix("l");
        Map<String, Object> overrides = new LinkedHashMap<>();
        for (int k = 0; k < KEYS.length; k++) {
            String key = KEYS[k];
            for (int layer : layers.get(k)) {
                String v = value(key, layer);
                switch (layer) {
                    case FILE1:
                        f1.append(key.equals("sub.port") ? "  sub:\n    port: " + v : "  " + key + ": " + v)
                                .append('\n');
                        break;
                    case FILE2:
                        f2.append("l.").append(key).append('=').append(v).append('\n');
                        break;
                    case ENV:
                        env.put("L_" + key.replace("sub.port", "SUB_PORT").toUpperCase(java.util.Locale.ROOT), v);
                        break;
                    case SYS:
                        sys.put("l." + key, v);
                        break;
                    default:
                        overrides.put("l." + key, v);
                }
            }
        }
        Path p1 = Fixtures.write(dir.resolve("one.yml"), f1.length() > 3 ? f1.toString() : "l: {}\n");
        Path p2 = Fixtures.write(dir.resolve("two.properties"), f2.length() > 0 ? f2.toString() : "other.section=outside the prefix, ignored\n");
        b.file(p1).file(p2).environment(env).systemProperties(sys);
        overrides.forEach(b::override);
        try (ConfigHandle<Layered> h = b.build()) {
            Snapshot<Layered> s = h.snapshot();
            for (int k = 0; k < KEYS.length; k++) {
                String key = KEYS[k];
                int top = layers.get(k).stream().mapToInt(Integer::intValue).max().orElse(-1);
                Origin origin = s.origins().get("l." + key);
                if (top < 0) {
                    assertThat(origin).as(key).isEqualTo(Origin.DEFAULT);
                    continue;
                }
                Origin.Kind expected = top == FILE1 || top == FILE2 ? Origin.Kind.FILE
                        : top == ENV ? Origin.Kind.ENVIRONMENT : top == SYS ? Origin.Kind.SYSTEM_PROPERTY
                        : Origin.Kind.OVERRIDE;
                assertThat(origin.kind()).as(key).isEqualTo(expected);
                if (top == FILE1) {
                    assertThat(origin.source()).endsWith("one.yml");
                } else if (top == FILE2) {
                    assertThat(origin.source()).endsWith("two.properties");
                }
                assertThat(s.values().get("l." + key)).as(key).isEqualTo(value(key, top));
            }
        }
    }
}
