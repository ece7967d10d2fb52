package io.venice.e2ee.crypto.bc;

import io.venice.e2ee.spi.InvalidPeerKeyException;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

import java.math.BigInteger;

/** secp256k1 domain parameters and the point validation every agreement performs first. */
final class BcSecp256k1 {
    static final X9ECParameters X9 = CustomNamedCurves.getByName("secp256k1");
    static final ECDomainParameters DOMAIN = new ECDomainParameters(X9.getCurve(), X9.getG(), X9.getN(), X9.getH());
    static final ECCurve CURVE = DOMAIN.getCurve();
    static final BigInteger N = DOMAIN.getN();
    static final BigInteger P = CURVE.getField().getCharacteristic();

    private BcSecp256k1() {
    }

    /**
     * Decodes and validates an uncompressed point: 65 bytes, prefix 04, both coordinates below p, on the curve,
     * not infinity (secp256k1 has cofactor 1, so every curve point other than infinity is in the prime-order group).
     */
    static ECPoint decodePoint(byte[] buf, int offset) throws InvalidPeerKeyException {
        if (buf == null || buf.length - offset < 65) {
            throw new InvalidPeerKeyException("public key must be 65 bytes (uncompressed)");
        }
        if (buf[offset] != 0x04) {
            throw new InvalidPeerKeyException(buf[offset] == 0x00
                    ? "public key is the point at infinity"
                    : "public key is not uncompressed (prefix must be 04)");
        }
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(buf, offset + 1, offset + 33));
        BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(buf, offset + 33, offset + 65));
        if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
            throw new InvalidPeerKeyException("public key coordinate is not below the field prime");
        }
        ECPoint point;
        try {
            point = CURVE.validatePoint(x, y);
        } catch (IllegalArgumentException e) {
            throw new InvalidPeerKeyException("public key is not a point on secp256k1");
        }
        if (point.isInfinity()) {
            throw new InvalidPeerKeyException("public key is the point at infinity");
        }
        return point;
    }

    /** Checks 1 &le; d &lt; n. */
    static BigInteger scalar(byte[] d32) throws InvalidPeerKeyException {
        if (d32.length != 32) {
            throw new InvalidPeerKeyException("private key must be 32 bytes");
        }
        BigInteger d = new BigInteger(1, d32);
        if (d.signum() == 0 || d.compareTo(N) >= 0) {
            throw new InvalidPeerKeyException("private key is not in the range 1..n-1");
        }
        return d;
    }

    /** Writes {@code v} as exactly 32 big-endian bytes (keeping leading zeros). */
    static void writeFixed32(BigInteger v, byte[] out, int offset) {
        byte[] b = v.toByteArray();
        int len = Math.min(b.length, 32);
        int srcStart = b.length - len;
        java.util.Arrays.fill(out, offset, offset + 32 - len, (byte) 0);
        System.arraycopy(b, srcStart, out, offset + 32 - len, len);
        java.util.Arrays.fill(b, (byte) 0);
    }
}
