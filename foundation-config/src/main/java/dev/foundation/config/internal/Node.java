package dev.foundation.config.internal;

import dev.foundation.config.Origin;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed configuration value before binding: a scalar, a list or a mapping, each with its origin. */
public sealed interface Node permits Node.Scalar, Node.Sequence, Node.Mapping {

    /** @return where the value came from */
    Origin origin();

    /** @return the number of nodes in this subtree (used to bound alias expansion) */
    long size();

    /**
     * A scalar; {@code text} is null for an explicit null ({@code ~} or {@code null} in YAML).
     *
     * @param text   the text, or null
     * @param origin the origin
     */
    record Scalar(String text, Origin origin) implements Node {
        @Override
        public long size() {
            return 1;
        }
    }

    /**
     * A complete list (from YAML or JSON): it replaces lower-precedence values as a whole.
     *
     * @param items  the elements
     * @param origin the origin
     * @param size   the subtree size
     */
    record Sequence(List<Node> items, Origin origin, long size) implements Node {
        /**
         * Creates a list node.
         *
         * @param items  elements
         * @param origin origin
         * @return the node
         */
        public static Sequence of(List<Node> items, Origin origin) {
            return owning(List.copyOf(items), origin);
        }

        /**
         * Creates a list node that takes over {@code items}, a list nobody else holds (no copy).
         *
         * @param items  elements, owned by the node from now on
         * @param origin origin
         * @return the node
         */
        static Sequence owning(List<Node> items, Origin origin) {
            long s = 1;
            for (Node n : items) {
                s += n.size();
            }
            return new Sequence(Collections.unmodifiableList(items), origin, s);
        }
    }

    /**
     * A mapping; with flat keys ({@code .properties}, environment) list elements appear as integer keys.
     *
     * @param entries the entries, in source order
     * @param origin  the origin
     * @param size    the subtree size
     */
    record Mapping(Map<String, Node> entries, Origin origin, long size) implements Node {
        /**
         * Creates a mapping node.
         *
         * @param entries entries in order
         * @param origin  origin
         * @return the node
         */
        public static Mapping of(Map<String, Node> entries, Origin origin) {
            return owning(new LinkedHashMap<>(entries), origin);
        }

        /**
         * Creates a mapping node that takes over {@code entries}, a map nobody else holds (no copy).
         *
         * @param entries entries in order, owned by the node from now on
         * @param origin  origin
         * @return the node
         */
        static Mapping owning(Map<String, Node> entries, Origin origin) {
            long s = 1;
            for (Node n : entries.values()) {
                s += n.size();
            }
            return new Mapping(Collections.unmodifiableMap(entries), origin, s);
        }
    }
}
