package io.venice.e2ee.crypto.nativesecp;

import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.InvalidPrivateKeyException;
import io.venice.e2ee.spi.SecretBytes;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.locks.StampedLock;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * secp256k1 ECDH on libsecp256k1's constant-time {@code secp256k1_ecdh}, called through {@code java.lang.foreign}
 * (JDK 22+), returning the raw X coordinate of d·P.
 *
 * <p>Timing: {@code secp256k1_ecdh} multiplies with {@code secp256k1_ecmult_const}, whose time, branches and memory
 * accesses do not depend on the scalar, and public keys come from {@code secp256k1_ec_pubkey_create}, the
 * constant-time fixed-base multiply that the randomized context also blinds. No scalar, long-lived or single-use,
 * meets a variable-time multiply, so no blinding is needed and a single trace has no digits to show.
 *
 * <p>Peer points are checked exactly as on the JNI engine before the multiply: 65 bytes with prefix {@code 04}
 * ({@link Secp256k1#validatePublicKey}: 65 bytes, prefix {@code 04}, on the curve), then {@code secp256k1_ec_pubkey_parse} (on the curve, both coordinates
 * below p). Private scalars live in native memory (an automatic {@link Arena}'s segment), never in a Java array
 * longer than it takes to copy them in or out, and are zero-filled on {@link EcdhKeyPair#close()}.
 */
final class FfmKeyAgreement implements EcdhKeyAgreement {
    /** 2·G's X coordinate, the known answer of the start-up self-test. */
    private static final byte[] TWO_G_X = io.venice.e2ee.crypto.Hex.decode(
            "c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5");
    private static final byte[] GENERATOR = io.venice.e2ee.crypto.Hex.decode(
            "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
                    + "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");

    private final FfmLibsecp256k1 lib;
    private final SecureRandom random = new SecureRandom();

    private FfmKeyAgreement(FfmLibsecp256k1 lib) {
        this.lib = lib;
    }

    /** The engine over the library the JNI binding loaded, self-tested; called by {@link FfmEngine#load}. */
    static FfmEngine.Load create() {
        try {
            FfmKeyAgreement engine = new FfmKeyAgreement(FfmLibsecp256k1.open(new SecureRandom()));
            String failure = engine.selfTest();
            if (failure != null) {
                return FfmEngine.Load.problem("libsecp256k1 failed its self-test through java.lang.foreign: " + failure);
            }
            return FfmEngine.Load.loaded(engine, "libsecp256k1 secp256k1_ecdh (constant time) through java.lang.foreign"
                    + " on JDK " + Runtime.version().feature() + ", randomized context");
        } catch (IllegalStateException e) {
            return FfmEngine.Load.problem(e.getMessage());
        }
    }

    /** 1·G must be G and the agreement of 2 with G must be 2·G's X; the failed check, or {@code null}. */
    private String selfTest() {
        byte[] one = new byte[PRIVATE_KEY_LENGTH];
        one[31] = 1;
        byte[] two = new byte[PRIVATE_KEY_LENGTH];
        two[31] = 2;
        try (Pair g = new Pair(one); Pair twice = new Pair(two)) {
            if (!Arrays.equals(g.publicKey, GENERATOR)) {
                return "1·G is not G";
            }
            byte[] x = new byte[SHARED_SECRET_LENGTH];
            twice.sharedSecretX(GENERATOR, 0, x, 0);
            return Arrays.equals(x, TWO_G_X) ? null : "the agreement of 2 and G is not the X of 2·G";
        } catch (InvalidPeerKeyException e) {
            return "G was refused as a peer point";
        }
    }

    @Override
    public EcdhKeyPair generateKeyPair() {
        byte[] d = randomScalar();
        try {
            return new Pair(d);
        } finally {
            Arrays.fill(d, (byte) 0);
        }
    }

    @Override
    public EcdhKeyPair keyPair(SecretBytes privateKey) throws InvalidPrivateKeyException {
        byte[] d = Secp256k1.privateKey(privateKey);
        try {
            return new Pair(d);
        } finally {
            Arrays.fill(d, (byte) 0);
        }
    }

    /** A single-use scalar through the same constant-time multiply: no cheaper path is worth a weaker claim. */
    @Override
    public byte[] ephemeralAgreement(byte[] peer, int peerOffset, byte[] out, int outOffset)
            throws InvalidPeerKeyException {
        Secp256k1.validatePublicKey(peer, peerOffset);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment point = parsed(call, peer, peerOffset);
            MemorySegment e = call.allocate(PRIVATE_KEY_LENGTH);
            MemorySegment x = call.allocate(SHARED_SECRET_LENGTH);
            byte[] scalar = randomScalar();
            MemorySegment.copy(scalar, 0, e, JAVA_BYTE, 0, PRIVATE_KEY_LENGTH);
            Arrays.fill(scalar, (byte) 0);
            try {
                if (!lib.sharedX(x, point, e)) {
                    throw new IllegalStateException("libsecp256k1 refused a scalar in 1..n-1");
                }
                MemorySegment.copy(x, JAVA_BYTE, 0, out, outOffset, SHARED_SECRET_LENGTH);
                MemorySegment publicKey = call.allocate(FfmLibsecp256k1.PUBKEY_SIZE);
                if (!lib.createPublicKey(publicKey, e)) {
                    throw new IllegalStateException("libsecp256k1 refused a scalar in 1..n-1");
                }
                return lib.serialize(publicKey);
            } finally {
                e.fill((byte) 0);
                x.fill((byte) 0);
            }
        }
    }

    @Override
    public void validatePublicKey(byte[] publicKey, int offset) throws InvalidPeerKeyException {
        Secp256k1.validatePublicKey(publicKey, offset);
        try (Arena call = Arena.ofConfined()) {
            parsed(call, publicKey, offset);
        }
    }

    /** The peer point parsed into {@code arena}, after its form was checked; refused when not on the curve. */
    private MemorySegment parsed(Arena arena, byte[] peer, int offset) throws InvalidPeerKeyException {
        MemorySegment point = arena.allocate(FfmLibsecp256k1.PUBKEY_SIZE);
        if (!lib.parse(point, peer, offset)) {
            throw new InvalidPeerKeyException(
                    "public key is not a point on secp256k1 (or a coordinate is not below p)");
        }
        return point;
    }

    private byte[] randomScalar() {
        byte[] d = new byte[PRIVATE_KEY_LENGTH];
        Secp256k1.randomScalar(random, d);
        return d;
    }

    /**
     * A key pair whose scalar lives in native memory. Agreements read it under an optimistic stamp and
     * {@link #close()} zero-fills it under the write lock, so an agreement that overlaps a close is discarded and
     * reported closed rather than returning a value computed from a half-wiped scalar; agreements never wait for
     * one another. The segment belongs to an automatic arena, so its memory (zeros by then) is freed once the pair
     * is unreachable, never while an agreement may still read it.
     */
    private final class Pair implements EcdhKeyPair {
        private final MemorySegment scalar;
        private final byte[] publicKey;
        private final StampedLock lock = new StampedLock();
        private volatile boolean closed;

        /** Copies {@code d} (1 ≤ d &lt; n, checked by the caller, who wipes its array) into native memory. */
        Pair(byte[] d) {
            scalar = Arena.ofAuto().allocate(PRIVATE_KEY_LENGTH);
            MemorySegment.copy(d, 0, scalar, JAVA_BYTE, 0, PRIVATE_KEY_LENGTH);
            try (Arena call = Arena.ofConfined()) {
                MemorySegment point = call.allocate(FfmLibsecp256k1.PUBKEY_SIZE);
                if (!lib.createPublicKey(point, scalar)) {
                    scalar.fill((byte) 0);
                    throw new IllegalStateException("libsecp256k1 refused a scalar in 1..n-1");
                }
                publicKey = lib.serialize(point);
            }
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public SecretBytes privateKey() {
            long stamp = lock.readLock();
            try {
                checkOpen();
                byte[] d = scalar.toArray(JAVA_BYTE);
                try {
                    return SecretBytes.copyOf(d);
                } finally {
                    Arrays.fill(d, (byte) 0);
                }
            } finally {
                lock.unlockRead(stamp);
            }
        }

        @Override
        public void sharedSecretX(byte[] peer, int peerOffset, byte[] out, int outOffset) throws InvalidPeerKeyException {
            Secp256k1.validatePublicKey(peer, peerOffset);
            checkOpen();
            try (Arena call = Arena.ofConfined()) {
                MemorySegment point = parsed(call, peer, peerOffset);
                MemorySegment x = call.allocate(SHARED_SECRET_LENGTH);
                try {
                    long stamp = lock.tryOptimisticRead();
                    boolean multiplied = stamp != 0 && lib.sharedX(x, point, scalar);
                    if (!lock.validate(stamp) || closed) {
                        throw new IllegalStateException("key pair was closed");
                    }
                    if (!multiplied) {
                        throw new IllegalStateException("libsecp256k1 refused a scalar in 1..n-1");
                    }
                    MemorySegment.copy(x, JAVA_BYTE, 0, out, outOffset, SHARED_SECRET_LENGTH);
                } finally {
                    x.fill((byte) 0);
                }
            }
        }

        private void checkOpen() {
            if (closed) {
                throw new IllegalStateException("key pair was closed");
            }
        }

        /** Whether the native scalar is all zeros (what {@link #close()} leaves), read for the tests of close. */
        boolean scalarWiped() {
            long stamp = lock.readLock();
            try {
                return scalar.mismatch(MemorySegment.ofArray(new byte[PRIVATE_KEY_LENGTH])) == -1;
            } finally {
                lock.unlockRead(stamp);
            }
        }

        @Override
        public void close() {
            long stamp = lock.writeLock();
            try {
                closed = true;
                scalar.fill((byte) 0);
            } finally {
                lock.unlockWrite(stamp);
            }
        }

        @Override
        public String toString() {
            return "FfmEcdhKeyPair[private key hidden]";
        }
    }
}
