package dev.foundation.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.audit.ChainHead;
import dev.foundation.audit.Keyring;
import dev.foundation.audit.Outcome;
import dev.foundation.audit.VerificationReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The chain's invariant: an untouched chain verifies, and any single mutation of the stored records (a flipped
 * bit anywhere, a deleted record, two records swapped) is detected. The attacker here rewrites the log with
 * valid framing (the events log's own CRCs would otherwise catch a raw flip first): only the chain and the
 * signatures stand in the way. Removing records from the end needs an anchor, which the property passes.
 */
class ChainProperties {

    private static final Keyring KEYS = Keyring.builder().key("k1", new byte[32]).build();

    /** A mutation: kind, position, bit. */
    record Mutation(int kind, int index, int bit) {
    }

    static List<byte[]> chain(int entries, int checkpointEvery) {
        List<byte[]> out = new ArrayList<>();
        byte[] prev = RecordFormat.GENESIS;
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        int since = 0;
        for (int i = 0; i < entries; i++) {
            byte[] r = RecordFormat.encodeEntry(out.size(), t.plusMillis(i), prev, "actor" + (i % 3), "op",
                    "res/" + i, Outcome.values()[i % 4], i % 2 == 0 ? Map.of() : Map.of("a", "" + i));
            out.add(r);
            prev = RecordFormat.sha256(r);
            if (++since == checkpointEvery) {
                since = 0;
                byte[] c = RecordFormat.encodeCheckpoint(out.size(), t.plusMillis(i), prev, KEYS);
                out.add(c);
                prev = RecordFormat.sha256(c);
            }
        }
        return out;
    }

    static VerificationReport verify(List<byte[]> records, ChainHead anchor) {
        ChainVerifier v = new ChainVerifier(KEYS, "test", anchor);
        for (int i = 0; i < records.size(); i++) {
            if (!v.accept(i, records.get(i))) {
                break;
            }
        }
        return v.finish();
    }

    static ChainHead head(List<byte[]> records) {
        return new ChainHead(records.size() - 1, RecordFormat.hex(RecordFormat.sha256(records.get(records.size() - 1))));
    }

    @Property
    void untouchedChain_verifies(@ForAll @IntRange(min = 1, max = 60) int entries,
                                 @ForAll @IntRange(min = 1, max = 10) int checkpointEvery) {
        List<byte[]> c = chain(entries, checkpointEvery);
        VerificationReport r = verify(c, head(c));
        assertThat(r.intact()).as(r.toString()).isTrue();
        assertThat(r.records()).isEqualTo(c.size());
        assertThat(r.head()).isEqualTo(head(c));
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, Integer.MAX_VALUE)).as(Mutation::new);
    }

    @Property(tries = 500)
    void anySingleMutation_isDetected(@ForAll @IntRange(min = 2, max = 40) int entries,
                                      @ForAll @IntRange(min = 1, max = 8) int checkpointEvery,
                                      @ForAll("mutations") Mutation m) {
        List<byte[]> original = chain(entries, checkpointEvery);
        ChainHead anchor = head(original);
        List<byte[]> c = new ArrayList<>(original);
        int i = m.index() % c.size();
        switch (m.kind()) {
            case 0: { // flip one bit anywhere in one record
                byte[] r = c.get(i).clone();
                int bit = m.bit() % (r.length * 8);
                r[bit / 8] ^= (byte) (1 << (bit % 8));
                c.set(i, r);
                break;
            }
            case 1: // delete one record (offsets after it shift down, as in a rewritten log)
                c.remove(i);
                break;
            default: { // swap two neighbouring records
                int j = i + 1 < c.size() ? i + 1 : i - 1;
                byte[] x = c.get(i);
                c.set(i, c.get(j));
                c.set(j, x);
                break;
            }
        }
        VerificationReport r = verify(c, anchor);
        assertThat(r.intact()).as("mutation %s of %d records: %s", m, original.size(), r).isFalse();
        // the break is reported at or before the mutated position (or at the end for a truncated tail)
        assertThat(r.brokenLink().offset()).isLessThanOrEqualTo(Math.max(i, Math.min(i + 1, c.size())));
    }

    @Property(tries = 200)
    void mutationBeforeTheLastRecord_isDetectedWithoutAnAnchor(@ForAll @IntRange(min = 2, max = 40) int entries,
                                                               @ForAll("mutations") Mutation m) {
        List<byte[]> c = new ArrayList<>(chain(entries, 5));
        int i = m.index() % (c.size() - 1);
        if (m.kind() == 0) {
            byte[] r = c.get(i).clone();
            int bit = m.bit() % (r.length * 8);
            r[bit / 8] ^= (byte) (1 << (bit % 8));
            c.set(i, r);
        } else if (m.kind() == 1) {
            c.remove(i);
        } else {
            byte[] x = c.get(i);
            c.set(i, c.get(i + 1));
            c.set(i + 1, x);
        }
        assertThat(verify(c, null).intact()).isFalse();
    }
}
