package io.venice.e2ee.simulator;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Writes X.509 v3 certificates for the test PKIs with BouncyCastle's ASN.1 classes and a JDK {@link Signature}
 * (ECDSA with SHA-256 for P-256 issuers, SHA-384 for P-384 issuers).
 */
final class X509Builder {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X500Name subject;
    private final PublicKey publicKey;
    private X500Name issuer;
    private KeyPair issuerKeys;
    private Instant notBefore;
    private Instant notAfter;
    private Integer pathLength;
    private boolean ca;
    private final List<Extension> extra = new ArrayList<>();

    private X509Builder(String subjectDn, PublicKey publicKey) {
        this.subject = new X500Name(subjectDn);
        this.publicKey = publicKey;
    }

    /** A certificate for {@code publicKey} named {@code subjectDn} (RFC 4514 text). */
    static X509Builder subject(String subjectDn, PublicKey publicKey) {
        return new X509Builder(subjectDn, publicKey);
    }

    /** Signed by the issuer named {@code issuerDn} holding {@code issuerKeys}. */
    X509Builder issuer(String issuerDn, KeyPair issuerKeys) {
        this.issuer = new X500Name(issuerDn);
        this.issuerKeys = issuerKeys;
        return this;
    }

    X509Builder validity(Instant from, Instant to) {
        this.notBefore = from;
        this.notAfter = to;
        return this;
    }

    /** Marks the certificate as a CA (key usage keyCertSign and cRLSign) with an optional path length. */
    X509Builder ca(Integer pathLength) {
        this.ca = true;
        this.pathLength = pathLength;
        return this;
    }

    /** Adds a non-critical extension with a DER-encoded value. */
    X509Builder extension(ASN1ObjectIdentifier oid, byte[] der) {
        try {
            extra.add(new Extension(oid, false, der));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad extension " + oid, e);
        }
        return this;
    }

    X509Certificate build() {
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
            SubjectPublicKeyInfo issuerSpki = SubjectPublicKeyInfo.getInstance(issuerKeys.getPublic().getEncoded());
            boolean p384 = issuerKeys.getPublic().getEncoded().length > 100;
            AlgorithmIdentifier algorithm = new AlgorithmIdentifier(
                    p384 ? X9ObjectIdentifiers.ecdsa_with_SHA384 : X9ObjectIdentifiers.ecdsa_with_SHA256);

            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId(spki)));
            extensions.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(keyId(issuerSpki)));
            if (ca) {
                extensions.addExtension(Extension.basicConstraints, true,
                        pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength));
                extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            }
            for (Extension e : extra) {
                extensions.addExtension(e);
            }

            V3TBSCertificateGenerator tbsGen = new V3TBSCertificateGenerator();
            tbsGen.setSerialNumber(new ASN1Integer(new BigInteger(120, RANDOM).add(BigInteger.ONE)));
            tbsGen.setSignature(algorithm);
            tbsGen.setIssuer(issuer);
            tbsGen.setSubject(subject);
            tbsGen.setStartDate(new Time(Date.from(notBefore)));
            tbsGen.setEndDate(new Time(Date.from(notAfter)));
            tbsGen.setSubjectPublicKeyInfo(spki);
            tbsGen.setExtensions(extensions.generate());
            TBSCertificate tbs = tbsGen.generateTBSCertificate();

            Signature signer = Signature.getInstance(p384 ? "SHA384withECDSA" : "SHA256withECDSA");
            signer.initSign(issuerKeys.getPrivate(), RANDOM);
            signer.update(tbs.getEncoded(ASN1Encoding.DER));
            byte[] signature = signer.sign();

            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(tbs);
            v.add(algorithm);
            v.add(new DERBitString(signature));
            byte[] der = new DERSequence(v).getEncoded(ASN1Encoding.DER);
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue test certificate " + subject, e);
        }
    }

    private static byte[] keyId(SubjectPublicKeyInfo spki) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-1").digest(spki.getPublicKeyData().getBytes());
    }

    /** PEM text of one certificate (64-character lines, trailing newline). */
    static String pem(X509Certificate cert) {
        try {
            String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode certificate", e);
        }
    }

    /** Concatenated PEM text of a chain, in the given order. */
    static String pem(List<X509Certificate> chain) {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : chain) {
            sb.append(pem(c));
        }
        return sb.toString();
    }
}
