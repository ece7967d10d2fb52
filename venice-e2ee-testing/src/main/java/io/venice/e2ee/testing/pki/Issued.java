package io.venice.e2ee.testing.pki;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * A certificate of a test PKI together with the key pair it certifies, so that it can sign what it is meant to sign
 * (certificates, CRLs, quotes, evidence) or be replaced by a forgery with the same name.
 *
 * @param certificate the certificate
 * @param keys        the key pair whose public key it certifies
 */
public record Issued(X509Certificate certificate, KeyPair keys) {
    /** Validates the parts. */
    public Issued {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(keys, "keys");
    }

    /** The subject name as RFC 2253 text (the JDK's form: most specific first). */
    public String name() {
        return certificate.getSubjectX500Principal().getName();
    }

    /** The subject name, exactly as encoded (to copy it into a forgery). */
    public X500Principal principal() {
        return certificate.getSubjectX500Principal();
    }

    /** The certificate as PEM text. */
    public String pem() {
        return Pems.certificate(certificate);
    }
}
