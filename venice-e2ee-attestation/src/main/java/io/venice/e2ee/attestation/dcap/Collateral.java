package io.venice.e2ee.attestation.dcap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.error.AttestationException.MalformedCollateral;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.crypto.Hex;

import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;

/**
 * Intel collateral for one TDX quote, in the JSON shape of dcap-qvl's {@code QuoteCollateralV3}: TCB info and QE
 * identity (each the exact JSON text Intel signed, its raw r ‖ s signature in hex, and its PEM issuer chain), the PCK
 * CRL with its issuer chain, and the root CA CRL (CRLs as DER hex or PEM). Immutable.
 */
public final class Collateral {
    private final String tcbInfoIssuerChain;
    private final String tcbInfo;
    private final byte[] tcbInfoSignature;
    private final String qeIdentityIssuerChain;
    private final String qeIdentity;
    private final byte[] qeIdentitySignature;
    private final String pckCrlIssuerChain;
    private final X509CRL rootCaCrl;
    private final X509CRL pckCrl;

    private Collateral(String tcbInfoIssuerChain, String tcbInfo, byte[] tcbInfoSignature,
                       String qeIdentityIssuerChain, String qeIdentity, byte[] qeIdentitySignature,
                       String pckCrlIssuerChain, X509CRL rootCaCrl, X509CRL pckCrl) {
        this.tcbInfoIssuerChain = tcbInfoIssuerChain;
        this.tcbInfo = tcbInfo;
        this.tcbInfoSignature = tcbInfoSignature;
        this.qeIdentityIssuerChain = qeIdentityIssuerChain;
        this.qeIdentity = qeIdentity;
        this.qeIdentitySignature = qeIdentitySignature;
        this.pckCrlIssuerChain = pckCrlIssuerChain;
        this.rootCaCrl = rootCaCrl;
        this.pckCrl = pckCrl;
    }

    /**
     * Parses collateral JSON.
     *
     * @throws MalformedCollateral naming the missing or malformed field
     */
    public static Collateral parse(String json) {
        JsonNode root;
        try {
            root = Json.read(json);
        } catch (JsonProcessingException e) {
            throw new MalformedCollateral("(document)", Json.problem(e));
        }
        if (root == null || !root.isObject()) {
            throw new MalformedCollateral("(document)", "must be a JSON object");
        }
        return new Collateral(text(root, "tcb_info_issuer_chain"), text(root, "tcb_info"),
                signature(root, "tcb_info_signature"), text(root, "qe_identity_issuer_chain"),
                text(root, "qe_identity"), signature(root, "qe_identity_signature"),
                text(root, "pck_crl_issuer_chain"), crl(root, "root_ca_crl"), crl(root, "pck_crl"));
    }

    /** A builder from Intel PCS answers as served: response bodies, issuer-chain headers and DER CRLs. */
    public static PcsBuilder fromIntelPcs() {
        return new PcsBuilder();
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
        return crl(field, text(root, field).strip());
    }

    private static X509CRL crl(String field, String s) {
        if (s.startsWith("-----BEGIN")) {
            return crl(field, s.getBytes(StandardCharsets.US_ASCII));
        }
        if (Hex.isHex(s)) {
            return crl(field, Hex.decode(s));
        }
        throw new MalformedCollateral(field, "must be DER hex or PEM");
    }

    private static X509CRL crl(String field, byte[] pemOrDer) {
        try {
            return Pem.crl(pemOrDer);
        } catch (CRLException e) {
            throw new MalformedCollateral(field, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "Collateral[tcbInfo=" + tcbInfo.length() + " chars, qeIdentity=" + qeIdentity.length()
                + " chars, pckCrl issuer=" + pckCrl.getIssuerX500Principal().getName() + "]";
    }

    /**
     * Builds collateral from Intel PCS answers: the TCB info and QE identity bodies ({@code {"tcbInfo":{...},
     * "signature":"..."}}), whose signed inner object is taken as the exact substring served (never re-serialised),
     * their issuer chains (PEM, URL-encoded as in the response headers or not), and the DER CRLs.
     */
    public static final class PcsBuilder {
        private String tcbInfoBody;
        private String tcbInfoChain;
        private String qeIdentityBody;
        private String qeIdentityChain;
        private byte[] pckCrl;
        private String pckCrlChain;
        private byte[] rootCaCrl;

        private PcsBuilder() {
        }

        /** The body of {@code /tdx/certification/v4/tcb} and its {@code TCB-Info-Issuer-Chain} header. */
        public PcsBuilder tcbInfo(String body, String issuerChain) {
            this.tcbInfoBody = body;
            this.tcbInfoChain = issuerChain;
            return this;
        }

        /** The body of {@code /tdx/certification/v4/qe/identity} and its {@code SGX-Enclave-Identity-Issuer-Chain}. */
        public PcsBuilder qeIdentity(String body, String issuerChain) {
            this.qeIdentityBody = body;
            this.qeIdentityChain = issuerChain;
            return this;
        }

        /** The DER body of {@code /sgx/certification/v4/pckcrl} and its {@code SGX-PCK-CRL-Issuer-Chain} header. */
        public PcsBuilder pckCrl(byte[] der, String issuerChain) {
            this.pckCrl = der.clone();
            this.pckCrlChain = issuerChain;
            return this;
        }

        /** The DER root CA CRL. */
        public PcsBuilder rootCaCrl(byte[] der) {
            this.rootCaCrl = der.clone();
            return this;
        }

        /**
         * The collateral.
         *
         * @throws MalformedCollateral naming the missing or malformed part
         */
        public Collateral build() {
            if (tcbInfoBody == null || qeIdentityBody == null || pckCrl == null || rootCaCrl == null) {
                throw new MalformedCollateral("(pcs)", "TCB info, QE identity, PCK CRL and root CA CRL are all needed");
            }
            return new Collateral(chain("tcb_info_issuer_chain", tcbInfoChain),
                    SignedJson.inner("tcb_info", tcbInfoBody, "tcbInfo"),
                    SignedJson.signature("tcb_info_signature", tcbInfoBody),
                    chain("qe_identity_issuer_chain", qeIdentityChain),
                    SignedJson.inner("qe_identity", qeIdentityBody, "enclaveIdentity"),
                    SignedJson.signature("qe_identity_signature", qeIdentityBody),
                    chain("pck_crl_issuer_chain", pckCrlChain), crl("root_ca_crl", rootCaCrl),
                    crl("pck_crl", pckCrl));
        }

        private static String chain(String field, String value) {
            if (value == null || value.isBlank()) {
                throw new MalformedCollateral(field, "missing");
            }
            return value.contains("%") ? java.net.URLDecoder.decode(value, StandardCharsets.UTF_8)
                    : value;
        }
    }
}
