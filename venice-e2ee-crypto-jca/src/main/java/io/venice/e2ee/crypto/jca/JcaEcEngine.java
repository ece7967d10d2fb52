package io.venice.e2ee.crypto.jca;

import io.venice.e2ee.crypto.Secp256k1;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One installed JCA provider that offers secp256k1 ({@code KeyPairGenerator}, {@code KeyFactory} and
 * {@code KeyAgreement("ECDH")}), checked by its parameters and by a known answer before it is trusted.
 * Thread-safe: the key factory, which is not, is kept one per thread; a key agreement is made per call, since it
 * keeps its last private key (a blinded scalar) and result (a shared X) until it is used again.
 */
final class JcaEcEngine {
    static final String CURVE = "secp256k1";

    private final Provider provider;
    private final ECParameterSpec params;
    private final ThreadLocal<KeyFactory> keyFactory;

    private JcaEcEngine(Provider provider, ECParameterSpec params) {
        this.provider = provider;
        this.params = params;
        this.keyFactory = ThreadLocal.withInitial(() -> {
            try {
                return KeyFactory.getInstance("EC", provider);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("JCA provider " + provider.getName() + " lost its EC key factory", e);
            }
        });
    }

    /** The outcome of looking for an engine: one of the two fields is set. */
    record Search(JcaEcEngine engine, String reason) {
    }

    /** The first provider, in the given order, that serves secp256k1 correctly; otherwise why none does. */
    static Search find(Provider[] providers) {
        List<String> looked = new ArrayList<>();
        for (Provider p : providers) {
            looked.add(p.getName());
            JcaEcEngine engine = probe(p);
            if (engine != null) {
                return new Search(engine, null);
            }
        }
        return new Search(null, "no installed JCA provider offers " + CURVE + " ECDH (looked at: "
                + (looked.isEmpty() ? "none" : String.join(", ", looked)) + "; the JDK's SunEC dropped " + CURVE
                + " in JDK 16); install one, e.g. BouncyCastle's JCA provider, or add venice-e2ee-crypto-bc or"
                + " venice-e2ee-crypto-native");
    }

    private static JcaEcEngine probe(Provider p) {
        if (p.getService("KeyAgreement", "ECDH") == null || p.getService("KeyFactory", "EC") == null
                || p.getService("KeyPairGenerator", "EC") == null || p.getService("AlgorithmParameters", "EC") == null) {
            return null;
        }
        try {
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC", p);
            ap.init(new ECGenParameterSpec(CURVE));
            ECParameterSpec spec = ap.getParameterSpec(ECParameterSpec.class);
            if (!Secp256k1Math.isSecp256k1(spec)) {
                return null;
            }
            JcaEcEngine engine = new JcaEcEngine(p, spec);
            // known answer: 2·G computed by the provider must match the affine doubling done here
            byte[] expected = new byte[32];
            Secp256k1.writeFixed32(Secp256k1Math.add(Secp256k1.G, Secp256k1.G).getAffineX(), expected, 0);
            return java.util.Arrays.equals(engine.x(BigInteger.TWO, Secp256k1.G), expected) ? engine : null;
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** Name of the JCA provider in use. */
    String providerName() {
        return provider.getName();
    }

    /**
     * The 32-byte X coordinate of {@code k · q} through the provider's ECDH, which multiplies plainly: callers
     * pass only blinded scalars here (see {@link JcaKeyAgreement}).
     */
    byte[] x(BigInteger k, ECPoint q) throws GeneralSecurityException {
        KeyFactory kf = keyFactory.get();
        PrivateKey priv = kf.generatePrivate(new ECPrivateKeySpec(k, params));
        PublicKey pub = kf.generatePublic(new ECPublicKeySpec(q, params));
        javax.crypto.KeyAgreement ka = javax.crypto.KeyAgreement.getInstance("ECDH", provider);
        ka.init(priv);
        ka.doPhase(pub, true);
        byte[] secret = ka.generateSecret();
        byte[] out = new byte[32];
        Secp256k1.copyFixed32(secret, out, 0);
        java.util.Arrays.fill(secret, (byte) 0);
        return out;
    }
}
