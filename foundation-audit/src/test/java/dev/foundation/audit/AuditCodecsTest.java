package dev.foundation.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foundation.core.Codec;
import dev.foundation.core.CodecException;
import dev.foundation.core.Codecs;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditCodecsTest {

    record Secret(String owner, long amount) {
    }

    @Test
    void encrypted_roundTrips_withAFreshNoncePerValue() {
        Codec<Secret> c = AuditCodecs.encrypted(Codecs.json(Secret.class), TestKeys.keyring());
        Secret s = new Secret("alice", 42);
        byte[] a = c.encode(s);
        byte[] b = c.encode(s);
        assertThat(a).isNotEqualTo(b);
        assertThat(c.decode(a)).isEqualTo(s);
        assertThat(c.decode(b)).isEqualTo(s);
        assertThat(new String(a, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("alice");
        assertThat(c.name()).isEqualTo("encrypted(" + Codecs.json(Secret.class).name() + ")");
    }

    @Test
    void encryptedBytes_roundTrip_andNeitherSideSharesAnArrayWithTheCaller() {
        Codec<byte[]> c = AuditCodecs.encrypted(Codecs.bytes(), TestKeys.keyring());
        byte[] plain = {1, 2, 3, 4, 5};
        byte[] sealed = c.encode(plain);
        plain[0] = 9; // changing the caller's array after encode changes nothing stored
        byte[] first = c.decode(sealed);
        assertThat(first).containsExactly(1, 2, 3, 4, 5);
        first[1] = 9; // nor does changing what decode returned
        assertThat(c.decode(sealed)).containsExactly(1, 2, 3, 4, 5).isNotSameAs(first);
        assertThatThrownBy(() -> c.encode(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void rotation_newWritesUseTheNewestKey_oldValuesStillDecrypt() {
        Keyring keys = TestKeys.keyring();
        Codec<String> c = AuditCodecs.encrypted(Codecs.utf8(), keys);
        byte[] old = c.encode("before");
        keys.add("k2", TestKeys.key(2));
        byte[] fresh = c.encode("after");
        assertThat(c.decode(old)).isEqualTo("before");
        assertThat(c.decode(fresh)).isEqualTo("after");
        // the new value names k2: a keyring with only k1 cannot read it, and says which key it needs
        Codec<String> onlyOld = AuditCodecs.encrypted(Codecs.utf8(), TestKeys.keyring());
        assertThatThrownBy(() -> onlyOld.decode(fresh)).isInstanceOf(DecryptionException.class)
                .hasMessageContaining("key id 'k2'").hasMessageContaining("[k1]")
                .satisfies(e -> assertThat(((DecryptionException) e).keyId()).isEqualTo("k2"));
    }

    @Test
    void wrongKeyBytes_failWithAClearErrorNamingTheKeyId_notAGarbageValue() {
        byte[] v = AuditCodecs.encrypted(Codecs.utf8(), TestKeys.keyring()).encode("hello");
        Codec<String> wrong = AuditCodecs.encrypted(Codecs.utf8(), Keyring.builder().key("k1", TestKeys.key(7)).build());
        assertThatThrownBy(() -> wrong.decode(v)).isInstanceOf(DecryptionException.class)
                .hasMessageContaining("key id 'k1'").hasMessageContaining("authentication failed");
    }

    @Test
    void anyAlteredByte_isDetected() {
        Codec<String> c = AuditCodecs.encrypted(Codecs.utf8(), TestKeys.keyring());
        byte[] v = c.encode("the quick brown fox");
        for (int i = 0; i < v.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] t = v.clone();
                t[i] ^= (byte) (1 << bit);
                int pos = i;
                assertThatThrownBy(() -> c.decode(t)).as("flipped bit %d of byte %d", bit, pos)
                        .isInstanceOf(CodecException.class);
            }
        }
        assertThatThrownBy(() -> c.decode(java.util.Arrays.copyOf(v, v.length - 1))).isInstanceOf(DecryptionException.class);
        assertThatThrownBy(() -> c.decode(new byte[] {1, 2})).isInstanceOf(CodecException.class)
                .hasMessageContaining("not an encrypted value");
    }

    @Test
    void keyProvider_and_base64_buildKeyrings_andKeyMaterialIsNeverPrinted() {
        byte[] k1 = TestKeys.key(1);
        byte[] k2 = TestKeys.key(2);
        KeyProvider provider = new KeyProvider() {
            @Override
            public List<String> keyIds() {
                return List.of("old", "new");
            }

            @Override
            public byte[] keyBytes(String keyId) {
                return keyId.equals("old") ? k1 : k2;
            }
        };
        Keyring fromProvider = Keyring.from(provider);
        assertThat(fromProvider.currentKeyId()).isEqualTo("new");
        assertThat(fromProvider.keyIds()).containsExactly("old", "new");
        String b64 = Base64.getEncoder().encodeToString(k2);
        Keyring fromBase64 = Keyring.builder().keyBase64("new", b64).build();
        byte[] v = AuditCodecs.encrypted(Codecs.utf8(), provider).encode("x");
        assertThat(AuditCodecs.encrypted(Codecs.utf8(), fromBase64).decode(v)).isEqualTo("x");
        assertThat(fromProvider.toString()).isEqualTo("Keyring[old, new] current=new").doesNotContain(b64);
        assertThat(AuditCodecs.encrypted(Codecs.utf8(), fromProvider).toString()).doesNotContain(b64);
    }

    @Test
    void badKeys_areRejectedWithoutEchoingThem() {
        assertThatThrownBy(() -> Keyring.builder().key("k", new byte[10]))
                .hasMessage("key 'k' must be 16, 24 or 32 bytes but was 10 bytes");
        assertThatThrownBy(() -> Keyring.builder().keyBase64("k", "not base64 !!secret"))
                .hasMessage("key 'k' is not valid Base64");
        assertThatThrownBy(() -> Keyring.builder().key("bad id", new byte[16])).hasMessageContaining("keyId must be");
        assertThatThrownBy(() -> TestKeys.keyring().add("k1", new byte[16])).hasMessageContaining("already");
        assertThatThrownBy(() -> Keyring.builder().build()).isInstanceOf(IllegalStateException.class);
    }
}
