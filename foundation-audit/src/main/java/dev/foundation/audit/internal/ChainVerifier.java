package dev.foundation.audit.internal;

import dev.foundation.audit.BrokenLink;
import dev.foundation.audit.ChainHead;
import dev.foundation.audit.Keyring;
import dev.foundation.audit.VerificationReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Walks a trail's records in offset order and finds the first broken link: a malformed record, a sequence that
 * is not its offset, a previous hash that is not the hash of the record before, a timestamp going backwards, a
 * checkpoint with an unknown key or a wrong signature, or (with an anchor) a record that differs from the
 * anchor or a trail that ends before it. Feed it with {@link #accept(long, byte[])} (it returns {@code false}
 * once broken), then call {@link #finish()}. Not thread-safe.
 */
public final class ChainVerifier {

    private final Keyring keys;
    private final String location;
    private final ChainHead anchor;
    private final List<String> warnings = new ArrayList<>();

    private long firstOffset = -1;
    private long records;
    private long checkpoints;
    private long anchoredFrom = -1;
    private long unanchored;
    private long lastCheckpoint = -1;
    private long lastOffset = -1;
    private byte[] expectedPrevious;
    private Instant lastTimestamp;
    private BrokenLink broken;
    private ChainHead lastGood;

    /**
     * Creates a verifier.
     *
     * @param keys     the keys the checkpoints were signed with
     * @param location where the records live, for the report
     * @param anchor   a head saved elsewhere, or {@code null}
     */
    public ChainVerifier(Keyring keys, String location, ChainHead anchor) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.location = Objects.requireNonNull(location, "location");
        this.anchor = anchor;
    }

    /**
     * Checks the next record.
     *
     * @param offset its offset in the stream
     * @param stored its stored bytes
     * @return {@code false} once the chain is broken (later records are not checked)
     */
    public boolean accept(long offset, byte[] stored) {
        if (broken != null) {
            return false;
        }
        if (firstOffset < 0) {
            firstOffset = offset;
            if (offset == 0) {
                expectedPrevious = RecordFormat.GENESIS;
                anchoredFrom = 0;
            }
        } else if (offset != lastOffset + 1) {
            return fail(lastOffset + 1, "a record is missing from the stream", "offset " + (lastOffset + 1),
                    "offset " + offset);
        }
        lastOffset = offset;
        records++;
        RecordFormat.Parsed p;
        try {
            p = RecordFormat.parse(stored);
        } catch (RecordFormat.MalformedRecordException e) {
            return fail(offset, "malformed record: " + e.getMessage(), "a well-formed record",
                    stored.length + " bytes starting " + RecordFormat.hex(java.util.Arrays.copyOf(stored,
                            Math.min(16, stored.length))));
        }
        if (expectedPrevious != null && !RecordFormat.same(expectedPrevious, p.previousHash())) {
            return fail(offset, "its previous hash is not the hash of the record before it",
                    RecordFormat.hex(expectedPrevious), RecordFormat.hex(p.previousHash()));
        }
        if (p.sequence() != offset) {
            return fail(offset, "its sequence is not its position in the trail", "sequence " + offset,
                    "sequence " + p.sequence());
        }
        if (lastTimestamp != null && p.timestamp().isBefore(lastTimestamp)) {
            return fail(offset, "its timestamp is before the previous record's", "at or after " + lastTimestamp,
                    p.timestamp().toString());
        }
        if (p.type() == RecordFormat.CHECKPOINT) {
            if (!keys.contains(p.keyId())) {
                return fail(offset, "checkpoint signed with key id '" + p.keyId() + "', which the keyring does not hold",
                        "one of " + keys.keyIds(), p.keyId());
            }
            byte[] mac = RecordFormat.mac(keys, p.keyId(), stored, p.macInputLength());
            if (!RecordFormat.same(mac, p.mac())) {
                return fail(offset, "checkpoint signature (HMAC-SHA256, key id '" + p.keyId() + "') does not match",
                        RecordFormat.hex(mac), RecordFormat.hex(p.mac()));
            }
            checkpoints++;
            lastCheckpoint = offset;
            if (anchoredFrom < 0) {
                anchoredFrom = offset;
            }
        }
        if (anchoredFrom < 0) {
            unanchored++;
        }
        if (anchor != null && offset == anchor.sequence()) {
            String hash = RecordFormat.hex(p.hash());
            if (!hash.equals(anchor.hash())) {
                return fail(offset, "the record differs from the anchor", anchor.hash(), hash);
            }
        }
        expectedPrevious = p.hash();
        lastTimestamp = p.timestamp();
        lastGood = new ChainHead(offset, RecordFormat.hex(p.hash()));
        return true;
    }

    /**
     * Adds a warning to the report.
     *
     * @param warning the text
     */
    public void warn(String warning) {
        warnings.add(warning);
    }

    /**
     * Records a break found outside the chain (such as a log that cannot be opened).
     *
     * @param offset   the offset, or -1
     * @param reason   the reason
     * @param expected what was expected
     * @param found    what was found
     */
    public void brokenOutside(long offset, String reason, String expected, String found) {
        if (broken == null) {
            broken = new BrokenLink(location, offset, reason, expected, found);
        }
    }

    /**
     * The report.
     *
     * @return the report
     */
    public VerificationReport finish() {
        if (broken == null && anchor != null && lastOffset < anchor.sequence()) {
            fail(lastOffset + 1, "the trail ends before the anchor: records were removed from its end",
                    "a record at offset " + anchor.sequence() + " with hash " + anchor.hash(),
                    lastOffset < 0 ? "an empty trail" : "the trail ending at offset " + lastOffset);
        }
        if (broken == null && firstOffset > 0 && anchoredFrom < 0) {
            warnings.add("retention left no signed checkpoint: the " + records + " retained records are linked to"
                    + " each other but not anchored");
        }
        return new VerificationReport(firstOffset, records, checkpoints, anchoredFrom, unanchored, lastCheckpoint,
                lastGood, broken, warnings);
    }

    private boolean fail(long offset, String reason, String expected, String found) {
        broken = new BrokenLink(location, offset, reason, expected, found);
        return false;
    }
}
