package dev.foundation.cache.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * This node's copy of the dependency graph: dependents per key, dependencies per key, members per tag,
 * tags per key. Edges of a key are replaced when it is put and removed when it is invalidated.
 * Ids are the key ids of {@link KeyIds}.
 */
final class LocalGraph {

    private final Map<Object, Set<Object>> dependents = new HashMap<>();
    private final Map<Object, Set<Object>> dependsOn = new HashMap<>();
    private final Map<String, Set<Object>> tagMembers = new HashMap<>();
    private final Map<Object, Set<String>> tagsOf = new HashMap<>();

    synchronized void replaceEdges(Object id, Set<Object> deps, Set<String> tags) {
        removeEdges(id);
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

    synchronized void removeEdges(Object id) {
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

    synchronized void removeTag(String tag) {
        Set<Object> members = tagMembers.remove(tag);
        if (members != null) {
            for (Object id : members) {
                Set<String> tags = tagsOf.get(id);
                if (tags != null && tags.remove(tag) && tags.isEmpty()) {
                    tagsOf.remove(id);
                }
            }
        }
    }
}
