package dev.foundation.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.cache.HotKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The Space-Saving guarantees of {@link HotKeySketch}, with every read offered (no sampling). */
class HotKeySketchProperties {

    @Property
    void everyFrequentKeyIsTracked_andEachEstimateBracketsTheTrueCount(
            @ForAll @Size(min = 1, max = 2_000) List<@IntRange(min = 0, max = 60) Integer> reads,
            @ForAll @IntRange(min = 1, max = 20) int capacity) {
        HotKeySketch<Integer> sketch = new HotKeySketch<>(capacity, 0);
        Map<Integer, Long> truth = new HashMap<>();
        for (Integer k : reads) {
            sketch.record(k);
            truth.merge(k, 1L, Long::sum);
        }
        List<HotKey<Integer>> top = sketch.top(Integer.MAX_VALUE);
        assertThat(top).hasSizeLessThanOrEqualTo(capacity);
        assertThat(top.stream().mapToLong(HotKey::estimate).sum()).as("counts add up to the reads")
                .isEqualTo(reads.size());
        Map<Integer, HotKey<Integer>> tracked = new HashMap<>();
        for (HotKey<Integer> h : top) {
            tracked.put(h.key(), h);
            long real = truth.get(h.key());
            assertThat(h.estimate()).as("estimate of %s", h.key()).isGreaterThanOrEqualTo(real);
            assertThat(h.estimate() - h.error()).as("estimate minus error of %s", h.key()).isLessThanOrEqualTo(real);
        }
        for (Map.Entry<Integer, Long> e : truth.entrySet()) {
            if (e.getValue() * capacity > reads.size()) {
                assertThat(tracked).as("key %s read %d of %d times", e.getKey(), e.getValue(), reads.size())
                        .containsKey(e.getKey());
            }
        }
        for (int i = 1; i < top.size(); i++) {
            assertThat(top.get(i - 1).estimate()).isGreaterThanOrEqualTo(top.get(i).estimate());
        }
    }
}
