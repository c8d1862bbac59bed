package dev.foundation.lifecycle.internal;

import dev.foundation.lifecycle.LifecycleGraphException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/** Validates a component graph and orders it. */
final class Graph {

    private Graph() {
    }

    /**
     * Checks that every dependency exists and that there is no cycle, and returns the definitions in a
     * dependency order (each after all it depends on; ties keep the order added).
     */
    static List<ComponentDefinition> validateAndOrder(List<ComponentDefinition> definitions) {
        Map<String, ComponentDefinition> byName = new LinkedHashMap<>();
        for (ComponentDefinition d : definitions) {
            byName.put(d.name(), d);
        }
        for (ComponentDefinition d : definitions) {
            for (String dep : d.dependencies()) {
                if (!byName.containsKey(dep)) {
                    throw new LifecycleGraphException("component '" + d.name() + "' depends on '" + dep
                            + "', which is not a component; known components: " + byName.keySet(), List.of());
                }
            }
        }
        // Depth-first search for a cycle: white (absent) / grey (1, on the path) / black (2, done).
        Map<String, Integer> colour = new HashMap<>();
        for (ComponentDefinition d : definitions) {
            if (!colour.containsKey(d.name())) {
                findCycle(d.name(), byName, colour, new ArrayList<>());
            }
        }
        // Kahn's algorithm, always taking the ready component that was added first.
        Map<String, Integer> index = new HashMap<>();
        for (ComponentDefinition d : definitions) {
            index.put(d.name(), index.size());
        }
        int[] missing = new int[definitions.size()];
        List<List<Integer>> dependents = new ArrayList<>(definitions.size());
        for (int i = 0; i < definitions.size(); i++) {
            dependents.add(new ArrayList<>());
        }
        for (ComponentDefinition d : definitions) {
            int i = index.get(d.name());
            missing[i] = d.dependencies().size();
            for (String dep : d.dependencies()) {
                dependents.get(index.get(dep)).add(i);
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < missing.length; i++) {
            if (missing[i] == 0) {
                ready.add(i);
            }
        }
        List<ComponentDefinition> order = new ArrayList<>(definitions.size());
        while (!ready.isEmpty()) {
            int i = ready.poll();
            order.add(definitions.get(i));
            for (int dependent : dependents.get(i)) {
                if (--missing[dependent] == 0) {
                    ready.add(dependent);
                }
            }
        }
        return order;
    }

    /** Iterative depth-first search from {@code root}; throws with the path of the first cycle found. */
    private static void findCycle(String root, Map<String, ComponentDefinition> byName, Map<String, Integer> colour,
                                  List<String> path) {
        List<Integer> next = new ArrayList<>(); // for each node on the path, the index of its next dependency
        colour.put(root, 1);
        path.add(root);
        next.add(0);
        while (!path.isEmpty()) {
            int top = path.size() - 1;
            String name = path.get(top);
            List<String> deps = byName.get(name).dependencies();
            int i = next.get(top);
            if (i == deps.size()) {
                colour.put(name, 2);
                path.remove(top);
                next.remove(top);
                continue;
            }
            next.set(top, i + 1);
            String dep = deps.get(i);
            Integer c = colour.get(dep);
            if (c == null) {
                colour.put(dep, 1);
                path.add(dep);
                next.add(0);
            } else if (c == 1) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(dep), path.size()));
                cycle.add(dep);
                throw new LifecycleGraphException("dependency cycle: " + String.join(" -> ", cycle)
                        + " (each component depends on the next); remove one of these dependencies", cycle);
            }
        }
    }
}
