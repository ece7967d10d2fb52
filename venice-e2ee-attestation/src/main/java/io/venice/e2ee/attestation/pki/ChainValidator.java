package io.venice.e2ee.attestation.pki;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Validates a certificate chain (leaf first) to a set of pinned trust anchors with the JDK's PKIX validator, at a
 * given time. The only certificate that is not validated is a trailing one byte-identical to an anchor (the anchor
 * stands for it); every other certificate is, the leaf included, so the leaf of the result is the certificate whose
 * key may be used. Refused besides what PKIX refuses: an empty chain or one holding nothing but an anchor, a trust
 * anchor or another self-signed certificate inside the path, and an anchor that is not valid at the time (PKIX does
 * not look at the anchor's own dates). A {@link ChainProfile} adds the length, names and algorithms a kind of chain
 * must have. Revocation is checked separately against the CRLs the caller has (no network access here).
 */
public final class ChainValidator {
    private ChainValidator() {
    }

    /**
     * Validates {@code chain} to one of {@code anchors} at {@code at}, with no rule beyond those above.
     *
     * @throws GeneralSecurityException with a message saying which certificate failed and why
     */
    public static ValidatedChain validate(List<X509Certificate> chain, Collection<X509Certificate> anchors,
                                          Instant at) throws GeneralSecurityException {
        return validate(chain, ChainProfile.any("certificate chain"), anchors, at);
    }

    /**
     * Validates {@code chain} to one of {@code anchors} at {@code at} under {@code profile}.
     *
     * @throws GeneralSecurityException with a message naming the chain, the certificate at fault and why
     */
    public static ValidatedChain validate(List<X509Certificate> chain, ChainProfile profile,
                                          Collection<X509Certificate> anchors, Instant at)
            throws GeneralSecurityException {
        String what = profile.name();
        if (anchors.isEmpty()) {
            throw new CertPathValidatorException(what + ": no trust anchor configured");
        }
        if (chain.isEmpty()) {
            throw new CertPathValidatorException(what + " is empty");
        }
        if (profile.length() > 0 && chain.size() != profile.length()) {
            throw new CertPathValidatorException(what + " has " + chain.size() + " certificates; it must have exactly "
                    + profile.length() + " (" + profile.shape() + ")");
        }
        List<X509Certificate> path = new ArrayList<>(chain);
        X509Certificate carried = anchorEqualTo(path.get(path.size() - 1), anchors);
        if (carried != null) {
            path.remove(path.size() - 1);
        } else if (profile.anchorCarried()) {
            throw new CertPathValidatorException(what + ": its last certificate ("
                    + name(chain.get(chain.size() - 1)) + ") is not a pinned trust anchor; it must end with one,"
                    + " byte for byte (" + profile.shape() + ")");
        }
        if (path.isEmpty()) {
            throw new CertPathValidatorException(what + " holds only a trust anchor: no certificate to validate");
        }
        for (int i = 0; i < path.size(); i++) {
            X509Certificate c = path.get(i);
            if (anchorEqualTo(c, anchors) != null) {
                throw new CertPathValidatorException(what + ": certificate " + i + " (" + name(c) + ") is a trust"
                        + " anchor itself; an anchor may only end the chain");
            }
            if (c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                throw new CertPathValidatorException(what + ": certificate " + i + " (" + name(c) + ") is"
                        + " self-signed but not a pinned trust anchor");
            }
            profileRules(profile, i, c);
        }
        X509Certificate anchor = pkix(what, path, anchors, at);
        if (carried != null && carried != anchor && !Arrays.equals(encoded(carried), encoded(anchor))) {
            throw new CertPathValidatorException(what + " ends with " + name(carried) + " but chains to "
                    + name(anchor));
        }
        try {
            anchor.checkValidity(Date.from(at));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new CertPathValidatorException(what + ": the trust anchor " + name(anchor) + " is not valid at " + at
                    + " (valid " + anchor.getNotBefore().toInstant() + " to " + anchor.getNotAfter().toInstant() + ")");
        }
        return new ValidatedChain(path, anchor);
    }

    /** The subject's common name, or null when it has none. */
    public static String commonName(X509Certificate cert) throws CertPathValidatorException {
        String cn = null;
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName(X500Principal.RFC2253)).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    if (cn != null) {
                        throw new CertPathValidatorException(name(cert) + " has more than one common name");
                    }
                    cn = String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            throw new CertPathValidatorException("the subject name of a certificate cannot be read");
        }
        return cn;
    }

    private static void profileRules(ChainProfile profile, int index, X509Certificate c)
            throws GeneralSecurityException {
        String at = profile.name() + ": certificate " + index + " (" + name(c) + ")";
        if (index < profile.commonNames().size() && !profile.commonNames().get(index).isEmpty()) {
            Set<String> allowed = profile.commonNames().get(index);
            String cn = commonName(c);
            if (cn == null || !allowed.contains(cn)) {
                throw new CertPathValidatorException(at + " must be named CN=" + String.join(" or CN=",
                        new java.util.TreeSet<>(allowed)));
            }
        }
        if (profile.signatureAlgorithmOid() != null && !profile.signatureAlgorithmOid().equals(c.getSigAlgOID())) {
            throw new CertPathValidatorException(at + " is signed with " + c.getSigAlgName() + " (" + c.getSigAlgOID()
                    + "); it must be " + algorithmName(profile.signatureAlgorithmOid()));
        }
        if (profile.curve() != null && !onCurve(c.getPublicKey(), profile.curve())) {
            throw new CertPathValidatorException(at + " carries a " + describe(c.getPublicKey()) + " key; it must be"
                    + " an EC key on " + profile.curve());
        }
    }

    private static X509Certificate pkix(String what, List<X509Certificate> path, Collection<X509Certificate> anchors,
                                        Instant at) throws GeneralSecurityException {
        Set<TrustAnchor> trust = new LinkedHashSet<>();
        for (X509Certificate a : anchors) {
            trust.add(new TrustAnchor(a, null));
        }
        PKIXParameters params;
        try {
            params = new PKIXParameters(trust);
        } catch (InvalidAlgorithmParameterException e) {
            throw new CertPathValidatorException(what + ": no trust anchor configured");
        }
        params.setRevocationEnabled(false);
        params.setDate(Date.from(at));
        CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
        try {
            return ((PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(cp, params))
                    .getTrustAnchor().getTrustedCert();
        } catch (CertPathValidatorException e) {
            int index = e.getIndex();
            String which = index >= 0 && index < path.size()
                    ? " at certificate " + index + " (" + name(path.get(index)) + ")"
                    : "";
            throw new CertPathValidatorException(what + " does not validate" + which + ": " + e.getMessage()
                    + " [" + e.getReason() + "]");
        }
    }

    private static X509Certificate anchorEqualTo(X509Certificate cert, Collection<X509Certificate> anchors)
            throws CertificateEncodingException {
        byte[] der = encoded(cert);
        for (X509Certificate a : anchors) {
            if (Arrays.equals(der, encoded(a))) {
                return a;
            }
        }
        return null;
    }

    private static byte[] encoded(X509Certificate cert) throws CertificateEncodingException {
        return cert.getEncoded();
    }

    private static boolean onCurve(PublicKey key, String curve) throws GeneralSecurityException {
        if (!(key instanceof ECPublicKey ec)) {
            return false;
        }
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec(curve));
        ECParameterSpec named = p.getParameterSpec(ECParameterSpec.class);
        ECParameterSpec actual = ec.getParams();
        return actual.getCurve().equals(named.getCurve()) && actual.getOrder().equals(named.getOrder())
                && actual.getGenerator().equals(named.getGenerator()) && actual.getCofactor() == named.getCofactor();
    }

    private static String describe(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() + "-bit EC";
        }
        return key.getAlgorithm().toUpperCase(Locale.ROOT);
    }

    private static String algorithmName(String oid) {
        return switch (oid) {
            case ChainProfile.ECDSA_WITH_SHA256 -> "ecdsa-with-SHA256 (" + oid + ")";
            case ChainProfile.ECDSA_WITH_SHA384 -> "ecdsa-with-SHA384 (" + oid + ")";
            default -> oid;
        };
    }

    private static String name(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }
}
