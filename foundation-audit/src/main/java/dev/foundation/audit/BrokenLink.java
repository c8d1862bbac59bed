package dev.foundation.audit;

import java.util.Objects;

/**
 * The first place where a trail's chain does not hold.
 *
 * @param location where the trail's records live (the partition directory of its stream)
 * @param offset   the offset (sequence) of the first record that fails, or {@code -1} when the log itself could
 *                 not be read (the reason then says where)
 * @param reason   what is wrong, in words
 * @param expected what the chain says should be there (a hash, a sequence, a signature)
 * @param found    what is there
 */
public record BrokenLink(String location, long offset, String reason, String expected, String found) {

    /**
     * Checks the components.
     *
     * @param location the location
     * @param offset   the offset
     * @param reason   the reason
     * @param expected the expected value
     * @param found    the found value
     */
    public BrokenLink {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(found, "found");
    }

    @Override
    public String toString() {
        return location + " offset " + offset + ": " + reason + " (expected " + expected + ", found " + found + ")";
    }
}
