package io.venice.e2ee.bench;

import com.google.crypto.tink.subtle.AesGcmJce;
import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.AuthenticationFailedException;
import io.venice.e2ee.spi.Primitive;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * AES-256-GCM seal and open at chunk sizes, each call under the key it is given (as in the protocol, where every
 * chunk has its own key, so key setup is part of the cost): bc and jca through the SPI, {@code jdk} as a raw
 * {@link Cipher} reused per thread (the floor for jca), and Tink's {@code AesGcmJce} as a peer (a new instance per
 * key; it writes and reads its own IV prefix and draws the seal IV itself).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GcmBench {
    /** Implementation. */
    @Param({"bc", "jca", "jdk", "tink"})
    public String impl;

    /** Plaintext length in bytes. */
    @Param({"16", "256", "16384"})
    public int size;

    private Aead aead;
    private Cipher cipher;
    private final byte[] key = new byte[32];
    private final byte[] nonce = new byte[12];
    private byte[] plaintext;
    private byte[] sealed;
    private byte[] tinkSealed;
    private byte[] out;
    private long counter;

    /** A key, a plaintext, and its sealed form in the layout each implementation reads. */
    @Setup
    public void setUp() throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        random.nextBytes(key);
        random.nextBytes(nonce);
        plaintext = new byte[size];
        random.nextBytes(plaintext);
        out = new byte[size + 16];
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        sealed = c.doFinal(plaintext);
        tinkSealed = new AesGcmJce(key).encrypt(plaintext, null);
        switch (impl) {
            case "bc", "jca" -> aead = BenchProviders.require(impl, Primitive.AEAD).aead();
            case "jdk" -> cipher = Cipher.getInstance("AES/GCM/NoPadding");
            case "tink" -> {
            }
            default -> throw new IllegalArgumentException("unknown implementation " + impl);
        }
    }

    /** Verifies and decrypts {@code size} bytes. */
    @Benchmark
    public byte[] open() throws GeneralSecurityException {
        switch (impl) {
            case "jdk" -> {
                cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
                cipher.doFinal(sealed, 0, sealed.length, out, 0);
                return out;
            }
            case "tink" -> {
                return new AesGcmJce(key).decrypt(tinkSealed, null);
            }
            default -> {
                openWithAead();
                return out;
            }
        }
    }

    private void openWithAead() throws AuthenticationFailedException {
        aead.open(key, nonce, null, sealed, 0, sealed.length, out, 0);
    }

    /** Encrypts {@code size} bytes under a fresh nonce (a counter: GCM refuses a repeated key and nonce). */
    @Benchmark
    public byte[] seal() throws GeneralSecurityException {
        long n = ++counter;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (n >>> (8 * i));
        }
        switch (impl) {
            case "jdk" -> {
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
                cipher.doFinal(plaintext, 0, plaintext.length, out, 0);
                return out;
            }
            case "tink" -> {
                return new AesGcmJce(key).encrypt(plaintext, null);
            }
            default -> {
                aead.seal(key, nonce, null, plaintext, 0, plaintext.length, out, 0);
                return out;
            }
        }
    }
}
