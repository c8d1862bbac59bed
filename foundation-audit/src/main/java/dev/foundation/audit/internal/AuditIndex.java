package dev.foundation.audit.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The in-memory index of a trail, rebuilt when it opens and kept up to date as records are appended: the
 * timestamp of every offset (non-decreasing, so a time window is a binary search) and, per actor, operation and
 * resource, the sorted offsets of its records. About 8 bytes per record plus 8 per record in each of the three
 * posting lists. Thread-safe.
 */
final class AuditIndex {

    /** The first indexed offset. */
    private long base = -1;
    /** Timestamps (epoch nanos) by {@code offset - base}. */
    private long[] times = new long[1024];
    private int size;
    private final Map<String, Postings> actors = new HashMap<>();
    private final Map<String, Postings> operations = new HashMap<>();
    private final Map<String, Postings> resources = new HashMap<>();

    /** A growable sorted list of offsets. */
    static final class Postings {
        private long[] offsets = new long[4];
        private int size;

        void add(long offset) {
            if (size == offsets.length) {
                offsets = Arrays.copyOf(offsets, size * 2);
            }
            offsets[size++] = offset;
        }

        boolean contains(long offset) {
            return Arrays.binarySearch(offsets, 0, size, offset) >= 0;
        }

        int size() {
            return size;
        }

        void dropBefore(long offset) {
            int i = Arrays.binarySearch(offsets, 0, size, offset);
            int from = i >= 0 ? i : -i - 1;
            if (from > 0) {
                System.arraycopy(offsets, from, offsets, 0, size - from);
                size -= from;
            }
        }
    }

    /** What a query should read: offsets in {@code [from, to)}, optionally only the listed ones (sorted). */
    record Plan(long from, long to, long[] only) {
        boolean empty() {
            return from >= to || only != null && only.length == 0;
        }
    }

    /**
     * Indexes a record (offsets must come in order, without gaps).
     *
     * @param offset    the offset
     * @param epochNano its timestamp
     * @param actor     entry actor, or null for a checkpoint
     * @param operation entry operation
     * @param resource  entry resource
     */
    synchronized void add(long offset, long epochNano, String actor, String operation, String resource) {
        if (base < 0) {
            base = offset;
        }
        if (offset != base + size) {
            // a gap (the log was cut back after a write fault): restart the index from here
            base = offset;
            size = 0;
            actors.clear();
            operations.clear();
            resources.clear();
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
        }
        times[size++] = epochNano;
        if (actor != null) {
            actors.computeIfAbsent(actor, k -> new Postings()).add(offset);
            operations.computeIfAbsent(operation, k -> new Postings()).add(offset);
            resources.computeIfAbsent(resource, k -> new Postings()).add(offset);
        }
    }

    /**
     * Forgets what retention deleted.
     *
     * @param startOffset the oldest retained offset
     */
    synchronized void dropBefore(long startOffset) {
        if (base < 0 || startOffset <= base) {
            return;
        }
        int n = (int) Math.min(size, startOffset - base);
        System.arraycopy(times, n, times, 0, size - n);
        size -= n;
        base += n;
        for (Map<String, Postings> m : java.util.List.of(actors, operations, resources)) {
            m.values().forEach(p -> p.dropBefore(startOffset));
            m.values().removeIf(p -> p.size() == 0);
        }
    }

    /**
     * The records a query has to read.
     *
     * @param fromNano  inclusive lower time bound, or Long.MIN_VALUE
     * @param toNano    exclusive upper bound, or Long.MAX_VALUE
     * @param actor     or null
     * @param operation or null
     * @param resource  or null
     * @return the plan
     */
    synchronized Plan plan(long fromNano, long toNano, String actor, String operation, String resource) {
        if (base < 0) {
            return new Plan(0, 0, null);
        }
        long from = base + lowerBound(fromNano);
        long to = base + lowerBound(toNano);
        Postings[] filters = {
            actor == null ? null : actors.get(actor),
            operation == null ? null : operations.get(operation),
            resource == null ? null : resources.get(resource)
        };
        String[] values = {actor, operation, resource};
        Postings smallest = null;
        for (int i = 0; i < 3; i++) {
            if (values[i] != null) {
                if (filters[i] == null) {
                    return new Plan(from, to, new long[0]);
                }
                if (smallest == null || filters[i].size() < smallest.size()) {
                    smallest = filters[i];
                }
            }
        }
        if (smallest == null) {
            return new Plan(from, to, null);
        }
        long[] out = new long[smallest.size()];
        int n = 0;
        for (int i = 0; i < smallest.size(); i++) {
            long o = smallest.offsets[i];
            if (o < from || o >= to) {
                continue;
            }
            boolean all = true;
            for (Postings p : filters) {
                if (p != null && p != smallest && !p.contains(o)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                out[n++] = o;
            }
        }
        long[] only = Arrays.copyOf(out, n);
        return n == 0 ? new Plan(from, to, only) : new Plan(only[0], only[n - 1] + 1, only);
    }

    /** The first index whose time is >= t. */
    private int lowerBound(long t) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
