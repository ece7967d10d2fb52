package io.venice.e2ee.simulator;

import io.venice.e2ee.crypto.Eip191;
import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.envelope.EnvelopeException;
import io.venice.e2ee.envelope.PublicKeyHex;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.SecretBytes;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * An enclave's secp256k1 key for one model: decrypts requests sent to it (ECDH through the crypto SPI) and signs
 * responses (EIP-191 {@code personal_sign}, deterministic RFC 6979 nonces, low s, v = 27/28).
 */
final class ModelKey implements AutoCloseable {
    private static final X9ECParameters X9 = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(X9.getCurve(), X9.getG(), X9.getN(), X9.getH());
    private static final BigInteger N = Secp256k1.N;
    private static final BigInteger HALF_N = N.shiftRight(1);

    private final EcdhKeyPair ecdh;
    private final ECPrivateKeyParameters signingKey;
    private final byte[] publicKey;
    private final EthAddress address;
    private final String publicKeyHex;

    private ModelKey(EcdhKeyPair ecdh) {
        this.ecdh = ecdh;
        try (SecretBytes d = ecdh.privateKey()) {
            byte[] raw = d.copyBytes();
            this.signingKey = new ECPrivateKeyParameters(new BigInteger(1, raw), DOMAIN);
            Arrays.fill(raw, (byte) 0);
        }
        this.publicKey = ecdh.publicKey();
        this.address = EthAddress.ofPublicKey(publicKey);
        this.publicKeyHex = Hex.encode(publicKey);
    }

    /** A fresh key from the given key agreement. */
    static ModelKey generate(EcdhKeyAgreement keyAgreement) {
        return new ModelKey(keyAgreement.generateKeyPair());
    }

    /** The key pair for ECDH with clients' ephemeral keys. */
    EcdhKeyPair ecdh() {
        return ecdh;
    }

    /** Uncompressed public key as 130 lower-case hex digits. */
    String publicKeyHex() {
        return publicKeyHex;
    }

    EthAddress address() {
        return address;
    }

    /** Whether {@code headerValue} names this key (130 or 128 hex digits, any case: {@link PublicKeyHex}'s forms). */
    boolean matches(String headerValue) {
        try {
            return Arrays.equals(PublicKeyHex.parse(headerValue), publicKey);
        } catch (EnvelopeException e) {
            return false;
        }
    }

    /** EIP-191 {@code personal_sign} of {@code text}: {@code 0x} + r ‖ s ‖ v hex, v = 27 or 28. */
    String personalSign(String text) {
        return "0x" + Hex.encode(signDigest(Eip191.hash(text)));
    }

    /** An ECDSA signature of a 32-byte digest: r ‖ s ‖ v (65 bytes, low s, v = 27 or 28). */
    byte[] signDigest(byte[] hash) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, signingKey);
        BigInteger[] rs = signer.generateSignature(hash);
        BigInteger r = rs[0];
        BigInteger s = rs[1].compareTo(HALF_N) > 0 ? N.subtract(rs[1]) : rs[1];
        int recoveryId = recoveryId(hash, r, s);
        byte[] out = new byte[65];
        Secp256k1.writeFixed32(r, out, 0);
        Secp256k1.writeFixed32(s, out, 32);
        out[64] = (byte) (27 + recoveryId);
        return out;
    }

    /** The recovery id (0 or 1) under which (r, s) recovers this key; R.x = r + j·n with j > 0 is negligible. */
    private int recoveryId(byte[] hash, BigInteger r, BigInteger s) {
        BigInteger e = new BigInteger(1, hash);
        ECPoint q = DOMAIN.getCurve().decodePoint(publicKey).normalize();
        for (int recId = 0; recId < 2; recId++) {
            byte[] compressed = new byte[33];
            compressed[0] = (byte) (recId == 0 ? 0x02 : 0x03);
            Secp256k1.writeFixed32(r, compressed, 1);
            ECPoint bigR;
            try {
                bigR = DOMAIN.getCurve().decodePoint(compressed);
            } catch (IllegalArgumentException notOnCurve) {
                continue;
            }
            BigInteger rInv = r.modInverse(N);
            ECPoint candidate = ECAlgorithms.sumOfTwoMultiplies(DOMAIN.getG(), N.subtract(e).multiply(rInv).mod(N),
                    bigR, s.multiply(rInv).mod(N)).normalize();
            if (candidate.equals(q)) {
                return recId;
            }
        }
        throw new IllegalStateException("signature does not recover the signing key");
    }

    /** Decrypt-side check of a header key: 130 hex digits of a valid uncompressed point. */
    static boolean isValidClientKey(String hex) {
        return hex != null && hex.length() == 2 * Secp256k1.PUBLIC_KEY_LENGTH && Hex.isHex(hex)
                && Secp256k1.isValidPublicKey(Hex.decode(hex));
    }

    @Override
    public void close() {
        ecdh.close();
    }

    /** Public data only. */
    @Override
    public String toString() {
        return "ModelKey[" + address.toChecksum() + "]";
    }
}
