package dev.foundation.cache.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * This node's copy of the dependency graph: dependents per key, dependencies per key, members per tag,
 * tags per key, and the token of the write that recorded a key's edges. Edges of a key are replaced when it is
 * put and removed when it is invalidated (both under the key's stripe lock, together with its value); another
 * node's invalidation removes them only if it names the same write's token. Ids are the key ids of
 * {@link KeyIds}.
 */
final class LocalGraph {

    private final Map<Object, Set<Object>> dependents = new HashMap<>();
    private final Map<Object, Set<Object>> dependsOn = new HashMap<>();
    private final Map<String, Set<Object>> tagMembers = new HashMap<>();
    private final Map<Object, Set<String>> tagsOf = new HashMap<>();
    private final Map<Object, String> tokens = new HashMap<>();

    synchronized void replaceEdges(Object id, String token, Set<Object> deps, Set<String> tags) {
        removeEdges(id);
        if (!token.isEmpty() && (!deps.isEmpty() || !tags.isEmpty())) {
            tokens.put(id, token);
        }
        if (!deps.isEmpty()) {
            dependsOn.put(id, new HashSet<>(deps));
            for (Object dep : deps) {
                dependents.computeIfAbsent(dep, d -> new HashSet<>()).add(id);
            }
        }
        if (!tags.isEmpty()) {
            tagsOf.put(id, new HashSet<>(tags));
            for (String tag : tags) {
                tagMembers.computeIfAbsent(tag, t -> new HashSet<>()).add(id);
            }
        }
    }

    /** Removes the edges of a key if they were recorded by the write with this token. */
    synchronized void removeEdgesOf(Object id, String token) {
        if (token.equals(tokens.get(id))) {
            removeEdges(id);
        }
    }

    synchronized void removeEdges(Object id) {
        tokens.remove(id);
        Set<Object> deps = dependsOn.remove(id);
        if (deps != null) {
            for (Object dep : deps) {
                Set<Object> set = dependents.get(dep);
                if (set != null && set.remove(id) && set.isEmpty()) {
                    dependents.remove(dep);
                }
            }
        }
        Set<String> tags = tagsOf.remove(id);
        if (tags != null) {
            for (String tag : tags) {
                Set<Object> set = tagMembers.get(tag);
                if (set != null && set.remove(id) && set.isEmpty()) {
                    tagMembers.remove(tag);
                }
            }
        }
    }

    synchronized Set<Object> dependentsOf(Object id) {
        Set<Object> set = dependents.get(id);
        return set == null ? Set.of() : Set.copyOf(set);
    }

    synchronized Set<Object> tagged(String tag) {
        Set<Object> set = tagMembers.get(tag);
        return set == null ? Set.of() : Set.copyOf(set);
    }
}
