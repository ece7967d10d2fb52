package io.venice.e2ee.testing.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * Writes one X.509 v2 CRL with every field under the caller's control: any issuer name and signing key, this and next
 * update (in the past, or no next update at all), revoked serials, another or a mis-declared signature algorithm.
 * Defaults: CRL number 1, the issuer's key identifier, valid 2020 to 2100, nothing revoked.
 */
public final class CrlBuilder {
    private final X500Name issuer;
    private final PrivateKey key;
    private final PublicKey publicKey;
    private Instant thisUpdate = CertificateBuilder.DEFAULT_NOT_BEFORE;
    private Instant nextUpdate = CertificateBuilder.DEFAULT_NOT_AFTER;
    private BigInteger number = BigInteger.ONE;
    private String signatureAlgorithm;
    private String declaredAlgorithm;
    private boolean extensions = true;
    private final Map<BigInteger, Instant> revoked = new LinkedHashMap<>();

    private CrlBuilder(X500Principal issuer, KeyPair keys) {
        this.issuer = CertificateBuilder.name(issuer);
        this.key = keys.getPrivate();
        this.publicKey = keys.getPublic();
    }

    /** A CRL issued and signed by {@code issuer} (its subject name, byte for byte, is the CRL's issuer). */
    public static CrlBuilder issuedBy(Issued issuer) {
        return new CrlBuilder(issuer.certificate().getSubjectX500Principal(), issuer.keys());
    }

    /**
     * A CRL named as issued by {@code issuerDn} (RFC 4514, read as the JDK reads it) and signed by {@code keys},
     * whether or not they belong together.
     */
    public static CrlBuilder issuer(String issuerDn, KeyPair keys) {
        return new CrlBuilder(new X500Principal(issuerDn), keys);
    }

    /** When it was issued. */
    public CrlBuilder thisUpdate(Instant at) {
        this.thisUpdate = Objects.requireNonNull(at, "at");
        return this;
    }

    /** When the next one is due; null for none. */
    public CrlBuilder nextUpdate(Instant at) {
        this.nextUpdate = at;
        return this;
    }

    /** The CRL number. */
    public CrlBuilder number(BigInteger number) {
        this.number = Objects.requireNonNull(number, "number");
        return this;
    }

    /** Revokes the certificate with {@code serial} as of {@code at}. */
    public CrlBuilder revoke(BigInteger serial, Instant at) {
        revoked.put(Objects.requireNonNull(serial, "serial"), Objects.requireNonNull(at, "at"));
        return this;
    }

    /** Revokes {@code cert} as of this CRL's {@link #thisUpdate(Instant)}. */
    public CrlBuilder revoke(X509Certificate cert) {
        return revoke(cert.getSerialNumber(), thisUpdate);
    }

    /** Signs with the JDK algorithm {@code name} instead of the issuer curve's. */
    public CrlBuilder signatureAlgorithm(String name) {
        this.signatureAlgorithm = Objects.requireNonNull(name, "name");
        return this;
    }

    /** Declares {@code name} as the signature algorithm while signing with the actual one. */
    public CrlBuilder declaredSignatureAlgorithm(String name) {
        this.declaredAlgorithm = Objects.requireNonNull(name, "name");
        return this;
    }

    /** Leaves out the CRL number and the authority key identifier. */
    public CrlBuilder withoutExtensions() {
        this.extensions = false;
        return this;
    }

    /** The CRL. */
    public X509CRL build() {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(issuer, Date.from(thisUpdate));
            if (nextUpdate != null) {
                b.setNextUpdate(Date.from(nextUpdate));
            }
            if (extensions) {
                b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
                b.addExtension(Extension.authorityKeyIdentifier, false,
                        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(publicKey));
            }
            revoked.forEach((serial, at) -> b.addCRLEntry(serial, Date.from(at), CRLReason.unspecified));
            return new JcaX509CRLConverter().getCRL(b.build(CertificateBuilder.signer(key, publicKey,
                    signatureAlgorithm, declaredAlgorithm)));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a test CRL of " + issuer, e);
        }
    }
}
