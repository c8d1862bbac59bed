package dev.foundation.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class StrategyProperties {

    /** A pool as a strategy sees it, with a fixed load. */
    record View(String name, int weight, String locality, int capacity, int inFlight) implements PoolView {
    }

    private static List<View> views(List<Integer> weights) {
        List<View> out = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            out.add(new View("p" + i, weights.get(i), "z" + (i % 2), 10, 0));
        }
        return out;
    }

    @Property
    void smoothWeighted_picksEachPoolExactlyItsWeight_inEveryFullCycle(
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 20) Integer> weights,
            @ForAll @IntRange(min = 1, max = 4) int cycles) {
        Strategy s = Strategy.smoothWeighted();
        List<View> pools = views(weights);
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        for (int c = 0; c < cycles; c++) {
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < total; i++) {
                counts.merge(s.select(pools, null).name(), 1, Integer::sum);
            }
            for (View v : pools) {
                assertThat(counts.getOrDefault(v.name(), 0)).as("picks of %s in cycle %d", v, c).isEqualTo(v.weight());
            }
        }
    }

    @Property
    void smoothWeighted_neverPicksAPoolMoreThanOncePerItsShare_inAPrefix(
            @ForAll @Size(min = 2, max = 6) List<@IntRange(min = 1, max = 10) Integer> weights,
            @ForAll @IntRange(min = 1, max = 60) int picks) {
        // smoothness: after n picks, pool i has been picked within 1 of n * w_i / total (nginx's spread)
        Strategy s = Strategy.smoothWeighted();
        List<View> pools = views(weights);
        double total = weights.stream().mapToInt(Integer::intValue).sum();
        Map<String, Integer> counts = new HashMap<>();
        for (int n = 1; n <= picks; n++) {
            counts.merge(s.select(pools, null).name(), 1, Integer::sum);
            for (View v : pools) {
                double ideal = n * v.weight() / total;
                assertThat((double) counts.getOrDefault(v.name(), 0)).as("picks of %s after %d", v, n)
                        .isBetween(ideal - 1, ideal + 1);
            }
        }
    }

    @Property
    void leastLoaded_picksAPoolWithTheLowestLoad(
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 20) Integer> inFlight,
            @ForAll @IntRange(min = 0, max = 10) int rotation) {
        Strategy s = Strategy.leastLoaded();
        List<View> pools = new ArrayList<>();
        for (int i = 0; i < inFlight.size(); i++) {
            pools.add(new View("p" + i, 1, "z", 5 + i * 3, inFlight.get(i)));
        }
        for (int i = 0; i < rotation; i++) {
            s.select(pools, null);
        }
        View picked = s.select(pools, null);
        double min = pools.stream().mapToDouble(v -> (double) v.inFlight() / v.capacity()).min().orElseThrow();
        assertThat((double) picked.inFlight() / picked.capacity()).isEqualTo(min);
    }

    @Property
    void powerOfTwoChoices_neverPicksTheOnlyMostLoadedPool(
            @ForAll @Size(min = 2, max = 8) List<@IntRange(min = 0, max = 20) Integer> inFlight,
            @ForAll long seed) {
        Strategy s = Strategy.powerOfTwoChoices(new Random(seed));
        List<View> pools = new ArrayList<>();
        for (int i = 0; i < inFlight.size(); i++) {
            pools.add(new View("p" + i, 1, "z", 10, inFlight.get(i)));
        }
        int max = inFlight.stream().mapToInt(Integer::intValue).max().orElseThrow();
        boolean uniqueMax = inFlight.stream().filter(x -> x == max).count() == 1;
        for (int i = 0; i < 20; i++) {
            View picked = s.select(pools, null);
            assertThat(pools).contains(picked);
            if (uniqueMax) {
                assertThat(picked.inFlight()).isLessThan(max);
            }
        }
    }

    @Property
    void localityAware_staysInTheCallersLocality_whenItHasACandidate(
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 5) Integer> weights,
            @ForAll @StringLength(min = 1, max = 2) @net.jqwik.api.constraints.CharRange(from = '0', to = '2') String zone) {
        Strategy s = Strategy.localityAware();
        List<View> pools = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            pools.add(new View("p" + i, weights.get(i), "z" + (i % 3), 10, 0));
        }
        String caller = "z" + zone;
        boolean local = pools.stream().anyMatch(v -> v.locality().equals(caller));
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < total; i++) {
            View picked = s.select(pools, caller);
            counts.merge(picked.name(), 1, Integer::sum);
            if (local) {
                assertThat(picked.locality()).isEqualTo(caller);
            }
        }
        if (!local) { // spill-over is by weight: exact over a full cycle
            for (View v : pools) {
                assertThat(counts.getOrDefault(v.name(), 0)).isEqualTo(v.weight());
            }
        }
    }
}
