package io.venice.e2ee.bench;

import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.spi.EcdhKeyPair;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * One chunk's envelope. Open (the client's side): hex ▸ point check ▸ protected ECDH ▸ HKDF ▸ AES-GCM ▸ UTF-8 text.
 * Seal (the enclave's side, which the simulator runs in the end-to-end stream): fresh ephemeral key ▸ ECDH ▸ HKDF
 * ▸ AES-GCM ▸ hex.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EnvelopeBench {
    /** Key agreement (see {@link BenchProviders}; native pairs with the best available HKDF and AES-GCM). */
    @Param({"bc", "jca", "native-jni", "native-ffm"})
    public String keyAgreement;

    private EnvelopeCipher cipher;
    private EcdhKeyPair session;
    private ChunkFixture chunks;
    private byte[] recipient;
    private int next;

    /** A session key and a pool of envelopes sealed to it. */
    @Setup
    public void setUp() {
        cipher = BenchProviders.cipher(keyAgreement);
        session = cipher.keyAgreement().generateKeyPair();
        chunks = new ChunkFixture(cipher, session, EcdhBench.PEERS);
        recipient = session.publicKey();
    }

    /** Wipes the session key. */
    @TearDown
    public void tearDown() {
        session.close();
    }

    /** One envelope to text. */
    @Benchmark
    public String open() {
        return cipher.openToString(session, chunks.envelopes[next++ & (EcdhBench.PEERS - 1)]);
    }

    /** One chunk's text to a hex envelope for the session key. */
    @Benchmark
    public String seal() {
        return cipher.seal(recipient, ChunkFixture.TEXT);
    }
}
