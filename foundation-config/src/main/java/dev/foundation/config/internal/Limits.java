package dev.foundation.config.internal;

/**
 * Bounds applied while reading sources.
 *
 * @param maxFileSize         maximum bytes per file
 * @param maxNestingDepth     maximum nesting of mappings and lists
 * @param maxAliases          maximum YAML aliases per file
 * @param maxAliasExpansion   maximum nodes that aliases may expand to per file
 */
public record Limits(long maxFileSize, int maxNestingDepth, int maxAliases, long maxAliasExpansion) {
}
