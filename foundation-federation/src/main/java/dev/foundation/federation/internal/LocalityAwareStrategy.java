package dev.foundation.federation.internal;

import dev.foundation.federation.PoolView;
import dev.foundation.federation.Strategy;
import java.util.ArrayList;
import java.util.List;

/**
 * The caller's locality first (picked there by {@code local}); when none of its pools is a candidate (all
 * unhealthy, ejected, drained or saturated), the other localities' candidates by {@code spill}.
 */
public final class LocalityAwareStrategy implements Strategy {

    private final Strategy local;
    private final Strategy spill;

    /**
     * Creates the strategy.
     *
     * @param local the strategy within the caller's locality
     * @param spill the strategy across the other localities
     */
    public LocalityAwareStrategy(Strategy local, Strategy spill) {
        this.local = local;
        this.spill = spill;
    }

    @Override
    public <P extends PoolView> P select(List<P> candidates, String callerLocality) {
        if (callerLocality == null) {
            return spill.select(candidates, null);
        }
        List<P> mine = null;
        for (P p : candidates) {
            if (p.locality().equals(callerLocality)) {
                if (mine == null) {
                    mine = new ArrayList<>(candidates.size());
                }
                mine.add(p);
            }
        }
        if (mine != null) {
            return mine.size() == candidates.size() ? local.select(candidates, callerLocality)
                    : local.select(mine, callerLocality);
        }
        return spill.select(candidates, callerLocality);
    }

    @Override
    public String name() {
        return "locality-aware(" + local.name() + ")";
    }
}
