package io.venice.e2ee.bench;

import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.Primitive;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.security.spec.ECPoint;
import java.util.concurrent.TimeUnit;

/**
 * The api's one point validation ({@link Secp256k1#validatePublicKey}: prefix, coordinates below p, y² = x³ + 7),
 * which every provider runs before each agreement, and the decode to an affine point that bc and jca go on to use:
 * their share of a chunk's ECDH.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PointValidationBench {
    private byte[][] peers;
    private int next;

    /** A pool of valid peer points, rotating as chunks' ephemeral keys do. */
    @Setup
    public void setUp() {
        EcdhKeyAgreement ka = BenchProviders.require("bc", Primitive.KEY_AGREEMENT).keyAgreement();
        peers = new byte[EcdhBench.PEERS][];
        for (int i = 0; i < peers.length; i++) {
            try (EcdhKeyPair p = ka.generateKeyPair()) {
                peers[i] = p.publicKey();
            }
        }
    }

    /** Validates one 65-byte point (what the native provider does before libsecp256k1 parses it). */
    @Benchmark
    public byte[] validate() throws InvalidPeerKeyException {
        byte[] peer = peers[next++ & (EcdhBench.PEERS - 1)];
        Secp256k1.validatePublicKey(peer, 0);
        return peer;
    }

    /** Validates one point and decodes it to {@code BigInteger} coordinates (what bc and jca do). */
    @Benchmark
    public ECPoint decode() throws InvalidPeerKeyException {
        return Secp256k1.decodePublicKey(peers[next++ & (EcdhBench.PEERS - 1)], 0);
    }
}
