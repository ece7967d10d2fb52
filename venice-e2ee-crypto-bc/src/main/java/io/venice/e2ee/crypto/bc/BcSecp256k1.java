package io.venice.e2ee.crypto.bc;

import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

import java.math.BigInteger;

/** secp256k1 domain parameters on BouncyCastle, and the validated decoding every agreement performs first. */
final class BcSecp256k1 {
    static final X9ECParameters X9 = CustomNamedCurves.getByName("secp256k1");
    static final ECDomainParameters DOMAIN = new ECDomainParameters(X9.getCurve(), X9.getG(), X9.getN(), X9.getH());
    static final ECCurve CURVE = DOMAIN.getCurve();
    static final BigInteger N = DOMAIN.getN();

    private BcSecp256k1() {
    }

    /**
     * The peer point, validated by {@link Secp256k1#decodePublicKey} (the project's one statement of the rules) and
     * then handed to BouncyCastle without a second check.
     */
    static ECPoint decodePoint(byte[] buf, int offset) throws InvalidPeerKeyException {
        java.security.spec.ECPoint q = Secp256k1.decodePublicKey(buf, offset);
        return CURVE.createPoint(q.getAffineX(), q.getAffineY());
    }
}
