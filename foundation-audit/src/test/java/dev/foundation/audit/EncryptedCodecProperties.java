package dev.foundation.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foundation.core.Codec;
import dev.foundation.core.Codecs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The encrypted codec caches the writing key and its header; rotations interleaved with writes and reads, on a
 * codec and on a second codec sharing the keyring, must never make it seal with an old key or misread a value.
 */
class EncryptedCodecProperties {

    /** One step: write a value (through codec 0 or 1), rotate to a new key, or read every value written so far. */
    record Step(int kind, int codec, byte[] value) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> write = Arbitraries.integers().between(0, 1).flatMap(codec -> Arbitraries.bytes().array(
                byte[].class).ofMaxSize(300).map(v -> new Step(0, codec, v)));
        Arbitrary<Step> rotate = Arbitraries.just(new Step(1, 0, null));
        Arbitrary<Step> readAll = Arbitraries.integers().between(0, 1).map(codec -> new Step(2, codec, null));
        return Arbitraries.frequencyOf(
                Tuple.of(6, write), Tuple.of(1, rotate), Tuple.of(2, readAll))
                .list().ofMaxSize(60);
    }

    @Property(tries = 200)
    void everyValueReadsBack_andNewWritesNameTheNewestKey(@ForAll("steps") List<Step> steps) {
        Keyring keys = Keyring.builder().key("k1", TestKeys.key(1)).build();
        List<Codec<byte[]>> codecs = List.of(AuditCodecs.encrypted(Codecs.bytes(), keys),
                AuditCodecs.encrypted(Codecs.bytes(), keys));
        List<byte[]> plain = new ArrayList<>();
        List<byte[]> sealed = new ArrayList<>();
        int next = 2;
        for (Step s : steps) {
            switch (s.kind()) {
                case 0 -> {
                    byte[] v = codecs.get(s.codec()).encode(s.value());
                    String id = new String(v, 3, v[2] & 0xFF, StandardCharsets.US_ASCII);
                    assertThat(id).as("a new value names the keyring's newest key").isEqualTo(keys.currentKeyId());
                    plain.add(s.value());
                    sealed.add(v);
                }
                case 1 -> keys.add("k" + next, TestKeys.key(next++));
                default -> {
                    for (int i = 0; i < sealed.size(); i++) {
                        assertThat(codecs.get(s.codec()).decode(sealed.get(i))).isEqualTo(plain.get(i));
                    }
                }
            }
        }
        // a keyring holding only the first key reads exactly the values written before the first rotation
        Codec<byte[]> firstOnly = AuditCodecs.encrypted(Codecs.bytes(), Keyring.builder().key("k1", TestKeys.key(1))
                .build());
        for (int i = 0; i < sealed.size(); i++) {
            byte[] v = sealed.get(i);
            if (v[2] == 2 && v[3] == 'k' && v[4] == '1') {
                assertThat(firstOnly.decode(v)).isEqualTo(plain.get(i));
            } else {
                assertThatThrownBy(() -> firstOnly.decode(v)).isInstanceOf(DecryptionException.class);
            }
        }
    }
}
