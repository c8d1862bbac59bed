package dev.foundation.federation.internal;

import dev.foundation.federation.PoolView;
import dev.foundation.federation.Strategy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * nginx's smooth weighted round robin: every pick adds each candidate's weight to its current weight, picks the
 * highest current weight and takes the total weight off it. Over {@code sum(weights)} picks from a stable set,
 * each candidate is picked exactly its weight times. Pools that are not candidates for a pick keep their current
 * weight, as nginx does for a peer that is down.
 */
public final class SmoothWeightedStrategy implements Strategy {

    /** Current weight per pool, keyed by the view's identity (a re-added pool of the same name starts afresh). */
    private final Map<PoolView, long[]> current = new HashMap<>();

    @Override
    public synchronized <P extends PoolView> P select(List<P> candidates, String callerLocality) {
        if (current.size() > 2 * candidates.size() + 16) {
            current.keySet().retainAll(candidates);
        }
        P best = null;
        long[] bestCurrent = null;
        long total = 0;
        for (P p : candidates) {
            int w = p.weight();
            long[] c = current.computeIfAbsent(p, k -> new long[1]);
            c[0] += w;
            total += w;
            if (bestCurrent == null || c[0] > bestCurrent[0]) {
                best = p;
                bestCurrent = c;
            }
        }
        bestCurrent[0] -= total;
        return best;
    }

    @Override
    public String name() {
        return "smooth-weighted";
    }
}
