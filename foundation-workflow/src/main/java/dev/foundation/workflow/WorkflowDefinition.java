package dev.foundation.workflow;

import dev.foundation.core.Codec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * An immutable, validated workflow definition: a name, a version, an input codec and a DAG of steps.
 * Build one with {@link Workflow#define(String, Class)}.
 *
 * @param <I> the input type
 */
public final class WorkflowDefinition<I> {

    private final String name;
    private final int version;
    private final Codec<I> inputCodec;
    private final Duration timeout;
    private final Map<String, StepDefinition<I>> steps;
    private final Map<String, List<String>> successors;
    private final List<String> topologicalOrder;
    private final String fingerprint;

    private WorkflowDefinition(String name, int version, Codec<I> inputCodec, Duration timeout,
                               Map<String, StepDefinition<I>> steps, Map<String, List<String>> successors,
                               List<String> topologicalOrder) {
        this.name = name;
        this.version = version;
        this.inputCodec = inputCodec;
        this.timeout = timeout;
        this.steps = steps;
        this.successors = successors;
        this.topologicalOrder = topologicalOrder;
        this.fingerprint = fingerprint(name, version, steps.values());
    }

    private static String fingerprint(String name, int version, java.util.Collection<? extends StepDefinition<?>> steps) {
        StringBuilder canonical = new StringBuilder();
        field(canonical, name);
        canonical.append(version).append(';');
        List<StepDefinition<?>> sorted = new ArrayList<>(steps);
        sorted.sort(java.util.Comparator.comparing(StepDefinition::name));
        for (StepDefinition<?> s : sorted) {
            field(canonical, s.name());
            canonical.append('[');
            for (String p : new TreeSet<>(s.after())) {
                field(canonical, p);
            }
            canonical.append(']');
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static void field(StringBuilder out, String value) {
        out.append(value.length()).append(':').append(value);
    }

    /**
     * The workflow name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The version recorded with every instance started from this definition.
     *
     * @return the version, {@code >= 1}
     */
    public int version() {
        return version;
    }

    /**
     * The codec the input is stored with.
     *
     * @return the codec
     */
    public Codec<I> inputCodec() {
        return inputCodec;
    }

    /**
     * The timeout of a whole instance, measured from its creation.
     *
     * @return the timeout, or {@code null} for none
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The steps in a topological order (every step after its predecessors).
     *
     * @return the step names
     */
    public List<String> topologicalOrder() {
        return topologicalOrder;
    }

    /**
     * One step.
     *
     * @param stepName the step name
     * @return the step, or {@code null} if there is none with that name
     */
    public StepDefinition<I> step(String stepName) {
        return steps.get(stepName);
    }

    /**
     * The steps that come directly after a step.
     *
     * @param stepName the step name
     * @return the direct successors (empty if none)
     */
    public List<String> successors(String stepName) {
        return successors.getOrDefault(stepName, List.of());
    }

    /**
     * A fingerprint of the definition's structure: its name, version, step names and each step's predecessors
     * (not the step code, retries, timeouts or compensations). Stored with every instance; an engine refuses to
     * resume an instance whose definition of the same version has another fingerprint, because its steps or their
     * order changed without a version bump.
     *
     * @return 32 hexadecimal digits (the first 128 bits of a SHA-256 digest)
     */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "WorkflowDefinition[" + name + " v" + version + ", steps=" + topologicalOrder + "]";
    }

    /**
     * Builds a {@link WorkflowDefinition}; {@link #build()} validates the DAG.
     *
     * @param <I> the input type
     */
    public static final class Builder<I> {

        private final String name;
        private Codec<I> inputCodec;
        private int version = 1;
        private Duration timeout;
        private final List<StepDefinition<I>> steps = new ArrayList<>();

        Builder(String name, Codec<I> inputCodec) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank but was '" + name + "'");
            }
            this.name = name;
            this.inputCodec = Objects.requireNonNull(inputCodec, "inputCodec");
        }

        /**
         * Sets the version (default 1). Register a new version when steps change incompatibly: running
         * instances keep the version they started with.
         *
         * @param value {@code >= 1}
         * @return this
         * @throws IllegalArgumentException if {@code < 1}
         */
        public Builder<I> version(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("version must be >= 1 but was " + value);
            }
            this.version = value;
            return this;
        }

        /**
         * Replaces the input codec (default JSON for the input class).
         *
         * @param codec the codec
         * @return this
         */
        public Builder<I> inputCodec(Codec<I> codec) {
            this.inputCodec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /**
         * A timeout for the whole instance from its creation: when it passes, running steps are interrupted
         * and the instance compensates.
         *
         * @param value a positive duration
         * @return this
         * @throws IllegalArgumentException if not positive
         */
        public Builder<I> timeout(Duration value) {
            Objects.requireNonNull(value, "timeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be > 0 but was " + value);
            }
            this.timeout = value;
            return this;
        }

        /**
         * Adds a root-level step with default options (no predecessors, no retry).
         *
         * @param stepName the step name
         * @param function the step body
         * @return this
         */
        public Builder<I> step(String stepName, StepFunction<I> function) {
            return step(stepName, function, s -> { });
        }

        /**
         * Adds a step.
         *
         * @param stepName the step name, non-blank and unique
         * @param function the step body
         * @param options  sets predecessors, retry, timeout and compensation
         * @return this
         * @throws IllegalArgumentException if the name is blank
         */
        public Builder<I> step(String stepName, StepFunction<I> function, Consumer<StepOptions<I>> options) {
            Objects.requireNonNull(stepName, "stepName");
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(options, "options");
            if (stepName.isBlank()) {
                throw new IllegalArgumentException("stepName must not be blank but was '" + stepName + "'");
            }
            StepOptions<I> o = new StepOptions<>();
            options.accept(o);
            steps.add(o.toDefinition(stepName, function));
            return this;
        }

        /**
         * Validates and builds the definition.
         *
         * @return the definition
         * @throws WorkflowDefinitionException naming every offender: duplicate step names, steps that come
         *                                     after unknown steps, and the steps of each cycle
         */
        public WorkflowDefinition<I> build() {
            List<String> problems = new ArrayList<>();
            if (steps.isEmpty()) {
                problems.add("it has no steps");
            }
            Map<String, StepDefinition<I>> byName = new LinkedHashMap<>();
            Set<String> duplicates = new TreeSet<>();
            for (StepDefinition<I> s : steps) {
                if (byName.putIfAbsent(s.name(), s) != null) {
                    duplicates.add(s.name());
                }
            }
            if (!duplicates.isEmpty()) {
                problems.add("duplicate step names " + duplicates);
            }
            Map<String, List<String>> successors = new HashMap<>();
            for (StepDefinition<I> s : byName.values()) {
                Set<String> seen = new HashSet<>();
                for (String p : s.after()) {
                    if (!byName.containsKey(p)) {
                        problems.add("step '" + s.name() + "' comes after unknown step '" + p + "'");
                    } else if (seen.add(p)) {
                        successors.computeIfAbsent(p, k -> new ArrayList<>()).add(s.name());
                    }
                }
            }
            // cycles are looked for whatever else is wrong, among the known steps (unknown predecessors ignored)
            List<String> order = new ArrayList<>();
            List<List<String>> cycles = topologicalSort(byName, successors, order);
            for (List<String> cycle : cycles) {
                problems.add("cycle " + String.join(" -> ", cycle));
            }
            if (!problems.isEmpty()) {
                throw new WorkflowDefinitionException("workflow '" + name + "' v" + version + " is invalid: "
                        + String.join("; ", problems));
            }
            Map<String, List<String>> frozen = new HashMap<>();
            successors.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
            return new WorkflowDefinition<>(name, version, inputCodec, timeout,
                    Collections.unmodifiableMap(byName), Map.copyOf(frozen), List.copyOf(order));
        }

        private static <I> List<List<String>> topologicalSort(Map<String, StepDefinition<I>> byName,
                                                              Map<String, List<String>> successors,
                                                              List<String> order) {
            Map<String, Integer> inDegree = new LinkedHashMap<>();
            for (StepDefinition<I> s : byName.values()) {
                Set<String> known = new LinkedHashSet<>(s.after());
                known.retainAll(byName.keySet());
                inDegree.put(s.name(), known.size());
            }
            Deque<String> ready = new ArrayDeque<>();
            inDegree.forEach((k, v) -> {
                if (v == 0) {
                    ready.add(k);
                }
            });
            while (!ready.isEmpty()) {
                String s = ready.poll();
                order.add(s);
                for (String next : successors.getOrDefault(s, List.of())) {
                    if (inDegree.merge(next, -1, Integer::sum) == 0) {
                        ready.add(next);
                    }
                }
            }
            List<List<String>> cycles = new ArrayList<>();
            if (order.size() == byName.size()) {
                return cycles;
            }
            // Every remaining step is on a cycle or after one; walk predecessors among them to find cycles.
            Set<String> remaining = new LinkedHashSet<>(byName.keySet());
            order.forEach(remaining::remove);
            Set<String> reported = new HashSet<>();
            for (String start : remaining) {
                if (reported.contains(start)) {
                    continue;
                }
                List<String> path = new ArrayList<>();
                Map<String, Integer> index = new HashMap<>();
                String current = start;
                while (current != null && !index.containsKey(current) && !reported.contains(current)) {
                    index.put(current, path.size());
                    path.add(current);
                    String next = null;
                    for (String p : byName.get(current).after()) {
                        if (remaining.contains(p)) {
                            next = p;
                            break;
                        }
                    }
                    current = next;
                }
                if (current != null && index.containsKey(current)) {
                    List<String> cycle = new ArrayList<>(path.subList(index.get(current), path.size()));
                    Collections.reverse(cycle);
                    cycle.add(cycle.get(0));
                    cycles.add(cycle);
                    reported.addAll(cycle);
                }
                reported.addAll(path);
            }
            return cycles;
        }
    }
}
