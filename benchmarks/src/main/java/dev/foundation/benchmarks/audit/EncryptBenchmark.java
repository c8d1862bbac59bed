package dev.foundation.benchmarks.audit;

import dev.foundation.audit.AuditCodecs;
import dev.foundation.audit.Keyring;
import dev.foundation.core.Codec;
import dev.foundation.core.Codecs;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encrypt + decrypt of a 1 KiB value: {@code AuditCodecs.encrypted(Codecs.bytes(), keyring)} (header with key id,
 * random nonce, AES-256-GCM, key lookup on decrypt) against the least {@code javax.crypto} code doing the same
 * (a cached {@link Cipher}, a random 96-bit nonce from {@link SecureRandom}, AES-256-GCM). Goal: foundation / raw
 * &gt;= 0.9.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class EncryptBenchmark {

    byte[] value;
    Codec<byte[]> codec;
    SecretKey key;
    Cipher cipher;
    SecureRandom random;

    /** Keys and a value. */
    @Setup
    public void setup() throws GeneralSecurityException {
        value = new byte[1024];
        new SecureRandom().nextBytes(value);
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        codec = AuditCodecs.encrypted(Codecs.bytes(), Keyring.builder().key("2026-12", k).build());
        key = new SecretKeySpec(k, "AES");
        cipher = Cipher.getInstance("AES/GCM/NoPadding");
        random = new SecureRandom();
    }

    /**
     * Foundation's codec: encode then decode.
     *
     * @return the decoded value
     */
    @Benchmark
    public byte[] foundation_roundTrip1KiB() {
        return codec.decode(codec.encode(value));
    }

    /**
     * Raw AES-GCM: encrypt with a fresh nonce, then decrypt.
     *
     * @return the decrypted value
     * @throws GeneralSecurityException never
     */
    @Benchmark
    public byte[] raw_roundTrip1KiB() throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        byte[] sealed = cipher.doFinal(value);
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        return cipher.doFinal(sealed);
    }
}
