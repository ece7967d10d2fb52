package io.venice.e2ee.bench;

import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.EcdhKeyAgreement;
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
 * One protected agreement as a chunk needs it: validate the peer's ephemeral point, multiply with the session key
 * protected against timing (each engine's own way: bc, jca and native-jni blind a variable-time multiply,
 * native-ffm is libsecp256k1's constant-time {@code secp256k1_ecdh}), write X. Peer points rotate over a pool, as
 * every chunk brings a new one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EcdhBench {
    static final int PEERS = 64;

    /** Key agreement (see {@link BenchProviders}); native-ffm needs JDK 22+. */
    @Param({"bc", "jca", "native-jni", "native-ffm"})
    public String keyAgreement;

    private EcdhKeyPair session;
    private byte[][] peers;
    private final byte[] out = new byte[32];
    private int next;

    /** A session key pair and a pool of peer points, all made by the provider under test. */
    @Setup
    public void setUp() {
        EcdhKeyAgreement ka = BenchProviders.keyAgreement(keyAgreement).keyAgreement();
        session = ka.generateKeyPair();
        peers = new byte[PEERS][];
        for (int i = 0; i < PEERS; i++) {
            try (EcdhKeyPair p = ka.generateKeyPair()) {
                peers[i] = p.publicKey();
            }
        }
    }

    /** Wipes the session key. */
    @TearDown
    public void tearDown() {
        session.close();
    }

    /** The protected shared-secret computation. */
    @Benchmark
    public byte[] protectedAgreement() throws InvalidPeerKeyException {
        session.sharedSecretX(peers[next++ & (PEERS - 1)], 0, out, 0);
        return out;
    }
}
