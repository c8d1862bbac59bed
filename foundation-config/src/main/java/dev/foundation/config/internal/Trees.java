package dev.foundation.config.internal;

import dev.foundation.config.ConfigParseException;
import dev.foundation.config.Origin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merging of layered trees and conversion of flat keys ({@code a.b[0].c}) into trees. */
public final class Trees {

    private Trees() {
    }

    /**
     * Merges a higher-precedence tree over a lower one: mappings merge key by key; a mapping with integer
     * keys over a list overrides single elements; anything else replaces the lower value.
     *
     * @param lower  the lower-precedence tree, or null
     * @param higher the higher-precedence tree, or null
     * @return the merged tree
     */
    public static Node merge(Node lower, Node higher) {
        if (higher == null) {
            return lower;
        }
        if (lower == null) {
            return higher;
        }
        if (higher instanceof Node.Mapping) {
            Node.Mapping h = (Node.Mapping) higher;
            Map<String, Node> base;
            if (lower instanceof Node.Mapping) {
                base = new LinkedHashMap<>(((Node.Mapping) lower).entries());
            } else if (lower instanceof Node.Sequence && allIndices(h)) {
                base = new LinkedHashMap<>();
                List<Node> items = ((Node.Sequence) lower).items();
                for (int i = 0; i < items.size(); i++) {
                    base.put(Integer.toString(i), items.get(i));
                }
            } else {
                return higher;
            }
            for (Map.Entry<String, Node> e : h.entries().entrySet()) {
                base.put(e.getKey(), merge(base.get(e.getKey()), e.getValue()));
            }
            return Node.Mapping.of(base, h.origin());
        }
        return higher;
    }

    private static boolean allIndices(Node.Mapping m) {
        for (String k : m.entries().keySet()) {
            if (!isIndex(k)) {
                return false;
            }
        }
        return true;
    }

    static boolean isIndex(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Splits a flat key into segments: {@code app.endpoints[0].url} and {@code app.endpoints.0.url} both
     * give {@code [app, endpoints, 0, url]}.
     *
     * @param key the flat key
     * @return the segments, or null when the key is malformed (empty segment, unbalanced bracket)
     */
    public static List<String> segments(String key) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        while (i < key.length()) {
            char c = key.charAt(i);
            if (c == '.') {
                if (cur.length() == 0 && (out.isEmpty() || key.charAt(i - 1) != ']')) {
                    return null;
                }
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
                i++;
            } else if (c == '[') {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                } else if (out.isEmpty()) {
                    return null;
                }
                int close = key.indexOf(']', i);
                if (close < 0 || close == i + 1) {
                    return null;
                }
                out.add(key.substring(i + 1, close));
                i = close + 1;
                if (i < key.length() && key.charAt(i) != '.' && key.charAt(i) != '[') {
                    return null;
                }
            } else {
                cur.append(c);
                i++;
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        } else if (key.isEmpty() || key.endsWith(".")) {
            return null;
        }
        return out;
    }

    /** Builds a tree from flat entries, failing on a key that is both a value and a section. */
    public static final class FlatBuilder {
        private final Map<String, Object> root = new LinkedHashMap<>();
        private final Map<Map<String, Object>, Origin> origins = new java.util.IdentityHashMap<>();
        private final String source;

        /**
         * Creates a builder.
         *
         * @param source the source name for error messages
         */
        public FlatBuilder(String source) {
            this.source = source;
        }

        /**
         * Adds one entry.
         *
         * @param segments the key's segments
         * @param value    the value node
         * @param key      the key as written, for messages
         * @param line     the line, or -1
         */
        @SuppressWarnings("unchecked")
        public void put(List<String> segments, Node value, String key, int line) {
            Map<String, Object> cur = root;
            for (int i = 0; i < segments.size() - 1; i++) {
                Object next = cur.get(segments.get(i));
                if (next == null) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    origins.put(m, value.origin());
                    cur.put(segments.get(i), m);
                    cur = m;
                } else if (next instanceof Map) {
                    cur = (Map<String, Object>) next;
                } else {
                    throw new ConfigParseException(source, line, 1, "key '" + key + "' puts a section under '"
                            + String.join(".", segments.subList(0, i + 1)) + "', which already has a value", null);
                }
            }
            String last = segments.get(segments.size() - 1);
            Object existing = cur.get(last);
            if (existing instanceof Map) {
                throw new ConfigParseException(source, line, 1, "key '" + key
                        + "' gives a value to a section that already has keys under it", null);
            }
            if (existing != null) {
                throw new dev.foundation.config.DuplicateKeyException(source, line, 1, "duplicate key '" + key
                        + "' (first given at " + ((Node) existing).origin() + ")");
            }
            cur.put(last, value);
        }

        /**
         * The tree.
         *
         * @param origin the origin of the root mapping
         * @return the root mapping
         */
        public Node.Mapping build(Origin origin) {
            return toNode(root, origin);
        }

        @SuppressWarnings("unchecked")
        private Node.Mapping toNode(Map<String, Object> m, Origin origin) {
            Map<String, Node> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : m.entrySet()) {
                Object v = e.getValue();
                out.put(e.getKey(), v instanceof Map ? toNode((Map<String, Object>) v, origins.get(v)) : (Node) v);
            }
            return Node.Mapping.of(out, origin);
        }
    }
}
