package dev.foundation.audit;

/** Keys for tests. */
final class TestKeys {

    private TestKeys() {
    }

    static byte[] key(int seed) {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (seed * 31 + i);
        }
        return k;
    }

    static Keyring keyring() {
        return Keyring.builder().key("k1", key(1)).build();
    }
}
