package dev.foundation.audit;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A point of a trail's hash chain: the sequence of a record and its SHA-256. Saved outside the trail (another
 * system, a ticket, a printout), a head is an <em>anchor</em>: {@link AuditTrail#verify(ChainHead)} then also
 * detects records removed from the end of the trail, which no chain can detect on its own.
 *
 * @param sequence the record's sequence, {@code >= 0}
 * @param hash     its SHA-256 in lower-case hex (64 characters)
 */
public record ChainHead(long sequence, String hash) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /**
     * Checks the components.
     *
     * @param sequence the sequence
     * @param hash     the hash
     */
    public ChainHead {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0 but was " + sequence);
        }
        Objects.requireNonNull(hash, "hash");
        if (!HEX.matcher(hash).matches()) {
            throw new IllegalArgumentException("hash must be 64 lower-case hex digits but was '" + hash + "'");
        }
    }

    /**
     * Parses {@code sequence:hash}, the form {@link #toString()} prints.
     *
     * @param text the text
     * @return the head
     * @throws IllegalArgumentException if the text is not {@code <sequence>:<64 hex digits>}
     */
    public static ChainHead parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("anchor must be <sequence>:<sha-256 hex> but was '" + text + "'");
        }
        try {
            return new ChainHead(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("anchor must be <sequence>:<sha-256 hex> but was '" + text + "'", e);
        }
    }

    /** {@code sequence:hash}. */
    @Override
    public String toString() {
        return sequence + ":" + hash;
    }
}
