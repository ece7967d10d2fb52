package io.venice.e2ee.attestation.dcap;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.pki.ChainValidator;
import io.venice.e2ee.attestation.pki.EcKeys;
import io.venice.e2ee.attestation.pki.Pem;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SignatureException;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;

/**
 * Checks one Intel PCS answer on its own, as it arrives: signed by a certificate chaining to the trust anchors and
 * current at a given time. A live verifier asks this before it keeps an answer for later sessions, so an answer that
 * fails its signature or is stale is never kept; the answer is then checked again, with the quote it serves, by
 * {@link CollateralCheck} during verification. Each check returns until when the answer may be kept: its
 * {@code nextUpdate}, or sooner if a certificate of its issuer chain expires first.
 */
public final class PcsAnswers {
    private PcsAnswers() {
    }

    /**
     * Checks a signed JSON answer ({@code {"tcbInfo":{...},"signature":"..."}} or {@code {"enclaveIdentity":...}}):
     * its issuer chain (PEM, leaf first) validates to {@code anchors} at {@code at}, the signature covers the inner
     * object's exact text, and {@code at} is not past its {@code nextUpdate}.
     *
     * @param member {@code tcbInfo} or {@code enclaveIdentity}
     * @return until when the answer is current
     * @throws GeneralSecurityException with a one-line reason when it is not Intel's (or the anchors') or not current
     */
    public static Instant signedJson(String member, String body, String issuerChainPem,
                                     Collection<X509Certificate> anchors, Instant at) throws GeneralSecurityException {
        String field = member.equals("tcbInfo") ? "tcb_info" : "qe_identity";
        String inner = SignedJson.inner(field, body, member);
        byte[] signature = SignedJson.signature(field + "_signature", body);
        List<X509Certificate> chain = Pem.certificates(issuerChainPem);
        ChainValidator.validate(chain, anchors, at);
        if (!EcKeys.verifyP256(chain.get(0).getPublicKey(), inner.getBytes(StandardCharsets.UTF_8), signature)) {
            throw new SignatureException(member + " signature does not verify over its JSON text");
        }
        JsonNode next = TcbEvaluator.json(field, inner).path("nextUpdate");
        Instant until;
        try {
            until = Instant.parse(next.asText(""));
        } catch (DateTimeParseException e) {
            throw new GeneralSecurityException(member + " has no valid nextUpdate");
        }
        return current(member, until, chain, at);
    }

    /**
     * Checks a CRL: its issuer chain (PEM, leaf = the CRL's issuer) validates to {@code anchors} at {@code at}, the CRL
     * is signed by that issuer, and {@code at} is not past its {@code nextUpdate}.
     *
     * @return until when the CRL is current
     * @throws GeneralSecurityException with a one-line reason when it does not hold
     */
    public static Instant crl(String what, X509CRL crl, String issuerChainPem, Collection<X509Certificate> anchors,
                              Instant at) throws GeneralSecurityException {
        List<X509Certificate> chain = Pem.certificates(issuerChainPem);
        ChainValidator.validate(chain, anchors, at);
        return signedCrl(what, crl, chain.get(0), chain, at);
    }

    /**
     * Checks a root CA's CRL, which comes with no issuer chain: it must be issued and signed by one of
     * {@code anchors} and current at {@code at}.
     *
     * @return until when the CRL is current
     * @throws GeneralSecurityException when no anchor issued it, or it is not current
     */
    public static Instant rootCrl(String what, X509CRL crl, Collection<X509Certificate> anchors, Instant at)
            throws GeneralSecurityException {
        for (X509Certificate anchor : anchors) {
            if (anchor.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                try {
                    return signedCrl(what, crl, anchor, List.of(anchor), at);
                } catch (SignatureException e) {
                    // another anchor may carry the same name
                }
            }
        }
        throw new CRLException(what + " is issued by " + crl.getIssuerX500Principal().getName()
                + ", which is none of the trust anchors (or its signature does not verify)");
    }

    private static Instant signedCrl(String what, X509CRL crl, X509Certificate issuer, List<X509Certificate> chain,
                                     Instant at) throws GeneralSecurityException {
        if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            throw new CRLException(what + " is issued by " + crl.getIssuerX500Principal().getName() + ", not by "
                    + issuer.getSubjectX500Principal().getName());
        }
        try {
            crl.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new SignatureException(what + " signature does not verify");
        }
        if (crl.getNextUpdate() == null) {
            throw new CRLException(what + " has no nextUpdate");
        }
        return current(what, crl.getNextUpdate().toInstant(), chain, at);
    }

    private static Instant current(String what, Instant nextUpdate, List<X509Certificate> chain, Instant at)
            throws GeneralSecurityException {
        if (at.isAfter(nextUpdate)) {
            throw new GeneralSecurityException(what + " expired at " + nextUpdate + " (nextUpdate), before " + at);
        }
        Instant until = nextUpdate;
        for (X509Certificate c : chain) {
            Instant notAfter = c.getNotAfter().toInstant();
            if (notAfter.isBefore(until)) {
                until = notAfter;
            }
        }
        return until;
    }
}
