package io.venice.e2ee.attestation.dcap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.e2ee.attestation.AttestationException.MalformedCollateral;
import io.venice.e2ee.crypto.Hex;

import java.io.ByteArrayInputStream;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.util.Base64;

/**
 * Intel collateral for one TDX quote, in the JSON shape of dcap-qvl's {@code QuoteCollateralV3}: TCB info and QE
 * identity (each the exact JSON text Intel signed, its raw r ‖ s signature in hex, and its PEM issuer chain), the PCK
 * CRL with its issuer chain, and the root CA CRL (CRLs as DER hex or PEM). Immutable.
 */
public final class Collateral {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String tcbInfoIssuerChain;
    private final String tcbInfo;
    private final byte[] tcbInfoSignature;
    private final String qeIdentityIssuerChain;
    private final String qeIdentity;
    private final byte[] qeIdentitySignature;
    private final String pckCrlIssuerChain;
    private final X509CRL rootCaCrl;
    private final X509CRL pckCrl;

    private Collateral(JsonNode root) {
        this.tcbInfoIssuerChain = text(root, "tcb_info_issuer_chain");
        this.tcbInfo = text(root, "tcb_info");
        this.tcbInfoSignature = signature(root, "tcb_info_signature");
        this.qeIdentityIssuerChain = text(root, "qe_identity_issuer_chain");
        this.qeIdentity = text(root, "qe_identity");
        this.qeIdentitySignature = signature(root, "qe_identity_signature");
        this.pckCrlIssuerChain = text(root, "pck_crl_issuer_chain");
        this.rootCaCrl = crl(root, "root_ca_crl");
        this.pckCrl = crl(root, "pck_crl");
    }

    /**
     * Parses collateral JSON.
     *
     * @throws MalformedCollateral naming the missing or malformed field
     */
    public static Collateral parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedCollateral("(document)", "not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedCollateral("(document)", "must be a JSON object");
        }
        return new Collateral(root);
    }

    /** PEM chain of the TCB signing certificate. */
    public String tcbInfoIssuerChain() {
        return tcbInfoIssuerChain;
    }

    /** The TCB info JSON text exactly as signed. */
    public String tcbInfo() {
        return tcbInfo;
    }

    /** The TCB info signature, r ‖ s. */
    public byte[] tcbInfoSignature() {
        return tcbInfoSignature.clone();
    }

    /** PEM chain of the QE identity signing certificate. */
    public String qeIdentityIssuerChain() {
        return qeIdentityIssuerChain;
    }

    /** The QE identity JSON text exactly as signed. */
    public String qeIdentity() {
        return qeIdentity;
    }

    /** The QE identity signature, r ‖ s. */
    public byte[] qeIdentitySignature() {
        return qeIdentitySignature.clone();
    }

    /** PEM chain of the PCK CRL issuer. */
    public String pckCrlIssuerChain() {
        return pckCrlIssuerChain;
    }

    /** The root CA CRL. */
    public X509CRL rootCaCrl() {
        return rootCaCrl;
    }

    /** The PCK CRL (platform or processor CA). */
    public X509CRL pckCrl() {
        return pckCrl;
    }

    private static String text(JsonNode root, String field) {
        JsonNode v = root.path(field);
        if (v.isObject()) {
            throw new MalformedCollateral(field, "must be the signed JSON text as a string, not a re-serialised object");
        }
        if (!v.isTextual() || v.textValue().isEmpty()) {
            throw new MalformedCollateral(field, "missing or not a string");
        }
        return v.textValue();
    }

    private static byte[] signature(JsonNode root, String field) {
        String s = text(root, field);
        if (!Hex.isHex(s) || s.length() != 128) {
            throw new MalformedCollateral(field, "must be 128 hex digits (r ‖ s)");
        }
        return Hex.decode(s);
    }

    private static X509CRL crl(JsonNode root, String field) {
        String s = text(root, field).strip();
        byte[] der;
        if (s.startsWith("-----BEGIN")) {
            int b = s.indexOf('\n');
            int e = s.indexOf("-----END");
            if (b < 0 || e < b) {
                throw new MalformedCollateral(field, "PEM block is not closed");
            }
            try {
                der = Base64.getMimeDecoder().decode(s.substring(b, e));
            } catch (IllegalArgumentException ex) {
                throw new MalformedCollateral(field, "PEM body is not base64");
            }
        } else if (Hex.isHex(s)) {
            der = Hex.decode(s);
        } else {
            throw new MalformedCollateral(field, "must be DER hex or PEM");
        }
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (CRLException | CertificateException e) {
            throw new MalformedCollateral(field, "is not a valid X.509 CRL");
        }
    }

    @Override
    public String toString() {
        return "Collateral[tcbInfo=" + tcbInfo.length() + " chars, qeIdentity=" + qeIdentity.length()
                + " chars, pckCrl issuer=" + pckCrl.getIssuerX500Principal().getName() + "]";
    }
}
