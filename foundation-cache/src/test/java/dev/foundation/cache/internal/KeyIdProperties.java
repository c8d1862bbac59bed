package dev.foundation.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foundation.core.Codecs;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** {@link KeyId}: round-trips through its text and the key codec, and is equal exactly when the keys are. */
class KeyIdProperties {

    private final KeyIds<String> encoded = new KeyIds<>(Codecs.utf8());
    private final KeyIds<String> unencoded = new KeyIds<>(null);

    @Property
    void encodedId_roundTripsThroughItsText_andBackToTheKey(@ForAll String key) {
        KeyId id = encoded.id(key);
        assertThat(id.isEncoded()).isTrue();
        assertThat(KeyId.ofText(id.text())).isEqualTo(id).hasSameHashCodeAs(id);
        assertThat(encoded.key(KeyId.ofText(id.text()))).isEqualTo(key);
        assertThat(id.text()).as("URL-safe, no padding: fits a topic message and an IMap key")
                .matches("[A-Za-z0-9_-]*");
    }

    @Property
    void ids_areEqual_exactlyWhenKeysAre(@ForAll String a, @ForAll String b) {
        assertThat(encoded.id(a).equals(encoded.id(b))).isEqualTo(a.equals(b));
        assertThat(unencoded.id(a).equals(unencoded.id(b))).isEqualTo(a.equals(b));
        if (a.equals(b)) {
            assertThat(encoded.id(a).stripe()).isEqualTo(encoded.id(b).stripe());
        }
    }

    @Property
    void unencodedId_keepsTheKeyItself_andIsNeverEqualToATextId(@ForAll String key) {
        KeyId id = unencoded.id(key);
        assertThat(id.isEncoded()).isFalse();
        assertThat(unencoded.key(id)).isSameAs(key);
        assertThat(id).isNotEqualTo(KeyId.ofText(key));
    }

    @Property
    void stripe_isWithinRange(@ForAll String key) {
        assertThat(encoded.id(key).stripe()).isBetween(0, StripedVersions.STRIPES - 1);
    }
}
