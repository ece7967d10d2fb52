package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.dcap.TcbStatus;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.pki.CrlBuilder;
import io.venice.e2ee.testing.pki.Curve;
import io.venice.e2ee.testing.pki.IntelPki;
import io.venice.e2ee.testing.pki.Pems;
import io.venice.e2ee.testing.pki.SgxPckExtension;

import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * Intel's collateral for the simulated platform, as Intel PCS v4 serves it and signed by the simulator's test PKI:
 * TDX TCB info (its FMSPC, the platform's TCB level with the configured status), the TD quoting enclave's identity,
 * the PCK platform CA's CRL and the root CA's CRL, each issued an hour ago and due a month from now. The faults
 * {@link Fault#REVOKED_PCK}, {@link Fault#OUT_OF_DATE_TCB} and {@link Fault#EXPIRED_COLLATERAL} change what is served.
 */
final class SimulatedPcs {
    /** Intel's header names (v4). */
    static final String TCB_INFO_CHAIN = "TCB-Info-Issuer-Chain";
    static final String QE_IDENTITY_CHAIN = "SGX-Enclave-Identity-Issuer-Chain";
    static final String PCK_CRL_CHAIN = "SGX-PCK-CRL-Issuer-Chain";

    private static final String ZEROS_48 = "0".repeat(96);
    private static final int EVALUATION_NUMBER = 18;

    private final IntelPki pki;
    private final ObjectMapper json;
    private final TcbStatus platformStatus;
    private final byte[] fmspc = SgxPckExtension.VENICE_FMSPC.clone();

    SimulatedPcs(IntelPki pki, ObjectMapper json, TcbStatus platformStatus) {
        this.pki = pki;
        this.json = json;
        this.platformStatus = platformStatus;
    }

    /** The platform's FMSPC as lower-case hex. */
    String fmspcHex() {
        return Hex.encode(fmspc);
    }

    /** The {@code /tdx/certification/v4/tcb} body: {@code {"tcbInfo":{...},"signature":"..."}}. */
    String tcbInfoBody(Set<Fault> faults) {
        Validity v = validity(faults);
        TcbStatus status = faults.contains(Fault.OUT_OF_DATE_TCB) ? TcbStatus.OUT_OF_DATE : platformStatus;
        ObjectNode info = json.createObjectNode();
        info.put("id", "TDX");
        info.put("version", 3);
        info.put("issueDate", v.issued().toString());
        info.put("nextUpdate", v.next().toString());
        info.put("fmspc", fmspcHex());
        info.put("pceId", "0000");
        info.put("tcbType", 0);
        info.put("tcbEvaluationDataNumber", EVALUATION_NUMBER);
        ObjectNode module = info.putObject("tdxModule");
        module.put("mrsigner", ZEROS_48);
        module.put("attributes", "0000000000000000");
        module.put("attributesMask", "FFFFFFFFFFFFFFFF");
        ArrayNode identities = info.putArray("tdxModuleIdentities");
        ObjectNode identity = identities.addObject();
        // TEE_TCB_SVN[1] is the module's major version (TDX_01), TEE_TCB_SVN[0] its SVN
        identity.put("id", String.format("TDX_%02X", TdxPlatform.TEE_TCB_SVN[1] & 0xff));
        identity.put("mrsigner", ZEROS_48);
        identity.put("attributes", "0000000000000000");
        identity.put("attributesMask", "FFFFFFFFFFFFFFFF");
        ObjectNode moduleLevel = identity.putArray("tcbLevels").addObject();
        moduleLevel.putObject("tcb").put("isvsvn", TdxPlatform.TEE_TCB_SVN[0] & 0xff);
        moduleLevel.put("tcbDate", "2024-11-13T00:00:00Z");
        moduleLevel.put("tcbStatus", TcbStatus.UP_TO_DATE.intelName());

        ArrayNode levels = info.putArray("tcbLevels");
        int[] sgx = platformSgxComponents();
        int[] tdx = new int[16];
        for (int i = 0; i < 16; i++) {
            tdx[i] = TdxPlatform.TEE_TCB_SVN[i] & 0xff;
        }
        if (status != TcbStatus.UP_TO_DATE) {
            // a newer level the platform is below (its TDX late microcode, component 2, one step ahead), as Intel
            // lists it when a platform falls behind
            int[] newer = tdx.clone();
            newer[2]++;
            level(levels.addObject(), sgx, newer, "2025-11-12T00:00:00Z", TcbStatus.UP_TO_DATE, List.of());
        }
        level(levels.addObject(), sgx, tdx, "2024-11-13T00:00:00Z", status,
                status == TcbStatus.UP_TO_DATE ? List.of() : List.of("INTEL-SA-00000"));
        return signed("tcbInfo", info);
    }

    /** The {@code /tdx/certification/v4/qe/identity} body: {@code {"enclaveIdentity":{...},"signature":"..."}}. */
    String qeIdentityBody(Set<Fault> faults) {
        Validity v = validity(faults);
        ObjectNode id = json.createObjectNode();
        id.put("id", "TD_QE");
        id.put("version", 2);
        id.put("issueDate", v.issued().toString());
        id.put("nextUpdate", v.next().toString());
        id.put("tcbEvaluationDataNumber", EVALUATION_NUMBER);
        id.put("miscselect", "00000000");
        id.put("miscselectMask", "FFFFFFFF");
        id.put("attributes", "11000000000000000000000000000000");
        id.put("attributesMask", "FBFFFFFFFFFFFFFF0000000000000000");
        id.put("mrsigner", Hex.encode(TdxPlatform.QE_MRSIGNER).toUpperCase(java.util.Locale.ROOT));
        id.put("isvprodid", TdxPlatform.QE_ISV_PROD_ID);
        ObjectNode level = id.putArray("tcbLevels").addObject();
        level.putObject("tcb").put("isvsvn", TdxPlatform.QE_ISV_SVN);
        level.put("tcbDate", "2024-11-13T00:00:00Z");
        level.put("tcbStatus", TcbStatus.UP_TO_DATE.intelName());
        return signed("enclaveIdentity", id);
    }

    /** The DER CRL of the PCK platform CA; it lists the PCK certificate under {@link Fault#REVOKED_PCK}. */
    byte[] pckCrl(Set<Fault> faults) {
        Validity v = validity(faults);
        CrlBuilder crl = pki.crl(pki.pckCa()).thisUpdate(v.issued()).nextUpdate(v.next());
        if (faults.contains(Fault.REVOKED_PCK)) {
            crl.revoke(pki.pck().certificate());
        }
        return der(crl);
    }

    /** The DER CRL of the root CA (nothing revoked). */
    byte[] rootCaCrl(Set<Fault> faults) {
        Validity v = validity(faults);
        return der(pki.crl(pki.root()).thisUpdate(v.issued()).nextUpdate(v.next()));
    }

    /** The issuer chain of TCB info and QE identity, percent-encoded as Intel sends it in a header. */
    String tcbSigningChainHeader() {
        return percentEncode(Pems.chain(pki.tcbSigningChain()));
    }

    /** The issuer chain of the PCK CRL (platform CA, root), percent-encoded. */
    String pckCrlChainHeader() {
        return percentEncode(Pems.chain(List.of(pki.pckCa().certificate(), pki.root().certificate())));
    }

    /** The PCK certificate the quotes carry. */
    X509Certificate pck() {
        return pki.pck().certificate();
    }

    /**
     * Percent-encodes every byte outside RFC 3986's unreserved set, as Intel does ({@code %20}, {@code %0A},
     * {@code %2B}, {@code %2F}, {@code %3D} in a PEM chain).
     */
    static String percentEncode(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static int[] platformSgxComponents() {
        // the PCK certificate's SGX extension: components 3, 3, 0..., PCESVN 13 (SgxPckExtension's defaults)
        int[] sgx = new int[16];
        sgx[0] = 3;
        sgx[1] = 3;
        return sgx;
    }

    private static void level(ObjectNode level, int[] sgx, int[] tdx, String date, TcbStatus status,
                              List<String> advisories) {
        ObjectNode tcb = level.putObject("tcb");
        ArrayNode s = tcb.putArray("sgxtcbcomponents");
        for (int svn : sgx) {
            s.addObject().put("svn", svn);
        }
        tcb.put("pcesvn", 13);
        ArrayNode t = tcb.putArray("tdxtcbcomponents");
        for (int svn : tdx) {
            t.addObject().put("svn", svn);
        }
        level.put("tcbDate", date);
        level.put("tcbStatus", status.intelName());
        if (!advisories.isEmpty()) {
            ArrayNode a = level.putArray("advisoryIDs");
            advisories.forEach(a::add);
        }
    }

    /** {@code {"<member>":<inner>,"signature":"<r ‖ s hex>"}}, the signature over the inner object's exact text. */
    private String signed(String member, ObjectNode inner) {
        String text = inner.toString();
        byte[] sig = Curve.P256.signRaw(pki.tcbSigning().keys().getPrivate(), text.getBytes(StandardCharsets.UTF_8));
        return "{\"" + member + "\":" + text + ",\"signature\":\"" + Hex.encode(sig) + "\"}";
    }

    private static byte[] der(CrlBuilder crl) {
        try {
            return crl.build().getEncoded();
        } catch (CRLException e) {
            throw new IllegalStateException("cannot encode a simulated CRL", e);
        }
    }

    /** Issued an hour ago and due in 30 days; under {@link Fault#EXPIRED_COLLATERAL}, due yesterday. */
    private static Validity validity(Set<Fault> faults) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        if (faults.contains(Fault.EXPIRED_COLLATERAL)) {
            return new Validity(now.minus(Duration.ofDays(31)), now.minus(Duration.ofDays(1)));
        }
        return new Validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
    }

    private record Validity(Instant issued, Instant next) {
    }

    /** Hex text of DER bytes, as a PCCS answers without {@code encoding=der}. */
    static byte[] hexText(byte[] der) {
        return Hex.encode(der).getBytes(StandardCharsets.US_ASCII);
    }
}
