package dev.foundation.coordination;

import java.util.Collections;
import java.util.List;

/** The behavioural kit on the local backend: every "member" is the same in-process coordination. */
class LocalCoordinationTest extends CoordinationKit {

    @Override
    protected List<Coordination> startMembers(int n, CoordinationConfig config) {
        return Collections.nCopies(n, Coordination.local(config));
    }

    @Override
    protected void stopCluster() {
        // nothing outside the coordination itself
    }
}
