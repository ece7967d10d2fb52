package io.venice.e2ee.attestation.pki;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a certificate chain (leaf first) to a set of trust anchors with the JDK's PKIX validator, at a given time.
 * A self-signed root at the end of the chain is dropped: only the anchors are trusted. Every other certificate is
 * validated, the leaf included, so a self-signed certificate in front of genuine ones fails instead of being skipped.
 * Revocation is checked separately against the CRLs the caller has (no network access here).
 */
public final class ChainValidator {
    private ChainValidator() {
    }

    /**
     * Validates {@code chain} to one of {@code anchors} at {@code at}.
     *
     * @return the anchor the chain ends at
     * @throws GeneralSecurityException with a message saying which certificate failed and why
     */
    public static X509Certificate validate(List<X509Certificate> chain, Collection<X509Certificate> anchors,
                                           Instant at) throws GeneralSecurityException {
        if (chain.isEmpty()) {
            throw new CertPathValidatorException("the certificate chain is empty");
        }
        List<X509Certificate> path = new ArrayList<>(chain);
        X509Certificate last = path.get(path.size() - 1);
        if (path.size() > 1 && last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
            // the root as carried: trusted only if it is one of the anchors, which PKIX takes from the anchors
            path.remove(path.size() - 1);
        }
        Set<TrustAnchor> trust = new LinkedHashSet<>();
        for (X509Certificate a : anchors) {
            trust.add(new TrustAnchor(a, null));
        }
        PKIXParameters params;
        try {
            params = new PKIXParameters(trust);
        } catch (InvalidAlgorithmParameterException e) {
            throw new CertPathValidatorException("no trust anchor configured");
        }
        params.setRevocationEnabled(false);
        params.setDate(Date.from(at));
        CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
        try {
            return ((java.security.cert.PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
                    .validate(cp, params)).getTrustAnchor().getTrustedCert();
        } catch (CertPathValidatorException e) {
            int index = e.getIndex();
            String which = index >= 0 && index < path.size()
                    ? " at certificate " + index + " (" + path.get(index).getSubjectX500Principal().getName() + ")"
                    : "";
            throw new CertPathValidatorException("chain does not validate" + which + ": " + e.getMessage()
                    + " [" + e.getReason() + "]");
        }
    }
}
