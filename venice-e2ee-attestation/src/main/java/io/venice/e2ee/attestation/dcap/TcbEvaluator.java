package io.venice.e2ee.attestation.dcap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.error.AttestationException.MalformedCollateral;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.attestation.tdx.QeReport;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.crypto.Hex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Intel's TDX TCB evaluation: the platform level (SGX components and PCESVN from the PCK certificate, TDX components
 * from TEE_TCB_SVN), the TDX module identity, and the quoting enclave's identity and level, converged into one
 * status the way Intel's quote verification library does.
 */
public final class TcbEvaluator {
    /**
     * The outcome: the converged status and its advisories, or a {@code mismatch} saying why no status applies
     * (identity mismatch, FMSPC of another platform), and a {@code note} qualifying the status (or null).
     */
    public record Result(TcbStatus status, List<String> advisoryIds, String mismatch, String note) {
        /** Whether a status was found. */
        public boolean matched() {
            return mismatch == null;
        }
    }

    private TcbEvaluator() {
    }

    /** Evaluates the quote's body and QE report, with the PCK certificate's extensions, against the collateral. */
    public static Result evaluate(TdReport body, QeReport qe, SgxExtensions pck, String tcbInfoText,
                                  String qeIdentityText) {
        JsonNode tcb = unwrap(json("tcb_info", tcbInfoText), "tcbInfo");
        JsonNode qeId = unwrap(json("qe_identity", qeIdentityText), "enclaveIdentity");
        if (!"TDX".equals(tcb.path("id").asText()) || tcb.path("version").asInt() < 3) {
            throw new MalformedCollateral("tcb_info", "is not a TDX TCB info of version 3 or later");
        }
        byte[] fmspc = hex(tcb, "fmspc", "tcb_info");
        if (!Arrays.equals(fmspc, pck.fmspc())) {
            return mismatch("TCB info is for FMSPC " + Hex.encode(fmspc)
                    + " but the PCK certificate's platform is " + Hex.encode(pck.fmspc()));
        }
        List<String> advisories = new ArrayList<>();

        // quoting enclave identity and level
        if (!"TD_QE".equals(qeId.path("id").asText())) {
            throw new MalformedCollateral("qe_identity", "is not the TD_QE identity");
        }
        if (!Arrays.equals(hex(qeId, "mrsigner", "qe_identity"), qe.mrSigner())) {
            return mismatch("QE MRSIGNER does not match Intel's QE identity");
        }
        if (qeId.path("isvprodid").asInt(-1) != qe.isvProdId()) {
            return mismatch("QE ISVPRODID " + qe.isvProdId() + " does not match the QE identity");
        }
        if (!masked(reversed(qe.miscSelect()), hex(qeId, "miscselect", "qe_identity"), hex(qeId, "miscselectMask", "qe_identity"))) {
            return mismatch("QE MISCSELECT does not match the QE identity under its mask");
        }
        if (!masked(qe.attributes(), hex(qeId, "attributes", "qe_identity"), hex(qeId, "attributesMask", "qe_identity"))) {
            return mismatch("QE ATTRIBUTES do not match the QE identity under its mask");
        }
        TcbStatus qeStatus = null;
        for (JsonNode level : array(qeId, "tcbLevels", "qe_identity")) {
            if (qe.isvSvn() >= level.path("tcb").path("isvsvn").asInt(Integer.MAX_VALUE)) {
                qeStatus = status(level, "qe_identity");
                addAdvisories(level, advisories);
                break;
            }
        }
        if (qeStatus == null) {
            return new Result(TcbStatus.REVOKED, List.of(), null, "the QE's ISVSVN is below every level Intel lists");
        }

        // platform level
        int[] sgx = pck.sgxComponents();
        byte[] teeTcbSvn = body.teeTcbSvn();
        int tdxStart = (teeTcbSvn[1] & 0xff) > 0 ? 2 : 0;
        TcbStatus platform = null;
        for (JsonNode level : array(tcb, "tcbLevels", "tcb_info")) {
            JsonNode t = level.path("tcb");
            int[] needSgx = svns(t.path("sgxtcbcomponents"));
            int[] needTdx = svns(t.path("tdxtcbcomponents"));
            if (needSgx.length != 16 || needTdx.length != 16 || !t.path("pcesvn").isInt()) {
                throw new MalformedCollateral("tcb_info.tcbLevels", "a level lacks 16 SGX/TDX components or pcesvn");
            }
            if (pck.pceSvn() < t.path("pcesvn").asInt() || !atLeast(sgx, needSgx, 0)) {
                continue;
            }
            int[] tdx = new int[16];
            for (int i = 0; i < 16; i++) {
                tdx[i] = teeTcbSvn[i] & 0xff;
            }
            if (!atLeast(tdx, needTdx, tdxStart)) {
                continue;
            }
            platform = status(level, "tcb_info");
            addAdvisories(level, advisories);
            break;
        }
        String note = null;
        if (platform == null) {
            // older than every level Intel still lists: certainly not current (Intel's library calls it unsupported)
            platform = TcbStatus.OUT_OF_DATE;
            note = "the platform's SVNs are below every TCB level Intel lists";
        }

        // TDX module identity (only when TEE_TCB_SVN names a module version)
        if (tdxStart == 2) {
            String id = String.format(Locale.ROOT, "TDX_%02X", teeTcbSvn[1] & 0xff);
            JsonNode module = null;
            for (JsonNode m : tcb.path("tdxModuleIdentities")) {
                if (id.equalsIgnoreCase(m.path("id").asText())) {
                    module = m;
                }
            }
            if (module == null) {
                return mismatch("TCB info has no TDX module identity " + id);
            }
            if (!Arrays.equals(hex(module, "mrsigner", "tdxModuleIdentities"), body.mrSignerSeam())) {
                return mismatch("MRSIGNERSEAM does not match TDX module identity " + id);
            }
            if (!masked(body.seamAttributes(), hex(module, "attributes", "tdxModuleIdentities"),
                    hex(module, "attributesMask", "tdxModuleIdentities"))) {
                return mismatch("SEAMATTRIBUTES do not match TDX module identity " + id);
            }
            TcbStatus moduleStatus = null;
            for (JsonNode level : array(module, "tcbLevels", "tdxModuleIdentities")) {
                if ((teeTcbSvn[0] & 0xff) >= level.path("tcb").path("isvsvn").asInt(Integer.MAX_VALUE)) {
                    moduleStatus = status(level, "tdxModuleIdentities");
                    addAdvisories(level, advisories);
                    break;
                }
            }
            if (moduleStatus == null) {
                return mismatch("TDX module SVN " + (teeTcbSvn[0] & 0xff)
                        + " is below every level of identity " + id);
            }
            platform = converge(platform, moduleStatus);
        }
        return new Result(converge(platform, qeStatus), List.copyOf(advisories), null, note);
    }

    private static Result mismatch(String why) {
        return new Result(null, List.of(), why, null);
    }

    /** Parses signed JSON text (for callers in this package). */
    static JsonNode json(String field, String text) {
        try {
            JsonNode n = Json.read(text);
            if (n == null || !n.isObject()) {
                throw new MalformedCollateral(field, "must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new MalformedCollateral(field, Json.problem(e));
        }
    }

    private static JsonNode unwrap(JsonNode n, String wrapper) {
        return n.has(wrapper) ? n.path(wrapper) : n;
    }

    /** A platform status lowered by an out-of-date or revoked component (QE or TDX module). */
    private static TcbStatus converge(TcbStatus platform, TcbStatus component) {
        if (component == TcbStatus.REVOKED) {
            return TcbStatus.REVOKED;
        }
        if (component == TcbStatus.OUT_OF_DATE) {
            return switch (platform) {
                case UP_TO_DATE, SW_HARDENING_NEEDED -> TcbStatus.OUT_OF_DATE;
                case CONFIGURATION_NEEDED, CONFIGURATION_AND_SW_HARDENING_NEEDED ->
                        TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
                default -> platform;
            };
        }
        return platform;
    }

    /** MISCSELECT is a little-endian integer in the report but written big-endian in Intel's JSON. */
    private static byte[] reversed(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    private static boolean atLeast(int[] have, int[] need, int from) {
        for (int i = from; i < need.length; i++) {
            if (have[i] < need[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean masked(byte[] value, byte[] expected, byte[] mask) {
        if (expected.length != value.length || mask.length != value.length) {
            return false;
        }
        for (int i = 0; i < value.length; i++) {
            if ((value[i] & mask[i]) != (expected[i] & mask[i])) {
                return false;
            }
        }
        return true;
    }

    private static int[] svns(JsonNode components) {
        int[] out = new int[components.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = components.get(i).path("svn").asInt(Integer.MAX_VALUE);
        }
        return out;
    }

    private static TcbStatus status(JsonNode level, String field) {
        String s = level.path("tcbStatus").asText();
        return TcbStatus.fromIntelName(s).orElseThrow(() ->
                new MalformedCollateral(field + ".tcbStatus", "unknown status '" + s + "'"));
    }

    private static void addAdvisories(JsonNode level, List<String> into) {
        for (JsonNode a : level.path("advisoryIDs")) {
            if (!into.contains(a.asText())) {
                into.add(a.asText());
            }
        }
    }

    private static JsonNode array(JsonNode n, String field, String owner) {
        JsonNode a = n.path(field);
        if (!a.isArray()) {
            throw new MalformedCollateral(owner + "." + field, "missing or not an array");
        }
        return a;
    }

    private static byte[] hex(JsonNode n, String field, String owner) {
        String s = n.path(field).asText("");
        if (!Hex.isHex(s)) {
            throw new MalformedCollateral(owner + "." + field, "missing or not hex");
        }
        return Hex.decode(s);
    }
}
