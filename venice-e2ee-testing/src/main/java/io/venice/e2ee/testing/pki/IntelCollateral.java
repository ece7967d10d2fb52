package io.venice.e2ee.testing.pki;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Intel collateral in dcap-qvl's {@code QuoteCollateralV3} JSON, signed by a test PKI: a TCB info and a QE identity
 * (any JSON text, typically Intel's own with one field edited), each signed over its exact text by a TCB signing
 * key and carried with its issuer chain, and the root CA and PCK CRLs. Every part can be replaced by a forgery: another
 * signer or chain, a CRL that revokes, expires or is issued by someone else.
 */
public final class IntelCollateral {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IntelPki pki;
    private String tcbInfo;
    private String qeIdentity;
    private Issued tcbInfoSigner;
    private List<X509Certificate> tcbInfoChain;
    private Issued qeIdentitySigner;
    private List<X509Certificate> qeIdentityChain;
    private X509CRL rootCrl;
    private X509CRL pckCrl;
    private List<X509Certificate> pckCrlChain;

    private IntelCollateral(IntelPki pki) {
        this.pki = Objects.requireNonNull(pki, "pki");
        this.tcbInfoSigner = pki.tcbSigning();
        this.tcbInfoChain = pki.tcbSigningChain();
        this.qeIdentitySigner = pki.tcbSigning();
        this.qeIdentityChain = pki.tcbSigningChain();
        this.pckCrlChain = List.of(pki.pckCa().certificate(), pki.root().certificate());
    }

    /**
     * Collateral of {@code pki}: signed by its TCB signing certificate, with its CRLs (current over the PKI's
     * validity, revoking nothing) unless replaced.
     */
    public static IntelCollateral of(IntelPki pki) {
        return new IntelCollateral(pki);
    }

    /** The TCB info JSON text to sign (the inner {@code tcbInfo} object). */
    public IntelCollateral tcbInfo(String json) {
        this.tcbInfo = Objects.requireNonNull(json, "json");
        return this;
    }

    /** The TCB info with {@code edit} applied to its JSON object (re-serialised compactly). */
    public IntelCollateral editTcbInfo(Consumer<ObjectNode> edit) {
        this.tcbInfo = edited(required(tcbInfo, "tcbInfo"), edit);
        return this;
    }

    /** The QE identity JSON text to sign (the inner {@code enclaveIdentity} object). */
    public IntelCollateral qeIdentity(String json) {
        this.qeIdentity = Objects.requireNonNull(json, "json");
        return this;
    }

    /** The QE identity with {@code edit} applied to its JSON object (re-serialised compactly). */
    public IntelCollateral editQeIdentity(Consumer<ObjectNode> edit) {
        this.qeIdentity = edited(required(qeIdentity, "qeIdentity"), edit);
        return this;
    }

    /** Signs the TCB info with {@code signer}'s key and carries {@code chain} as its issuer chain. */
    public IntelCollateral tcbInfoSigner(Issued signer, List<X509Certificate> chain) {
        this.tcbInfoSigner = Objects.requireNonNull(signer, "signer");
        this.tcbInfoChain = List.copyOf(chain);
        return this;
    }

    /** Signs the QE identity with {@code signer}'s key and carries {@code chain} as its issuer chain. */
    public IntelCollateral qeIdentitySigner(Issued signer, List<X509Certificate> chain) {
        this.qeIdentitySigner = Objects.requireNonNull(signer, "signer");
        this.qeIdentityChain = List.copyOf(chain);
        return this;
    }

    /** The root CA CRL. */
    public IntelCollateral rootCrl(X509CRL crl) {
        this.rootCrl = Objects.requireNonNull(crl, "crl");
        return this;
    }

    /** The PCK CRL. */
    public IntelCollateral pckCrl(X509CRL crl) {
        this.pckCrl = Objects.requireNonNull(crl, "crl");
        return this;
    }

    /** The PCK CRL issuer chain carried (the PKI's platform CA and root by default). */
    public IntelCollateral pckCrlChain(List<X509Certificate> chain) {
        this.pckCrlChain = List.copyOf(chain);
        return this;
    }

    /** The collateral as dcap-qvl {@code QuoteCollateralV3} JSON (CRLs as DER hex, signatures as r ‖ s hex). */
    public String toJson() {
        String tcb = required(tcbInfo, "tcbInfo");
        String qe = required(qeIdentity, "qeIdentity");
        X509CRL root = rootCrl != null ? rootCrl : pki.crl(pki.root()).build();
        X509CRL pck = pckCrl != null ? pckCrl : pki.crl(pki.pckCa()).build();
        ObjectNode o = JSON.createObjectNode();
        o.put("pck_crl_issuer_chain", Pems.chain(pckCrlChain));
        o.put("root_ca_crl", der(root));
        o.put("pck_crl", der(pck));
        o.put("tcb_info_issuer_chain", Pems.chain(tcbInfoChain));
        o.put("tcb_info", tcb);
        o.put("tcb_info_signature", sign(tcbInfoSigner, tcb));
        o.put("qe_identity_issuer_chain", Pems.chain(qeIdentityChain));
        o.put("qe_identity", qe);
        o.put("qe_identity_signature", sign(qeIdentitySigner, qe));
        return o.toString();
    }

    private static String sign(Issued signer, String text) {
        return HexFormat.of().formatHex(Curve.P256.signRaw(signer.keys().getPrivate(),
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static String der(X509CRL crl) {
        try {
            return HexFormat.of().formatHex(crl.getEncoded());
        } catch (CRLException e) {
            throw new IllegalStateException("cannot encode a test CRL", e);
        }
    }

    private static String edited(String json, Consumer<ObjectNode> edit) {
        try {
            ObjectNode o = (ObjectNode) JSON.readTree(json);
            edit.accept(o);
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
    }

    private static String required(String value, String name) {
        if (value == null) {
            throw new IllegalStateException("set the " + name + " JSON first");
        }
        return value;
    }
}
