package dev.foundation.cache;

import dev.foundation.core.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.core.Codecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Model-based test: random get / put / put-with-dependencies-and-tags / invalidate / tag-invalidate /
 * clock-advance sequences on one L1+L2 cache against a plain map model. The cache never returns a value the
 * model considers invalidated or expired, and returns exactly the model's value while it is live (the disk
 * tier keeps entries for their whole life, so nothing may be lost either).
 */
class TieredCacheModelProperties {

    private static final long TTL = 60_000;
    private static final List<String> KEYS = List.of("k0", "k1", "k2", "k3", "k4", "k5");
    private static final List<String> TAGS = List.of("t0", "t1", "t2");

    sealed interface Op permits Get, Put, Invalidate, InvalidateTag, Advance {
    }

    record Get(String key) implements Op {
    }

    record Put(String key, Set<String> deps, Set<String> tags) implements Op {
    }

    record Invalidate(String key) implements Op {
    }

    record InvalidateTag(String tag) implements Op {
    }

    record Advance(long millis) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<String> key = Arbitraries.of(KEYS);
        Arbitrary<Set<String>> deps = Arbitraries.of(KEYS).set().ofMaxSize(2);
        Arbitrary<Set<String>> tags = Arbitraries.of(TAGS).set().ofMaxSize(2);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, key.map(Get::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(key, deps, tags).as(Put::new)),
                net.jqwik.api.Tuple.of(2, key.map(Invalidate::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(TAGS).map(InvalidateTag::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, 40_000).map(Advance::new)));
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    /** The reference model: live values, and the edges the entries were put with. */
    static final class Model {
        final Map<String, String> values = new HashMap<>();
        final Map<String, Long> expiries = new HashMap<>();
        final Map<String, Set<String>> depsOf = new HashMap<>();
        final Map<String, Set<String>> tagsOf = new HashMap<>();

        String live(String key, long now) {
            Long expiry = expiries.get(key);
            return expiry != null && expiry > now ? values.get(key) : null;
        }

        Set<String> closure(Set<String> start) {
            Set<String> seen = new LinkedHashSet<>(start);
            Deque<String> queue = new ArrayDeque<>(start);
            while (!queue.isEmpty()) {
                String id = queue.poll();
                depsOf.forEach((dependent, deps) -> {
                    if (deps.contains(id) && seen.add(dependent)) {
                        queue.add(dependent);
                    }
                });
            }
            return seen;
        }

        void remove(String key) {
            values.remove(key);
            expiries.remove(key);
            depsOf.remove(key);
            tagsOf.remove(key);
        }
    }

    @Property(tries = 150)
    void cacheNeverServesInvalidatedOrExpiredValues(@ForAll("ops") List<Op> ops) throws IOException {
        Path dir = Files.createTempDirectory("cache-model");
        MutableClock clock = new MutableClock();
        AtomicInteger loads = new AtomicInteger();
        AtomicInteger puts = new AtomicInteger();
        Model model = new Model();
        try (LoadingTieredCache<String, String> cache = TieredCache.<String, String>builder("model")
                .keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8()).clock(clock)
                .l1(L1.maximumSize(1_000).expireAfterWrite(Duration.ofSeconds(20)))
                .l2(L2.disk(dir))
                .expireAfterWrite(Duration.ofMillis(TTL))
                .build(k -> "L" + loads.incrementAndGet())) {
            for (Op op : ops) {
                long now = clock.millis();
                if (op instanceof Get g) {
                    String expected = model.live(g.key(), now);
                    int loadsBefore = loads.get();
                    String actual = cache.get(g.key());
                    if (expected != null) {
                        assertThat(actual).as("%s at %d after %s", g, now, ops).isEqualTo(expected);
                        assertThat(loads).hasValue(loadsBefore);
                    } else {
                        assertThat(actual).as("%s must be a fresh load after %s", g, ops)
                                .isEqualTo("L" + (loadsBefore + 1));
                        model.values.put(g.key(), actual);
                        model.expiries.put(g.key(), now + TTL);
                    }
                } else if (op instanceof Put p) {
                    String value = "P" + puts.incrementAndGet();
                    cache.put(p.key(), value, Dependencies.on(p.deps().toArray(String[]::new))
                            .tagged(p.tags().toArray(String[]::new)));
                    Set<String> stale = model.closure(Set.of(p.key()));
                    stale.remove(p.key());
                    stale.forEach(model::remove);
                    model.depsOf.remove(p.key());
                    model.tagsOf.remove(p.key());
                    if (!p.deps().isEmpty()) {
                        model.depsOf.put(p.key(), Set.copyOf(p.deps()));
                    }
                    if (!p.tags().isEmpty()) {
                        model.tagsOf.put(p.key(), Set.copyOf(p.tags()));
                    }
                    model.values.put(p.key(), value);
                    model.expiries.put(p.key(), now + TTL);
                } else if (op instanceof Invalidate i) {
                    cache.invalidate(i.key());
                    model.closure(Set.of(i.key())).forEach(model::remove);
                } else if (op instanceof InvalidateTag t) {
                    cache.invalidateTag(t.tag());
                    Set<String> members = new LinkedHashSet<>();
                    model.tagsOf.forEach((k, tags) -> {
                        if (tags.contains(t.tag())) {
                            members.add(k);
                        }
                    });
                    model.closure(members).forEach(model::remove);
                } else if (op instanceof Advance a) {
                    clock.advance(Duration.ofMillis(a.millis()));
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
