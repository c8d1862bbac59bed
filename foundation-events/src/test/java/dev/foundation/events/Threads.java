package dev.foundation.events;

import java.util.Set;
import java.util.TreeSet;

/** Test helper: the live threads a registry may own. */
final class Threads {

    private Threads() {
    }

    static Set<String> foundationThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && (t.getName().startsWith("foundation-events") || t.getName().startsWith("foundation-log"))) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
