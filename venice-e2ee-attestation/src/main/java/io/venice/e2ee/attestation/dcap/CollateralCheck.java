package io.venice.e2ee.attestation.dcap;

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
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Checks that collateral is Intel's, current and revokes nothing the quote relies on, rule by rule as Intel's quote
 * verification library does ({@code TCBSigningChain::verify}, {@code PckCertVerifier::verify},
 * {@code PckCrlVerifier::verify}, {@code TCBInfoVerifier}, {@code EnclaveIdentityVerifier}):
 * <ol>
 *   <li>TCB info and QE identity are each signed, over their exact JSON text, by the key of a chain that is exactly
 *   [Intel SGX TCB Signing, the pinned root], the root of the quote's PCK chain;</li>
 *   <li>the root CA CRL is issued and signed by that root, and revokes neither signing certificate nor the PCK
 *   chain's CA;</li>
 *   <li>the PCK CRL is issued and signed by the PCK chain's own CA (never a served issuer chain) and does not revoke
 *   the PCK certificate;</li>
 *   <li>both CRLs carry a CRL number and an authority key identifier, and every piece is current:
 *   {@code issueDate} or {@code thisUpdate} at or before the verification time, {@code nextUpdate} present and at or
 *   after it (equality passes, as in Intel's library).</li>
 * </ol>
 */
public final class CollateralCheck {
    private static final String CRL_NUMBER = "2.5.29.20";
    private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";

    private CollateralCheck() {
    }

    /**
     * Verifies {@code c} for a quote whose PCK chain validated as {@code pck}.
     *
     * @return a one-line description of what held
     * @throws GeneralSecurityException with a one-line reason when something does not hold
     * @throws io.venice.e2ee.attestation.error.AttestationException.MalformedCollateral when the TCB info or QE
     *                                                                                 identity cannot be read
     */
    public static String verify(Collateral c, ValidatedChain pck, Collection<X509Certificate> anchors, Instant at)
            throws GeneralSecurityException {
        X509Certificate root = pck.anchor();
        X509Certificate tcbSigner = signedJson("TCB info", c.tcbInfoIssuerChain(), c.tcbInfo(), c.tcbInfoSignature(),
                root, anchors, at);
        X509Certificate qeSigner = signedJson("QE identity", c.qeIdentityIssuerChain(), c.qeIdentity(),
                c.qeIdentitySignature(), root, anchors, at);

        X509CRL rootCrl = c.rootCaCrl();
        crl("root CA CRL", rootCrl, root, at);
        notRevoked("the TCB info signing certificate", tcbSigner, rootCrl, "root CA CRL");
        notRevoked("the QE identity signing certificate", qeSigner, rootCrl, "root CA CRL");
        X509Certificate pckCa = pck.get(1);
        notRevoked("the PCK chain's CA", pckCa, rootCrl, "root CA CRL");

        // the PCK CRL is checked with the key of the PCK chain's own CA, never with a served issuer chain
        X509CRL pckCrl = c.pckCrl();
        crl("PCK CRL", pckCrl, pckCa, at);
        notRevoked("the PCK certificate", pck.leaf(), pckCrl, "PCK CRL");

        TcbInfo tcb = TcbInfo.parse(c.tcbInfo());
        current("TCB info", tcb.issueDate(), tcb.nextUpdate(), at);
        QeIdentity qe = QeIdentity.parse(c.qeIdentity());
        current("QE identity", qe.issueDate(), qe.nextUpdate(), at);
        return "TCB info and QE identity signed by " + tcbSigner.getSubjectX500Principal().getName() + " under "
                + root.getSubjectX500Principal().getName() + "; root CA CRL and PCK CRL signed by their issuers; no"
                + " signing certificate, PCK CA or PCK certificate revoked; all current at " + at;
    }

    private static X509Certificate signedJson(String what, String chainPem, String text, byte[] sig,
                                              X509Certificate root, Collection<X509Certificate> anchors, Instant at)
            throws GeneralSecurityException {
        List<X509Certificate> chain;
        try {
            chain = Pem.certificates(chainPem);
        } catch (CertificateException e) {
            throw new CertificateException(what + " issuer chain: " + e.getMessage());
        }
        ValidatedChain signer;
        try {
            signer = ChainValidator.validate(chain, IntelChains.TCB_SIGNING_CHAIN, anchors, at);
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException(what + " issuer: " + e.getMessage());
        }
        if (!Arrays.equals(signer.anchor().getEncoded(), root.getEncoded())) {
            throw new GeneralSecurityException(what + " is signed under " + signer.anchor().getSubjectX500Principal()
                    .getName() + ", not under the root of the quote's PCK chain");
        }
        if (!EcKeys.verifyP256(signer.leaf().getPublicKey(), text.getBytes(StandardCharsets.UTF_8), sig)) {
            throw new SignatureException(what + " signature does not verify over its JSON text with the key of "
                    + signer.leaf().getSubjectX500Principal().getName());
        }
        return signer.leaf();
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
            throw new CRLException(what + " signature does not verify with the key of "
                    + issuer.getSubjectX500Principal().getName());
        }
        if (crl.getExtensionValue(CRL_NUMBER) == null || crl.getExtensionValue(AUTHORITY_KEY_IDENTIFIER) == null) {
            throw new CRLException(what + " lacks a CRL number or an authority key identifier, which Intel's CRLs"
                    + " carry");
        }
        if (crl.getNextUpdate() == null) {
            throw new CRLException(what + " has no nextUpdate: without one it could be replayed forever");
        }
        current(what, crl.getThisUpdate().toInstant(), crl.getNextUpdate().toInstant(), at);
    }

    private static void current(String what, Instant issued, Instant nextUpdate, Instant at)
            throws GeneralSecurityException {
        if (at.isBefore(issued)) {
            throw new GeneralSecurityException(what + " was issued at " + issued + ", after the verification time "
                    + at);
        }
        if (at.isAfter(nextUpdate)) {
            throw new GeneralSecurityException(what + " expired at " + nextUpdate + " (nextUpdate), before the"
                    + " verification time " + at + "; fetch current collateral");
        }
    }

    /** Refuses {@code cert} when {@code crl} lists it; a CRL of another issuer cannot speak for it, so that is refused. */
    private static void notRevoked(String what, X509Certificate cert, X509CRL crl, String crlName)
            throws CRLException {
        // X509CRL.isRevoked matches on issuer and serial: a CRL of another issuer would silently say "not revoked"
        if (!crl.getIssuerX500Principal().equals(cert.getIssuerX500Principal())) {
            throw new CRLException("the " + crlName + " (of " + crl.getIssuerX500Principal().getName()
                    + ") cannot say whether " + what + ", issued by " + cert.getIssuerX500Principal().getName()
                    + ", is revoked");
        }
        if (crl.isRevoked(cert)) {
            throw new CRLException(what + " (serial " + cert.getSerialNumber().toString(16) + ") is revoked by the "
                    + crlName);
        }
    }
}
