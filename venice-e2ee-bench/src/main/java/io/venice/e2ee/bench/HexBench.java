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

/** Hex decode and encode of a 200-character (100-byte) value: {@code crypto.Hex} against {@link HexFormat}. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HexBench {
    /** {@code ours} is {@code io.venice.e2ee.crypto.Hex}; {@code jdk} is {@code java.util.HexFormat}. */
    @Param({"ours", "jdk"})
    public String impl;

    private final HexFormat jdk = HexFormat.of();
    private byte[] bytes;
    private String hex;
    private byte[] out;

    /** One random 100-byte value and its hex form. */
    @Setup
    public void setUp() {
        bytes = new byte[100];
        new SecureRandom().nextBytes(bytes);
        hex = jdk.formatHex(bytes);
        out = new byte[100];
    }

    /** Decodes 200 hex characters into a reused buffer (ours) or a new array (the JDK has no into-buffer form). */
    @Benchmark
    public byte[] decode200() {
        if (impl.equals("ours")) {
            Hex.decode(hex, 0, hex.length(), out, 0);
            return out;
        }
        return jdk.parseHex(hex);
    }

    /** Encodes 100 bytes into 200 lower-case hex characters. */
    @Benchmark
    public String encode200() {
        return impl.equals("ours") ? Hex.encode(bytes) : jdk.formatHex(bytes);
    }
}
