package io.venice.e2ee.bench;

import io.venice.e2ee.crypto.Hex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Hex decode and encode, {@code crypto.Hex} against {@link HexFormat#of()}, at the lengths the project handles: 64
 * digits (a nonce, a hash, a scalar), 200 (one streamed chunk's envelope: 93 bytes of key, nonce and tag plus a few
 * bytes of text), 1000 and 4000 (longer envelopes). Both sides allocate the result, as the envelope's decode does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HexBench {
    /** {@code ours} is {@code io.venice.e2ee.crypto.Hex}; {@code jdk} is {@code java.util.HexFormat.of()}. */
    @Param({"ours", "jdk"})
    public String impl;

    /** Length of the hex text in digits (half as many bytes). */
    @Param({"64", "200", "1000", "4000"})
    public int hexChars;

    private final HexFormat jdk = HexFormat.of();
    private byte[] bytes;
    private String hex;

    /** One random value of {@code hexChars / 2} bytes and its lower-case hex form. */
    @Setup
    public void setUp() {
        bytes = new byte[hexChars / 2];
        new SecureRandom().nextBytes(bytes);
        hex = jdk.formatHex(bytes);
    }

    /** Decodes the hex text into a new array. */
    @Benchmark
    public byte[] decode() {
        return impl.equals("ours") ? Hex.decode(hex) : jdk.parseHex(hex);
    }

    /** Encodes the bytes as lower-case hex. */
    @Benchmark
    public String encode() {
        return impl.equals("ours") ? Hex.encode(bytes) : jdk.formatHex(bytes);
    }
}
