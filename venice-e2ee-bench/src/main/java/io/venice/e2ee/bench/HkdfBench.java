package io.venice.e2ee.bench;

import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.Primitive;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * The envelope's HKDF-SHA256 (no salt, info "ecdsa_encryption", 32 bytes) per provider, against its floor: the two
 * HMAC-SHA256 calls it amounts to (extract, then one expand block) on one reused JDK {@link Mac}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HkdfBench {
    private static final byte[] INFO = "ecdsa_encryption".getBytes(StandardCharsets.US_ASCII);
    private static final SecretKeySpec ZERO_SALT = new SecretKeySpec(new byte[32], "HmacSHA256");

    /** Provider name, or {@code raw} for two HMAC calls on the JDK. */
    @Param({"bc", "jca", "raw"})
    public String provider;

    private Kdf kdf;
    private Mac mac;
    private final byte[] ikm = new byte[32];
    private final byte[] out = new byte[32];

    /** The provider's KDF, or a JDK Mac. */
    @Setup
    public void setUp() throws GeneralSecurityException {
        new SecureRandom().nextBytes(ikm);
        if (provider.equals("raw")) {
            mac = Mac.getInstance("HmacSHA256");
        } else {
            kdf = BenchProviders.require(provider, Primitive.KDF).kdf();
        }
    }

    /** One 32-byte derivation. */
    @Benchmark
    public byte[] derive() throws GeneralSecurityException {
        if (kdf != null) {
            kdf.derive(null, ikm, INFO, out);
            return out;
        }
        mac.init(ZERO_SALT);
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(INFO);
        mac.update((byte) 1);
        mac.doFinal(out, 0);
        return out;
    }
}
