package io.venice.e2ee.bench;

import fr.acinq.secp256k1.Secp256k1;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import javax.crypto.KeyAgreement;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * The floor: the raw, unprotected engines beneath the providers. Decode and validate the peer point, multiply by
 * the private scalar directly (variable time in the scalar: for measurement only, never for a real key), take X.
 * {@code bc} is BouncyCastle's {@code ECPoint.multiply}; {@code jca} is one plain {@code KeyAgreement("ECDH")} of
 * BouncyCastle's JCA provider (the engine beneath the jca provider, key conversion through {@code KeyFactory}
 * included); {@code native-jni} is libsecp256k1's {@code pubKeyTweakMul} through the JNI binding;
 * {@code native-ffm} is the same variable-time {@code secp256k1_ec_pubkey_tweak_mul} through {@code java.lang.foreign}
 * (parse, multiply, serialize), the floor of the constant-time engine. {@code native-ffm-ecdh-sha256} is not a floor:
 * it is {@code secp256k1_ecdh} with the library's own SHA-256 hash instead of the engine's X-copying upcall, so the
 * two side by side show what the upcall costs. The FFM cases need JDK 22+ with native access.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EcdhFloorBench {
    private static final X9ECParameters SECP256K1 = CustomNamedCurves.getByName("secp256k1");

    /** Engine name. */
    @Param({"bc", "jca", "native-jni", "native-ffm", "native-ffm-ecdh-sha256"})
    public String keyAgreement;

    private ECCurve curve;
    private BigInteger d;
    private byte[] d32;
    private byte[][] peers;
    private Secp256k1 secp;
    private KeyFactory jcaKeys;
    private KeyAgreement jcaAgreement;
    private PrivateKey jcaPrivate;
    private ECParameterSpec jcaParams;
    private FfmMultiply ffm;
    private int next;

    /** A random scalar and a pool of peer points. */
    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        curve = SECP256K1.getCurve();
        d = new BigInteger(255, random).add(BigInteger.ONE);
        d32 = io.venice.e2ee.crypto.Secp256k1.toFixed32(d);
        peers = new byte[EcdhBench.PEERS][];
        for (int i = 0; i < peers.length; i++) {
            peers[i] = SECP256K1.getG().multiply(new BigInteger(255, random).add(BigInteger.ONE)).normalize()
                    .getEncoded(false);
        }
        if (keyAgreement.equals("native-jni")) {
            secp = Secp256k1.get();
        }
        if (keyAgreement.startsWith("native-ffm")) {
            ffm = FfmMultiply.create(keyAgreement.equals("native-ffm"), d32);
        }
        if (keyAgreement.equals("jca")) {
            BenchProviders.installBouncyCastleJca();
            try {
                AlgorithmParameters params = AlgorithmParameters.getInstance("EC", BouncyCastleProvider.PROVIDER_NAME);
                params.init(new ECGenParameterSpec("secp256k1"));
                jcaParams = params.getParameterSpec(ECParameterSpec.class);
                jcaKeys = KeyFactory.getInstance("EC", BouncyCastleProvider.PROVIDER_NAME);
                jcaAgreement = KeyAgreement.getInstance("ECDH", BouncyCastleProvider.PROVIDER_NAME);
                jcaPrivate = jcaKeys.generatePrivate(new ECPrivateKeySpec(d, jcaParams));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("BouncyCastle's JCA provider offers no secp256k1 ECDH", e);
            }
        }
    }

    /** One unprotected multiply, with point decoding and validation, returning X. */
    @Benchmark
    public byte[] rawMultiply() {
        byte[] peer = peers[next++ & (EcdhBench.PEERS - 1)];
        if (ffm != null) {
            return ffm.xOf(peer);
        }
        if (secp != null) {
            return secp.pubKeyTweakMul(peer, d32);
        }
        if (jcaAgreement != null) {
            try {
                java.security.spec.ECPoint w = new java.security.spec.ECPoint(
                        new BigInteger(1, Arrays.copyOfRange(peer, 1, 33)), new BigInteger(1, Arrays.copyOfRange(peer, 33, 65)));
                PublicKey pub = jcaKeys.generatePublic(new ECPublicKeySpec(w, jcaParams));
                jcaAgreement.init(jcaPrivate);
                jcaAgreement.doPhase(pub, true);
                return jcaAgreement.generateSecret();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        ECPoint p = curve.decodePoint(peer);
        return p.multiply(d).normalize().getAffineXCoord().getEncoded();
    }
}
