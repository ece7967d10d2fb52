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
 * AES-256-GCM seal and open at chunk sizes. Every chunk of the protocol has its own key, so calls rotate over a pool
 * of keys and key setup is part of the cost (the JDK's AES skips its key expansion when a key repeats, which a single
 * fixed key would hide): bc and jca through the SPI, {@code jdk} as a raw {@link Cipher} reused per thread (the floor
 * for jca), and Tink's {@code AesGcmJce} as a peer (a new instance per key; it writes and reads its own IV prefix and
 * draws the seal IV itself).
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

    private static final int KEYS = 16;

    private Aead aead;
    private Cipher cipher;
    private final byte[][] keys = new byte[KEYS][32];
    private final byte[] nonce = new byte[12];
    private final byte[] sealNonce = new byte[12];
    private byte[] plaintext;
    private final byte[][] sealed = new byte[KEYS][];
    private final byte[][] tinkSealed = new byte[KEYS][];
    private byte[] out;
    private long counter;
    private int next;

    /** A key, a plaintext, and its sealed form in the layout each implementation reads. */
    @Setup
    public void setUp() throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        random.nextBytes(nonce);
        plaintext = new byte[size];
        random.nextBytes(plaintext);
        out = new byte[size + 16];
        for (int i = 0; i < KEYS; i++) {
            random.nextBytes(keys[i]);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys[i], "AES"), new GCMParameterSpec(128, nonce));
            sealed[i] = c.doFinal(plaintext);
            tinkSealed[i] = new AesGcmJce(keys[i]).encrypt(plaintext, null);
        }
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
        int k = next++ & (KEYS - 1);
        switch (impl) {
            case "jdk" -> {
                cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keys[k], "AES"), new GCMParameterSpec(128, nonce));
                cipher.doFinal(sealed[k], 0, sealed[k].length, out, 0);
                return out;
            }
            case "tink" -> {
                return new AesGcmJce(keys[k]).decrypt(tinkSealed[k], null);
            }
            default -> {
                openWithAead(k);
                return out;
            }
        }
    }

    private void openWithAead(int k) throws AuthenticationFailedException {
        aead.open(keys[k], nonce, null, sealed[k], 0, sealed[k].length, out, 0);
    }

    /** Encrypts {@code size} bytes under a fresh nonce (a counter: GCM refuses a repeated key and nonce). */
    @Benchmark
    public byte[] seal() throws GeneralSecurityException {
        long n = ++counter;
        for (int i = 0; i < 8; i++) {
            sealNonce[4 + i] = (byte) (n >>> (8 * i));
        }
        byte[] key = keys[next++ & (KEYS - 1)];
        switch (impl) {
            case "jdk" -> {
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealNonce));
                cipher.doFinal(plaintext, 0, plaintext.length, out, 0);
                return out;
            }
            case "tink" -> {
                return new AesGcmJce(key).encrypt(plaintext, null);
            }
            default -> {
                aead.seal(key, sealNonce, null, plaintext, 0, plaintext.length, out, 0);
                return out;
            }
        }
    }
}
