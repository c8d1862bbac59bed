package dev.foundation.lifecycle;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/** Checks that a lifecycle leaves no thread behind. */
final class LifecycleThreads {

    private LifecycleThreads() {
    }

    /** Names of live threads the lifecycle module creates (workers, scheduler, supervisor, probes, HTTP). */
    static Set<String> live() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && (t.getName().startsWith("foundation-lifecycle-") || t.getName().startsWith("HTTP-Dispatcher"))) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /** Waits (up to 10 s) until no lifecycle thread is alive that was not alive in {@code before}. */
    static void awaitNoneBeyond(Set<String> before) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Set<String> extra = live();
            extra.removeAll(before);
            org.assertj.core.api.Assertions.assertThat(extra).as("lifecycle threads left behind").isEmpty();
        });
    }
}
