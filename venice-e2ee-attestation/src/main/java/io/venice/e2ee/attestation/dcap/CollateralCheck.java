package io.venice.e2ee.attestation.dcap;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.pki.ChainValidator;
import io.venice.e2ee.attestation.pki.EcKeys;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.attestation.pki.ValidatedChain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SignatureException;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Checks that collateral is Intel's and current at a given time: TCB info and QE identity signatures over their
 * exact JSON text by certificates chaining to the trust anchors, both CRLs signed by their issuers, nothing in the
 * PCK chain revoked, and nothing past its {@code nextUpdate}.
 */
public final class CollateralCheck {
    private CollateralCheck() {
    }

    /**
     * Verifies {@code c} for a quote whose PCK chain (leaf first) is {@code pckChain}.
     *
     * @return a one-line description of what held
     * @throws GeneralSecurityException with a one-line reason when something does not hold
     */
    public static String verify(Collateral c, ValidatedChain pckChain, Collection<X509Certificate> anchors,
                                Instant at) throws GeneralSecurityException {
        X509Certificate tcbSigner = signedJson("TCB info", c.tcbInfoIssuerChain(), c.tcbInfo(),
                c.tcbInfoSignature(), anchors, at);
        signedJson("QE identity", c.qeIdentityIssuerChain(), c.qeIdentity(), c.qeIdentitySignature(), anchors, at);
        fresh("TCB info", TcbEvaluator.json("tcb_info", c.tcbInfo()), at);
        fresh("QE identity", TcbEvaluator.json("qe_identity", c.qeIdentity()), at);

        X509CRL rootCrl = c.rootCaCrl();
        crl("root CA CRL", rootCrl, pckChain.anchor(), at);
        X509CRL pckCrl = c.pckCrl();
        // the PCK CRL is checked with the key of the PCK chain's own CA, never with a served issuer chain
        crl("PCK CRL", pckCrl, pckChain.get(1), at);

        X509Certificate leaf = pckChain.leaf();
        if (!pckCrl.getIssuerX500Principal().equals(leaf.getIssuerX500Principal())) {
            throw new CRLException("the PCK CRL is issued by " + pckCrl.getIssuerX500Principal().getName()
                    + " but the PCK certificate by " + leaf.getIssuerX500Principal().getName()
                    + " (platform and processor CAs have separate CRLs)");
        }
        if (pckCrl.isRevoked(leaf)) {
            throw new CRLException("the PCK certificate is revoked (serial " + leaf.getSerialNumber().toString(16) + ")");
        }
        for (X509Certificate ca : pckChain.path().subList(1, pckChain.path().size())) {
            if (ca.getIssuerX500Principal().equals(rootCrl.getIssuerX500Principal()) && rootCrl.isRevoked(ca)) {
                throw new CRLException("the CA certificate " + ca.getSubjectX500Principal().getName() + " is revoked");
            }
        }
        if (rootCrl.isRevoked(tcbSigner)) {
            throw new CRLException("the TCB signing certificate is revoked");
        }
        return "TCB info and QE identity signed by " + tcbSigner.getSubjectX500Principal().getName()
                + "; CRLs valid, PCK chain not revoked; all current at " + at;
    }

    private static X509Certificate signedJson(String what, String chainPem, String text, byte[] sig,
                                              Collection<X509Certificate> anchors, Instant at)
            throws GeneralSecurityException {
        List<X509Certificate> chain = chain(what + " issuer chain", chainPem);
        X509Certificate signer;
        try {
            signer = ChainValidator.validate(chain, IntelChains.TCB_SIGNING_CHAIN, anchors, at).leaf();
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException(what + " issuer: " + e.getMessage());
        }
        if (!EcKeys.verifyP256(signer.getPublicKey(), text.getBytes(StandardCharsets.UTF_8), sig)) {
            throw new SignatureException(what + " signature does not verify over its JSON text");
        }
        return signer;
    }

    private static List<X509Certificate> chain(String what, String pem) throws CertificateException {
        try {
            return Pem.certificates(pem);
        } catch (CertificateException e) {
            throw new CertificateException(what + ": " + e.getMessage());
        }
    }

    private static void fresh(String what, JsonNode body, Instant at) throws GeneralSecurityException {
        JsonNode next = body.path("nextUpdate");
        if (!next.isTextual()) {
            throw new GeneralSecurityException(what + " has no nextUpdate");
        }
        Instant until;
        try {
            until = Instant.parse(next.textValue());
        } catch (java.time.format.DateTimeParseException e) {
            throw new GeneralSecurityException(what + " nextUpdate is not a timestamp");
        }
        if (at.isAfter(until)) {
            throw new GeneralSecurityException(what + " expired at " + until + " (nextUpdate) before the verification"
                    + " time " + at + "; fetch current collateral");
        }
    }

    private static void crl(String what, X509CRL crl, X509Certificate issuer, Instant at)
            throws GeneralSecurityException {
        if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            throw new CRLException(what + " is issued by " + crl.getIssuerX500Principal().getName() + ", not by "
                    + issuer.getSubjectX500Principal().getName());
        }
        try {
            crl.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CRLException(what + " signature does not verify");
        }
        if (crl.getNextUpdate() != null && at.isAfter(crl.getNextUpdate().toInstant())) {
            throw new CRLException(what + " expired at " + crl.getNextUpdate().toInstant() + " (nextUpdate) before the"
                    + " verification time " + at + "; fetch current collateral");
        }
    }
}
