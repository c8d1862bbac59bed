package dev.foundation.cache.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * This node's copy of the dependency graph: dependents per key, dependencies per key, members per tag,
 * tags per key, and the token of the write that recorded a key's edges. Edges of a key are replaced when it is
 * put and removed when it is invalidated (both under the key's stripe lock, together with its value); another
 * node's invalidation removes them only if it names the same write's token.
 */
final class LocalGraph {

    private final Map<KeyId, Set<KeyId>> dependents = new HashMap<>();
    private final Map<KeyId, Set<KeyId>> dependsOn = new HashMap<>();
    private final Map<String, Set<KeyId>> tagMembers = new HashMap<>();
    private final Map<KeyId, Set<String>> tagsOf = new HashMap<>();
    private final Map<KeyId, String> tokens = new HashMap<>();

    synchronized void replaceEdges(KeyId id, String token, Set<KeyId> deps, Set<String> tags) {
        removeEdges(id);
        if (!token.isEmpty() && (!deps.isEmpty() || !tags.isEmpty())) {
            tokens.put(id, token);
        }
        if (!deps.isEmpty()) {
            dependsOn.put(id, new HashSet<>(deps));
            for (KeyId dep : deps) {
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
    synchronized void removeEdgesOf(KeyId id, String token) {
        if (token.equals(tokens.get(id))) {
            removeEdges(id);
        }
    }

    synchronized void removeEdges(KeyId id) {
        tokens.remove(id);
        Set<KeyId> deps = dependsOn.remove(id);
        if (deps != null) {
            for (KeyId dep : deps) {
                Set<KeyId> set = dependents.get(dep);
                if (set != null && set.remove(id) && set.isEmpty()) {
                    dependents.remove(dep);
                }
            }
        }
        Set<String> tags = tagsOf.remove(id);
        if (tags != null) {
            for (String tag : tags) {
                Set<KeyId> set = tagMembers.get(tag);
                if (set != null && set.remove(id) && set.isEmpty()) {
                    tagMembers.remove(tag);
                }
            }
        }
    }

    synchronized Set<KeyId> dependentsOf(KeyId id) {
        Set<KeyId> set = dependents.get(id);
        return set == null ? Set.of() : Set.copyOf(set);
    }

    synchronized Set<KeyId> tagged(String tag) {
        Set<KeyId> set = tagMembers.get(tag);
        return set == null ? Set.of() : Set.copyOf(set);
    }
}
