package dev.foundation.cache.internal;

import java.util.Set;

/**
 * The edges of one explicit put as recorded in L3: the write's token, the key ids (text) it depends on and its
 * tags. {@link #NONE} (empty token) when the put has no edges or the cache has no L3.
 *
 * @param token    the write's token, empty for none
 * @param deps     the ids depended on
 * @param tags     the tags
 * @param recorded whether L3 holds every edge (false: the value must stay on this node only)
 */
record Edges(String token, Set<String> deps, Set<String> tags, boolean recorded) {

    static final Edges NONE = new Edges("", Set.of(), Set.of(), true);
}
