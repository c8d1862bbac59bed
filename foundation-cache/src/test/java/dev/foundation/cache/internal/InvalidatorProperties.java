package dev.foundation.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.cache.Dependencies;
import dev.foundation.cache.Tier;
import dev.foundation.core.Codecs;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Invalidator}'s one cascade against a model of the dependency graph: {@code invalidate}, {@code
 * invalidateTag} and a put's dependents all remove exactly the transitive closure of the dependents (a put keeps
 * its own key), edges live and die with their value, and every id the cascade visits is counted once.
 */
class InvalidatorProperties {

    private static final List<String> KEYS = List.of("k0", "k1", "k2", "k3", "k4");
    private static final List<String> TAGS = List.of("t0", "t1");

    sealed interface Op permits Put, Invalidate, InvalidateTag {
    }

    record Put(String key, String value, Set<String> deps, Set<String> tags) implements Op {
    }

    record Invalidate(String key) implements Op {
    }

    record InvalidateTag(String tag) implements Op {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<String> key = Arbitraries.of(KEYS);
        Arbitrary<Op> put = Combinators.combine(key, Arbitraries.strings().alpha().ofLength(3),
                Arbitraries.of(KEYS).set().ofMaxSize(3), Arbitraries.of(TAGS).set().ofMaxSize(2)).as(Put::new);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, put),
                net.jqwik.api.Tuple.of(2, key.map(Invalidate::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(TAGS).map(InvalidateTag::new)));
        return op.list().ofMinSize(1).ofMaxSize(50);
    }

    /** The model: live values with the edges they were put with. */
    static final class Model {
        final Map<String, String> values = new HashMap<>();
        final Map<String, Set<String>> depsOf = new HashMap<>();
        final Map<String, Set<String>> tagsOf = new HashMap<>();
        long invalidations;

        Set<String> closure(Set<String> start) {
            Set<String> visited = new LinkedHashSet<>(start);
            Deque<String> queue = new ArrayDeque<>(start);
            while (!queue.isEmpty()) {
                String id = queue.poll();
                for (String k : values.keySet()) {
                    if (depsOf.get(k).contains(id) && visited.add(k)) {
                        queue.add(k);
                    }
                }
            }
            return visited;
        }

        void remove(Set<String> ids) {
            invalidations += ids.size();
            for (String id : ids) {
                values.remove(id);
                depsOf.remove(id);
                tagsOf.remove(id);
            }
        }
    }

    @Property(tries = 300)
    void cascade_removesExactlyTheTransitiveDependents(@ForAll("ops") List<Op> ops) {
        List<String> log = new ArrayList<>();
        TierChainProperties.MapTier l1 = new TierChainProperties.MapTier(Tier.L1, log);
        TierChain<String, String> chain = new TierChain<>(l1, AbsentTier.of(Tier.L2), AbsentTier.of(Tier.L3));
        Counters counters = new Counters();
        List<String> forgotten = new ArrayList<>();
        Invalidator<String, String> invalidator = new Invalidator<>("model", Clock.fixed(Instant.EPOCH,
                ZoneOffset.UTC), new KeyIds<>(Codecs.utf8()), chain, new StripedVersions(), counters,
                forgotten::add, () -> false);
        Model model = new Model();
        for (Op op : ops) {
            if (op instanceof Put p) {
                Set<String> dependents = model.closure(Set.of(p.key()));
                dependents.remove(p.key());
                model.remove(dependents);
                model.values.put(p.key(), p.value());
                model.depsOf.put(p.key(), p.deps());
                model.tagsOf.put(p.key(), p.tags());
                invalidator.put(p.key(), p.value(), Dependencies.<String>none().and(p.deps())
                        .tagged(p.tags().toArray(String[]::new)), v -> new Entry<>(v, Long.MAX_VALUE, 0));
                assertThat(forgotten).as("a put forgets the key's remembered load result").contains(p.key());
            } else if (op instanceof Invalidate i) {
                model.remove(model.closure(Set.of(i.key())));
                invalidator.invalidate(List.of(i.key()));
            } else if (op instanceof InvalidateTag t) {
                Set<String> members = new LinkedHashSet<>();
                model.tagsOf.forEach((k, tags) -> {
                    if (tags.contains(t.tag())) {
                        members.add(k);
                    }
                });
                if (!members.isEmpty()) {
                    model.remove(model.closure(members));
                }
                invalidator.invalidateTag(t.tag());
            }
            Map<String, String> cached = new HashMap<>();
            l1.map.forEach((k, e) -> cached.put(k, e.value()));
            assertThat(cached).as("after %s", op).isEqualTo(model.values);
            assertThat(counters.localInvalidations.sum()).as("ids removed, after %s", op)
                    .isEqualTo(model.invalidations);
        }
    }
}
