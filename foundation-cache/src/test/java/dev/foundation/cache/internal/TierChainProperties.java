package dev.foundation.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.cache.Tier;
import dev.foundation.core.Codecs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link TierChain} against a model of three maps, with every combination of present and absent tiers: a read
 * consults L2 then L3 and stops at the first that has the key, a hit is promoted to exactly the tiers above it,
 * writes go to L3 first, then L1, then L2, a load keeps the value L3 already has, and a local removal leaves L3.
 */
class TierChainProperties {

    private static final long NOW = 1_000;
    private static final List<String> KEYS = List.of("a", "b", "c");

    enum Kind { READ, PUT, PUT_LOADED, PUT_LOCAL, REMOVE_LOCAL, CLEAR_LOCAL }

    record Op(Kind kind, String key, String value) {
    }

    /** A tier over a map that logs which tier was asked what, in order. */
    static final class MapTier extends AbsentTier<String, String> {
        final Map<String, Entry<String>> map = new HashMap<>();
        final List<String> log;
        final Tier tier;

        MapTier(Tier tier, List<String> log) {
            super(tier, null);
            this.tier = tier;
            this.log = log;
        }

        @Override
        public boolean isPresent() {
            return true;
        }

        @Override
        public Entry<String> find(String key) {
            log.add(tier + " find");
            return map.get(key);
        }

        @Override
        public Entry<String> peek(String key, long now) {
            return map.get(key);
        }

        @Override
        public Entry<String> find(String key, KeyId id, long now) {
            log.add(tier + " find");
            return map.get(key);
        }

        @Override
        public void put(String key, KeyId id, Entry<String> entry, long now) {
            log.add(tier + " put");
            map.put(key, entry);
        }

        @Override
        public Envelope.Decoded put(KeyId id, Entry<String> entry, Edges edges, long now) {
            put(ids.key(id), id, entry, now);
            return null;
        }

        @Override
        public Entry<String> putIfAbsent(KeyId id, Entry<String> entry, long now) {
            log.add(tier + " put");
            return map.computeIfAbsent(ids.key(id), k -> entry);
        }

        @Override
        public void remove(String key, KeyId id) {
            log.add(tier + " remove");
            map.remove(key);
        }

        @Override
        public void clear() {
            map.clear();
        }
    }

    private static final KeyIds<String> ids = new KeyIds<>(Codecs.utf8());

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.of(KEYS),
                Arbitraries.strings().alpha().ofLength(2)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 300)
    void chain_readsThroughInOrder_andWritesThroughL3First(@ForAll("ops") List<Op> ops, @ForAll boolean hasL1,
                                                           @ForAll boolean hasL2, @ForAll boolean hasL3) {
        List<String> log = new ArrayList<>();
        MapTier[] tiers = {new MapTier(Tier.L1, log), new MapTier(Tier.L2, log), new MapTier(Tier.L3, log)};
        boolean[] present = {hasL1, hasL2, hasL3};
        TierChain<String, String> chain = new TierChain<>(
                hasL1 ? tiers[0] : AbsentTier.of(Tier.L1),
                hasL2 ? tiers[1] : AbsentTier.of(Tier.L2),
                hasL3 ? tiers[2] : AbsentTier.of(Tier.L3));
        List<Map<String, Entry<String>>> model = List.of(new HashMap<>(), new HashMap<>(), new HashMap<>());
        assertThat(chain.present()).extracting(CacheTier::tier).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 3).filter(i -> present[i]).mapToObj(i -> tiers[i].tier).toList());

        for (Op op : ops) {
            KeyId id = ids.id(op.key());
            Entry<String> entry = new Entry<>(op.value(), NOW + 1_000, NOW);
            log.clear();
            List<String> expected = new ArrayList<>();
            switch (op.kind()) {
                case READ -> {
                    assertThat(chain.first(op.key())).isEqualTo(model.get(0).get(op.key()));
                    log.clear();
                    TierChain.Hit<String> hit = chain.findBelowFirst(op.key(), id, NOW);
                    int level = -1;
                    for (int i = 1; i < 3 && level < 0; i++) {
                        if (present[i]) {
                            expected.add(tiers[i].tier + " find");
                            if (model.get(i).containsKey(op.key())) {
                                level = i;
                            }
                        }
                    }
                    if (level < 0) {
                        assertThat(hit).isNull();
                    } else {
                        assertThat(hit.level()).isEqualTo(level);
                        assertThat(hit.entry()).isEqualTo(model.get(level).get(op.key()));
                        chain.promote(op.key(), id, hit, NOW);
                        for (int i = 0; i < level; i++) {
                            if (present[i]) {
                                expected.add(tiers[i].tier + " put");
                                model.get(i).put(op.key(), hit.entry());
                            }
                        }
                    }
                }
                case PUT -> {
                    chain.put(op.key(), id, entry, Edges.NONE, NOW);
                    for (int i : new int[] {2, 0, 1}) {
                        if (present[i]) {
                            expected.add(tiers[i].tier + " put");
                            model.get(i).put(op.key(), entry);
                        }
                    }
                }
                case PUT_LOADED -> {
                    chain.putLoaded(op.key(), id, entry, NOW);
                    Entry<String> kept = present[2] ? model.get(2).computeIfAbsent(op.key(), k -> entry) : entry;
                    for (int i : new int[] {2, 0, 1}) {
                        if (present[i]) {
                            expected.add(tiers[i].tier + " put");
                            model.get(i).put(op.key(), kept);
                        }
                    }
                }
                case PUT_LOCAL -> {
                    chain.putLocal(op.key(), id, entry, NOW);
                    for (int i : new int[] {0, 1}) {
                        if (present[i]) {
                            expected.add(tiers[i].tier + " put");
                            model.get(i).put(op.key(), entry);
                        }
                    }
                }
                case REMOVE_LOCAL -> {
                    chain.removeLocal(op.key(), id);
                    for (int i : new int[] {0, 1}) {
                        if (present[i]) {
                            expected.add(tiers[i].tier + " remove");
                            model.get(i).remove(op.key());
                        }
                    }
                }
                case CLEAR_LOCAL -> {
                    chain.clearLocal();
                    model.get(0).clear();
                    model.get(1).clear();
                }
            }
            assertThat(log).as("%s", op).containsExactlyElementsOf(expected);
            for (int i = 0; i < 3; i++) {
                if (present[i]) {
                    assertThat(tiers[i].map).as("%s after %s", tiers[i].tier, op).isEqualTo(model.get(i));
                }
            }
        }
    }

    @Property
    void expiredEntries_areWrittenNowhere(@ForAll("ops") List<Op> ops) {
        List<String> log = new ArrayList<>();
        MapTier[] tiers = {new MapTier(Tier.L1, log), new MapTier(Tier.L2, log), new MapTier(Tier.L3, log)};
        TierChain<String, String> chain = new TierChain<>(tiers[0], tiers[1], tiers[2]);
        for (Op op : ops) {
            KeyId id = ids.id(op.key());
            Entry<String> dead = new Entry<>(op.value(), NOW, NOW - 10);
            chain.put(op.key(), id, dead, Edges.NONE, NOW);
            chain.putLoaded(op.key(), id, dead, NOW);
            chain.putLocal(op.key(), id, dead, NOW);
            chain.promote(op.key(), id, new TierChain.Hit<>(dead, 2), NOW);
        }
        assertThat(log).isEmpty();
    }
}
