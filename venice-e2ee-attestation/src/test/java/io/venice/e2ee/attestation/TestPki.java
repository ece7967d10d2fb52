package io.venice.e2ee.attestation;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/** A throw-away certificate authority for tests: a root and leaves it signs, on P-256 or P-384. */
public final class TestPki {
    private final String curve;
    private final String signatureAlgorithm;
    private final KeyPair rootKeys;
    private final X509Certificate root;
    private long serial = 2;

    /** A P-256 PKI (as Intel's). */
    public static TestPki p256(String name) {
        return new TestPki("secp256r1", "SHA256withECDSA", name);
    }

    /** A P-384 PKI (as NVIDIA's). */
    public static TestPki p384(String name) {
        return new TestPki("secp384r1", "SHA384withECDSA", name);
    }

    private TestPki(String curve, String signatureAlgorithm, String name) {
        this.curve = curve;
        this.signatureAlgorithm = signatureAlgorithm;
        try {
            this.rootKeys = keyPair();
            X500Name subject = new X500Name("CN=" + name + ", O=Test");
            this.root = sign(subject, subject, rootKeys, rootKeys, true, 1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The root certificate. */
    public X509Certificate root() {
        return root;
    }

    /** A fresh key pair on this PKI's curve. */
    public KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    /** A leaf certificate for {@code keys}, signed by the root. */
    public X509Certificate leaf(String name, KeyPair keys) {
        try {
            return sign(new X500Name("CN=" + name + ", O=Test"), X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
                    keys, rootKeys, false, serial++);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private X509Certificate sign(X500Name subject, X500Name issuer, KeyPair subjectKeys, KeyPair issuerKeys, boolean ca,
                                 long serialNumber) throws Exception {
        Instant now = Instant.parse("2020-01-01T00:00:00Z");
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serialNumber),
                Date.from(now), Date.from(now.plus(36500, ChronoUnit.DAYS)), subject, subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(signatureAlgorithm).build(issuerKeys.getPrivate())));
    }
}
