package dev.foundation.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.multimap.MultiMap;
import com.hazelcast.topic.ITopic;
import dev.foundation.core.Codecs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Stateful property over three Hazelcast members in this JVM, each with its own L1+L2+L3 cache: random chains of
 * put / put with dependencies and tags / invalidate / invalidateTag, issued alone or two at once from two different
 * members (so that a put races an invalidation or another put). After each step, once every invalidation message
 * has been delivered:
 * <ul>
 *   <li>every key reads the same on every member, and is present in L3 exactly when it is read;</li>
 *   <li>every key holds its last write or nothing (after a racing pair: the value of one of the pair's puts of that
 *       key, or, if the pair did not put it, its value before the pair, or nothing);</li>
 *   <li>every present entry is reachable from every dependency and tag it was put with (its edges are in the
 *       shared graph); an invalidation issued alone removes every entry that depended on it, transitively, on
 *       every member;</li>
 * </ul>
 * and at the end of each chain every remaining entry with edges is removed by invalidating one of them.
 */
class ClusterRaceProperties {

    private static final List<String> KEYS = List.of("a", "b", "c", "d");
    private static final List<String> TAGS = List.of("t0", "t1");
    private static final Duration QUIESCENCE = Duration.ofSeconds(20);

    private static TestMembers members;
    private static List<HazelcastInstance> nodes;
    private static ExecutorService pool;
    private static final AtomicInteger CACHES = new AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicReference<Cluster> CURRENT =
            new java.util.concurrent.atomic.AtomicReference<>();

    @BeforeContainer
    static void startMembers() {
        members = new TestMembers();
        nodes = members.startSettled(3);
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterContainer
    static void stopMembers() {
        pool.shutdownNow();
        members.close();
    }

    // ------------------------------------------------------------------------------------------ operations

    sealed interface Op permits Put, Invalidate, InvalidateTag {
    }

    /** A put; {@code value} is unique in the run. */
    record Put(String key, Set<String> deps, Set<String> tags) implements Op {
    }

    record Invalidate(String key) implements Op {
    }

    record InvalidateTag(String tag) implements Op {
    }

    /** An operation issued from one member. */
    record Issued(Op op, int node) {
    }

    private static Arbitrary<Op> ops() {
        Arbitrary<String> key = Arbitraries.of(KEYS);
        Arbitrary<Set<String>> deps = Arbitraries.of(KEYS).set().ofMaxSize(2);
        Arbitrary<Set<String>> tags = Arbitraries.of(TAGS).set().ofMaxSize(1);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, key.map(k -> new Put(k, Set.of(), Set.of()))),
                net.jqwik.api.Tuple.of(5, Combinators.combine(key, deps, tags)
                        .as((k, d, t) -> {
                            Set<String> noSelf = new HashSet<>(d);
                            noSelf.remove(k);
                            return new Put(k, Set.copyOf(noSelf), t);
                        })),
                net.jqwik.api.Tuple.of(3, key.map(Invalidate::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(TAGS).map(InvalidateTag::new)));
    }

    // ------------------------------------------------------------------------------------- system + model

    /** The caches of one try and the model of what they may hold. */
    static final class Cluster {
        final String name = "race" + CACHES.incrementAndGet();
        final Path dir;
        final List<TieredCache<String, String>> caches = new ArrayList<>();
        final AtomicInteger values = new AtomicInteger();
        /** Key -> value the model allows (absent: nothing); and the edges the value was put with. */
        final Map<String, String> model = new HashMap<>();
        final Map<String, Put> putOf = new HashMap<>();
        final List<String> log = new ArrayList<>();

        Cluster() {
            try {
                dir = Files.createTempDirectory("cache-race");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            for (int i = 0; i < nodes.size(); i++) {
                caches.add(TieredCache.<String, String>builder(name)
                        .keyCodec(Codecs.utf8()).valueCodec(Codecs.utf8())
                        .l1(L1.maximumSize(100))
                        .l2(L2.disk(dir.resolve("n" + i)))
                        .l3(L3.hazelcast(nodes.get(i)).timeout(Duration.ofSeconds(10)))
                        .build());
            }
            CURRENT.set(this);
        }

        void close() {
            caches.forEach(TieredCache::close);
            for (HazelcastInstance hz : List.of(nodes.get(0))) {
                hz.getDistributedObjects().stream()
                        .filter(o -> o.getName().startsWith("foundation.cache." + name))
                        .forEach(com.hazelcast.core.DistributedObject::destroy);
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Runs one operation; returns the value a put wrote. */
        String run(Issued issued) {
            TieredCache<String, String> cache = caches.get(issued.node());
            if (issued.op() instanceof Put p) {
                String value = "v" + values.incrementAndGet() + "@" + issued.node();
                cache.put(p.key(), value, Dependencies.on(p.deps().toArray(String[]::new))
                        .tagged(p.tags().toArray(String[]::new)));
                return value;
            }
            if (issued.op() instanceof Invalidate i) {
                cache.invalidate(i.key());
            } else if (issued.op() instanceof InvalidateTag t) {
                cache.invalidateTag(t.tag());
            }
            return null;
        }

        /** Waits until every member has handled every invalidation message published before this call. */
        void quiesce() {
            String fence = "fence-" + UUID.randomUUID();
            String topicName = "foundation.cache." + name + ".invalidations";
            List<CountDownLatch> seen = new ArrayList<>();
            List<UUID> listeners = new ArrayList<>();
            for (HazelcastInstance hz : nodes) {
                CountDownLatch latch = new CountDownLatch(nodes.size());
                seen.add(latch);
                ITopic<String> topic = hz.getTopic(topicName);
                listeners.add(topic.addMessageListener(m -> {
                    if (m.getMessageObject().startsWith(fence)) {
                        latch.countDown();
                    }
                }));
            }
            try {
                // no newline: the caches ignore it; events of one topic reach a member's listeners in order
                for (HazelcastInstance hz : nodes) {
                    hz.<String>getTopic(topicName).publish(fence + "-" + hz.getName());
                }
                for (CountDownLatch latch : seen) {
                    assertThat(latch.await(QUIESCENCE.toMillis(), TimeUnit.MILLISECONDS))
                            .as("fence delivered").isTrue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                for (int i = 0; i < nodes.size(); i++) {
                    nodes.get(i).getTopic(topicName).removeMessageListener(listeners.get(i));
                }
            }
        }

        /** The value every member reads for a key (they must agree, and agree with L3). */
        String observe(String key) {
            String first = caches.get(0).getIfPresent(key);
            for (int i = 1; i < caches.size(); i++) {
                assertThat(caches.get(i).getIfPresent(key)).as("member %d reads %s like member 0; %s", i, key, log)
                        .isEqualTo(first);
            }
            boolean inL3 = nodes.get(0).getMap("foundation.cache." + name).containsKey(id(key));
            assertThat(inL3).as("%s in L3 exactly when read (%s); %s", key, first, log).isEqualTo(first != null);
            return first;
        }

        /** Adopts what every member reads, after checking it is allowed. */
        void adopt(Map<String, Set<String>> allowed, Map<String, Put> writtenBy) {
            for (String key : KEYS) {
                String actual = observe(key);
                if (actual != null) {
                    assertThat(allowed.getOrDefault(key, Set.of())).as("%s = %s allowed; %s", key, actual, log)
                            .contains(actual);
                    if (writtenBy.containsKey(actual)) {
                        putOf.put(key, writtenBy.get(actual));
                    }
                    model.put(key, actual);
                } else {
                    model.remove(key);
                    putOf.remove(key);
                }
            }
            checkEdges();
        }

        /** Every present entry's dependencies and tags lead to it in the shared graph. */
        void checkEdges() {
            MultiMap<String, String> dependents = nodes.get(1).getMultiMap("foundation.cache." + name + ".dependents");
            MultiMap<String, String> tagged = nodes.get(2).getMultiMap("foundation.cache." + name + ".tagMembers");
            for (Map.Entry<String, String> e : model.entrySet()) {
                Put put = putOf.get(e.getKey());
                for (String dep : put.deps()) {
                    assertThat(dependents.get(id(dep))).as("%s reachable from its dependency %s; %s", e, dep, log)
                            .anyMatch(v -> refersTo(v, e.getKey()));
                }
                for (String tag : put.tags()) {
                    assertThat(tagged.get(tag)).as("%s reachable from its tag %s; %s", e, tag, log)
                            .anyMatch(v -> refersTo(v, e.getKey()));
                }
            }
        }

        /** Model keys removed by invalidating these keys: them and their dependents, transitively. */
        Set<String> closure(Set<String> start) {
            Set<String> seen = new LinkedHashSet<>(start);
            Deque<String> queue = new ArrayDeque<>(start);
            while (!queue.isEmpty()) {
                String k = queue.poll();
                putOf.forEach((dependent, put) -> {
                    if (put.deps().contains(k) && seen.add(dependent)) {
                        queue.add(dependent);
                    }
                });
            }
            return seen;
        }

        Set<String> taggedWith(String tag) {
            Set<String> keys = new LinkedHashSet<>();
            putOf.forEach((k, put) -> {
                if (put.tags().contains(tag)) {
                    keys.add(k);
                }
            });
            return keys;
        }

        /** One operation alone: strict expectations for what it must remove or write. */
        void single(Issued issued) {
            Map<String, Set<String>> allowed = currentValues();
            Set<String> gone;
            if (issued.op() instanceof Invalidate i) {
                gone = closure(Set.of(i.key()));
            } else if (issued.op() instanceof InvalidateTag t) {
                gone = closure(taggedWith(t.tag()));
            } else {
                Put p = (Put) issued.op();
                gone = closure(Set.of(p.key()));
                gone.remove(p.key());
            }
            String written = run(issued);
            log.add(issued + (written == null ? "" : " -> " + written));
            quiesce();
            Map<String, Put> writtenBy = new HashMap<>();
            if (written != null) {
                Put p = (Put) issued.op();
                allowed.put(p.key(), Set.of(written));
                writtenBy.put(written, p);
                assertThat(observe(p.key())).as("own put of %s visible everywhere; %s", p.key(), log)
                        .isEqualTo(written);
            }
            for (String key : gone) {
                assertThat(observe(key)).as("%s must be gone everywhere after %s; %s", key, issued, log).isNull();
            }
            adopt(allowed, writtenBy);
        }

        /** Two operations at once from two members. */
        void pair(Issued first, Issued second) {
            Map<String, Set<String>> allowed = currentValues();
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<String>> futures = new ArrayList<>();
            for (Issued issued : List.of(first, second)) {
                futures.add(pool.submit(() -> {
                    start.await(QUIESCENCE.toMillis(), TimeUnit.MILLISECONDS);
                    return run(issued);
                }));
            }
            Map<String, Put> writtenBy = new HashMap<>();
            Set<String> putKeys = new HashSet<>();
            List<String> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Issued issued = i == 0 ? first : second;
                String written;
                try {
                    written = futures.get(i).get(QUIESCENCE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    throw new AssertionError(issued + " failed", e);
                }
                results.add(issued + (written == null ? "" : " -> " + written));
                if (written != null) {
                    Put p = (Put) issued.op();
                    if (putKeys.add(p.key())) {
                        allowed.put(p.key(), new HashSet<>());
                    }
                    allowed.get(p.key()).add(written);
                    writtenBy.put(written, p);
                }
            }
            log.add("together " + results);
            quiesce();
            adopt(allowed, writtenBy);
        }

        private Map<String, Set<String>> currentValues() {
            Map<String, Set<String>> allowed = new HashMap<>();
            model.forEach((k, v) -> allowed.put(k, new HashSet<>(Set.of(v))));
            return allowed;
        }

        /** At the end: invalidating one edge of each remaining entry with edges removes it everywhere. */
        void drain() {
            int step = 0;
            while (true) {
                Map.Entry<String, Put> withEdges = putOf.entrySet().stream()
                        .filter(e -> !e.getValue().deps().isEmpty() || !e.getValue().tags().isEmpty())
                        .findFirst().orElse(null);
                if (withEdges == null) {
                    return;
                }
                Put put = withEdges.getValue();
                int node = step++ % nodes.size();
                Op op = put.deps().isEmpty() ? new InvalidateTag(put.tags().iterator().next())
                        : new Invalidate(put.deps().iterator().next());
                single(new Issued(op, node));
                assertThat(model).as("drained %s; %s", withEdges.getKey(), log).doesNotContainKey(withEdges.getKey());
            }
        }

        static String id(String key) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
        }

        /** Whether a graph member names a key (the graph may append a version to the key id). */
        static boolean refersTo(String member, String key) {
            String id = id(key);
            return member.equals(id) || member.startsWith(id + "#");
        }

        @Override
        public String toString() {
            return "Cluster[" + name + "]";
        }
    }

    // -------------------------------------------------------------------------------------------- actions

    private static Arbitrary<Issued> issued() {
        return Combinators.combine(ops(), Arbitraries.integers().between(0, 2)).as(Issued::new);
    }

    private static Action.Independent<Cluster> alone() {
        return () -> issued().map(i -> Transformer.mutate(i.toString(), c -> c.single(i)));
    }

    private static Action.Independent<Cluster> together() {
        return () -> Combinators.combine(issued(), ops(), Arbitraries.integers().between(1, 2))
                .as((first, op, offset) -> {
                    Issued second = new Issued(op, (first.node() + offset) % 3);
                    return Transformer.<Cluster>mutate(first + " || " + second, c -> c.pair(first, second));
                });
    }

    @Provide
    Arbitrary<ActionChain<Cluster>> chains() {
        return ActionChain.startWith(Cluster::new)
                .withAction(1, alone())
                .withAction(3, together())
                .withMaxTransformations(20);
    }

    @Property(tries = 15, shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void putsRacingInvalidations_leaveLastWriteOrNothing_reachableFromEveryEdge(
            @ForAll("chains") ActionChain<Cluster> chain) {
        try {
            chain.run().drain();
        } finally {
            Cluster current = CURRENT.getAndSet(null);
            if (current != null) {
                current.close();
            }
        }
    }
}
