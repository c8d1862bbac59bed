/**
 * JMH group {@code cache}: foundation-cache's tiers against the library a user would otherwise call directly,
 * on Zipfian reads and a 90/10 read/write mix: the L1 hit path against raw Caffeine, the L2 hit path against a
 * raw SQLite lookup in the same table, the L3 hit path against a raw {@code IMap.get} on the same Hazelcast
 * member, and the hit rate of the tiered cache against Caffeine alone at the same L1 size.
 */
package dev.foundation.benchmarks.cache;
