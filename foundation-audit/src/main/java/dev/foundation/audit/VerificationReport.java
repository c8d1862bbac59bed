package dev.foundation.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link AuditTrail#verify()} (or the {@link AuditVerifier command-line verifier}) found.
 *
 * @param firstOffset          the oldest retained record's offset (above 0 once retention deleted segments), or
 *                             {@code -1} for an empty trail
 * @param records              records checked (checkpoints included)
 * @param checkpoints          checkpoints whose signature was verified
 * @param anchoredFrom         the offset from which the chain is anchored: 0 for a complete trail (the first
 *                             record links to the genesis hash), else the oldest retained checkpoint; {@code -1}
 *                             if retention left no checkpoint
 * @param unanchoredRecords    records before {@code anchoredFrom}: linked to each other, but nothing proves what
 *                             came before them (retention deleted it)
 * @param lastCheckpoint       the offset of the newest verified checkpoint, {@code -1} if none: every record
 *                             before it is sealed by a signature
 * @param head                 the last record that checked out, or {@code null} if none did
 * @param brokenLink           the first break, or {@code null} if the chain holds
 * @param warnings             things that are not a break but deserve a look (such as an unreadable torn tail)
 */
public record VerificationReport(long firstOffset, long records, long checkpoints, long anchoredFrom,
                                 long unanchoredRecords, long lastCheckpoint, ChainHead head, BrokenLink brokenLink,
                                 List<String> warnings) {

    /**
     * Copies the warnings.
     *
     * @param firstOffset       the first offset
     * @param records           records checked
     * @param checkpoints       checkpoints verified
     * @param anchoredFrom      where the anchored part begins
     * @param unanchoredRecords records before it
     * @param lastCheckpoint    the newest checkpoint
     * @param head              the last record, or null
     * @param brokenLink        the first break, or null
     * @param warnings          the warnings
     */
    public VerificationReport {
        warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings"));
    }

    /**
     * Whether the chain holds: every link, sequence and signature checked out (and the anchor, if one was given).
     *
     * @return {@code true} if no link is broken
     */
    public boolean intact() {
        return brokenLink == null;
    }

    /**
     * The first break.
     *
     * @return the break, or empty if the chain holds
     */
    public Optional<BrokenLink> firstBrokenLink() {
        return Optional.ofNullable(brokenLink);
    }

    /** One line for logs and the command-line verifier. */
    @Override
    public String toString() {
        String s = (intact() ? "INTACT" : "BROKEN at " + brokenLink) + ": " + records + " records from offset "
                + firstOffset + ", " + checkpoints + " signed checkpoints (last at " + lastCheckpoint + "), anchored from "
                + anchoredFrom + (unanchoredRecords > 0 ? " (" + unanchoredRecords + " unanchored records before)" : "")
                + ", head " + head;
        return warnings.isEmpty() ? s : s + "; warnings: " + String.join("; ", warnings);
    }
}
