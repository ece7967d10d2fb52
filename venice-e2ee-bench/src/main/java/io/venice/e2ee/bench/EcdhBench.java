package io.venice.e2ee.bench;

import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.Primitive;
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
 * protected against timing (each provider's own way), write X. Peer points rotate over a pool, as every chunk
 * brings a new one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EcdhBench {
    static final int PEERS = 64;

    /** Provider name. */
    @Param({"bc", "jca", "native"})
    public String provider;

    private EcdhKeyPair session;
    private byte[][] peers;
    private final byte[] out = new byte[32];
    private int next;

    /** A session key pair and a pool of peer points, all made by the provider under test. */
    @Setup
    public void setUp() {
        EcdhKeyAgreement ka = BenchProviders.require(provider, Primitive.KEY_AGREEMENT).keyAgreement();
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
