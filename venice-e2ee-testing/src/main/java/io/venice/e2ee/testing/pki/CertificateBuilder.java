package io.venice.e2ee.testing.pki;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * Writes one X.509 v3 certificate with every field under the caller's control, including the wrong ones a forgery
 * needs: any subject and issuer name, any signing key, validity in the past or future, CA or not, missing basic
 * constraints or key usage, extra extensions, another signature algorithm, or a declared algorithm that differs from
 * the one actually used. Defaults are those of a well-formed certificate: a random serial, key identifiers, an end
 * entity with {@code digitalSignature}, valid 2020 to 2100, signed with the issuer curve's ECDSA hash.
 */
public final class CertificateBuilder {
    /** Default start of validity. */
    public static final Instant DEFAULT_NOT_BEFORE = Instant.parse("2020-01-01T00:00:00Z");
    /** Default end of validity. */
    public static final Instant DEFAULT_NOT_AFTER = Instant.parse("2100-01-01T00:00:00Z");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X500Name subject;
    private final PublicKey publicKey;
    private X500Name issuer;
    private PrivateKey issuerKey;
    private PublicKey issuerPublicKey;
    private Instant notBefore = DEFAULT_NOT_BEFORE;
    private Instant notAfter = DEFAULT_NOT_AFTER;
    private BigInteger serial;
    private boolean ca;
    private Integer pathLength;
    private boolean basicConstraints = true;
    private Integer keyUsage;
    private boolean keyIdentifiers = true;
    private String signatureAlgorithm;
    private String declaredAlgorithm;
    private final List<Extension> extensions = new ArrayList<>();

    private CertificateBuilder(X500Principal subject, PublicKey publicKey) {
        this.subject = name(subject);
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    }

    /**
     * A certificate for {@code publicKey} named {@code subjectDn}, RFC 4514 text read as the JDK reads it (the most
     * specific name first: {@code CN=...,O=...,C=US}).
     */
    public static CertificateBuilder subject(String subjectDn, PublicKey publicKey) {
        return new CertificateBuilder(new X500Principal(subjectDn), publicKey);
    }

    /** A certificate for {@code publicKey} named exactly {@code subject} (e.g. another certificate's subject). */
    public static CertificateBuilder subject(X500Principal subject, PublicKey publicKey) {
        return new CertificateBuilder(subject, publicKey);
    }

    /** Issued and signed by {@code issuer} (its subject name, byte for byte, becomes the issuer name). */
    public CertificateBuilder issuedBy(Issued issuer) {
        return issuer(issuer.certificate().getSubjectX500Principal(), issuer.keys());
    }

    /** Named as issued by {@code issuerDn} and signed by {@code issuerKeys}, whether or not they belong together. */
    public CertificateBuilder issuer(String issuerDn, KeyPair issuerKeys) {
        return issuer(new X500Principal(issuerDn), issuerKeys);
    }

    /** Named as issued by {@code issuer} and signed by {@code issuerKeys}, whether or not they belong together. */
    public CertificateBuilder issuer(X500Principal issuer, KeyPair issuerKeys) {
        this.issuer = name(issuer);
        this.issuerKey = issuerKeys.getPrivate();
        this.issuerPublicKey = issuerKeys.getPublic();
        return this;
    }

    /** A BouncyCastle name with exactly the principal's encoding. */
    static X500Name name(X500Principal principal) {
        return X500Name.getInstance(Objects.requireNonNull(principal, "principal").getEncoded());
    }

    /** Self-signed with {@code keys} (which should hold the subject's public key for a valid self-signature). */
    public CertificateBuilder selfSigned(KeyPair keys) {
        this.issuer = subject;
        this.issuerKey = keys.getPrivate();
        this.issuerPublicKey = keys.getPublic();
        return this;
    }

    /** Valid from {@code from} to {@code to} (either may be in the past, or reversed). */
    public CertificateBuilder validity(Instant from, Instant to) {
        this.notBefore = Objects.requireNonNull(from, "from");
        this.notAfter = Objects.requireNonNull(to, "to");
        return this;
    }

    /** The serial number (random 120 bits by default). */
    public CertificateBuilder serial(BigInteger serial) {
        this.serial = Objects.requireNonNull(serial, "serial");
        return this;
    }

    /** A CA ({@code keyCertSign} and {@code cRLSign}) with an optional path length constraint. */
    public CertificateBuilder ca(Integer pathLength) {
        this.ca = true;
        this.pathLength = pathLength;
        return this;
    }

    /** Key usage bits (BouncyCastle's {@link KeyUsage} constants), replacing the default for a CA or end entity. */
    public CertificateBuilder keyUsage(int bits) {
        this.keyUsage = bits;
        return this;
    }

    /** Leaves out the basic constraints extension. */
    public CertificateBuilder withoutBasicConstraints() {
        this.basicConstraints = false;
        return this;
    }

    /** Leaves out the key usage extension. */
    public CertificateBuilder withoutKeyUsage() {
        this.keyUsage = -1;
        return this;
    }

    /** Leaves out the subject and authority key identifiers. */
    public CertificateBuilder withoutKeyIdentifiers() {
        this.keyIdentifiers = false;
        return this;
    }

    /** Adds an extension with a DER-encoded value. */
    public CertificateBuilder extension(String oid, boolean critical, byte[] derValue) {
        extensions.add(new Extension(new ASN1ObjectIdentifier(oid), critical, derValue));
        return this;
    }

    /** Signs with the JDK algorithm {@code name} (e.g. {@code SHA1withECDSA}) instead of the issuer curve's. */
    public CertificateBuilder signatureAlgorithm(String name) {
        this.signatureAlgorithm = Objects.requireNonNull(name, "name");
        return this;
    }

    /** Declares {@code name} as the signature algorithm while signing with the actual one. */
    public CertificateBuilder declaredSignatureAlgorithm(String name) {
        this.declaredAlgorithm = Objects.requireNonNull(name, "name");
        return this;
    }

    /** The certificate. */
    public X509Certificate build() {
        if (issuer == null) {
            throw new IllegalStateException("set the issuer: issuedBy, issuer or selfSigned");
        }
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                    serial != null ? serial : new BigInteger(120, RANDOM).add(BigInteger.ONE), Date.from(notBefore),
                    Date.from(notAfter), subject, publicKey);
            if (keyIdentifiers) {
                JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
                b.addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(publicKey));
                b.addExtension(Extension.authorityKeyIdentifier, false,
                        ids.createAuthorityKeyIdentifier(issuerPublicKey));
            }
            if (basicConstraints) {
                b.addExtension(Extension.basicConstraints, true, !ca ? new BasicConstraints(false)
                        : pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength));
            }
            int usage = keyUsage != null ? keyUsage
                    : ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature | KeyUsage.nonRepudiation;
            if (usage >= 0) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            }
            for (Extension e : extensions) {
                b.addExtension(e);
            }
            X509CertificateHolder holder = b.build(signer(issuerKey, issuerPublicKey, signatureAlgorithm,
                    declaredAlgorithm));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue test certificate " + subject, e);
        }
    }

    /** A content signer for {@code key}, declaring {@code declared} when given. */
    static ContentSigner signer(PrivateKey key, PublicKey publicKey, String algorithm, String declared)
            throws OperatorCreationException {
        String actual = algorithm != null ? algorithm : defaultAlgorithm(publicKey);
        ContentSigner signer = new JcaContentSignerBuilder(actual).setSecureRandom(RANDOM).build(key);
        if (declared == null) {
            return signer;
        }
        AlgorithmIdentifier claimed = new DefaultSignatureAlgorithmIdentifierFinder().find(declared);
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return claimed;
            }

            @Override
            public OutputStream getOutputStream() {
                return signer.getOutputStream();
            }

            @Override
            public byte[] getSignature() {
                return signer.getSignature();
            }
        };
    }

    /** The ECDSA hash of the signing key's curve (SHA-384 on P-384, else SHA-256), or SHA-256 with RSA. */
    static String defaultAlgorithm(PublicKey signerKey) {
        if (signerKey instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() > 256
                    ? Curve.P384.signatureAlgorithm() : Curve.P256.signatureAlgorithm();
        }
        return "SHA256with" + signerKey.getAlgorithm();
    }
}
