package io.venice.e2ee.attestation.dcap;

import io.venice.e2ee.attestation.tdx.QeReport;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.crypto.Hex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Intel's TDX TCB evaluation, rule by rule as Intel's quote verification library applies it
 * ({@code QuoteVerifier::verify}, {@code TcbLevelCheck}, {@code TdxModuleCheck}, {@code TDRelaunchCheck},
 * {@code EnclaveReportVerifier}): the TCB info must be TDX version 3 for the PCK certificate's FMSPC and PCE-ID; the
 * quoting enclave must match the QE identity (TD_QE, version 2) and its ISVSVN gives the QE's level; the TDX module
 * (MRSIGNERSEAM, SEAMATTRIBUTES) must match the module identity TEE_TCB_SVN names, whatever its version; the
 * platform's level is the first of Intel's ordered levels the PCK certificate's SGX SVNs and PCESVN and the quote's
 * TEE_TCB_SVN meet; the module's level, a TD 1.5 relaunch and the QE's level then converge into one status. A
 * platform, module or QE below every level Intel lists is {@link TcbStatus#NOT_SUPPORTED}.
 */
public final class TcbEvaluator {
    /**
     * The outcome: the converged status and its advisories, or a {@code mismatch} saying why no status applies (a TCB
     * info or QE identity that is not for this platform or enclave), and a {@code note} saying how the status was
     * reached when it is not simply the matched level's (or null).
     */
    public record Result(TcbStatus status, List<String> advisoryIds, String mismatch, String note) {
        /** Whether a status was found. */
        public boolean matched() {
            return mismatch == null;
        }
    }

    private TcbEvaluator() {
    }

    /**
     * Evaluates a quote's body and QE report, with its PCK certificate's SGX extensions, against Intel's TCB info and
     * QE identity.
     */
    public static Result evaluate(TdReport body, QeReport qe, SgxExtensions pck, TcbInfo tcb, QeIdentity qeId) {
        // 4.1.2.4.9-10: the TCB info is for TDX and for this platform
        if (!tcb.id().equals("TDX") || tcb.version() != 3) {
            return mismatch("the TCB info is " + tcb.id() + " version " + tcb.version() + "; a TDX quote needs TDX"
                    + " TCB info version 3");
        }
        if (!Arrays.equals(tcb.fmspc(), pck.fmspc())) {
            return mismatch("the TCB info is for FMSPC " + Hex.encode(tcb.fmspc()) + " but the PCK certificate's"
                    + " platform is " + Hex.encode(pck.fmspc()));
        }
        if (!Arrays.equals(tcb.pceId(), pck.pceId())) {
            return mismatch("the TCB info is for PCE-ID " + Hex.encode(tcb.pceId()) + " but the PCK certificate's is "
                    + Hex.encode(pck.pceId()));
        }
        List<String> advisories = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        // 4.1.2.4.14-15: the quoting enclave is the identity's, and its ISVSVN has a level
        if (!qeId.id().equals("TD_QE") || qeId.version() != 2) {
            return mismatch("the QE identity is " + qeId.id() + " version " + qeId.version() + "; a TDX quote needs"
                    + " TD_QE version 2");
        }
        String qeMismatch = qeId.mismatch(qe);
        if (qeMismatch != null) {
            return mismatch("the quoting enclave does not match Intel's QE identity: " + qeMismatch);
        }
        QeIdentity.Level qeLevel = qeId.levelOf(qe.isvSvn());
        TcbStatus qeStatus;
        if (qeLevel == null) {
            qeStatus = TcbStatus.NOT_SUPPORTED;
            notes.add("the QE's ISVSVN " + qe.isvSvn() + " is below every level of Intel's QE identity");
        } else {
            advisories.addAll(qeLevel.advisoryIds());
            // Intel's EnclaveReportVerifier: Revoked stays Revoked, any other status but UpToDate is out of date
            qeStatus = qeLevel.status() == TcbStatus.UP_TO_DATE || qeLevel.status() == TcbStatus.REVOKED
                    ? qeLevel.status() : TcbStatus.OUT_OF_DATE;
        }

        // 4.1.2.4.11: the TDX module is the one TEE_TCB_SVN names (checked for module version 0 too)
        byte[] teeTcbSvn = body.teeTcbSvn();
        int moduleVersion = teeTcbSvn[1] & 0xff;
        int moduleSvn = teeTcbSvn[0] & 0xff;
        TcbInfo.Module expected = tcb.tdxModule();
        if (moduleVersion > 0) {
            if (tcb.tdxModuleIdentities().isEmpty()) {
                return mismatch("TEE_TCB_SVN names TDX module version " + moduleVersion + " but the TCB info lists no"
                        + " TDX module identities");
            }
            expected = tcb.tdxModuleIdentity(moduleVersion).orElse(null);
            if (expected == null) {
                return mismatch("the TCB info has no TDX module identity " + moduleId(moduleVersion));
            }
        }
        String moduleName = moduleVersion > 0 ? "TDX module identity " + moduleId(moduleVersion) : "TDX module";
        if (!Arrays.equals(body.mrSignerSeam(), expected.mrSigner())) {
            return mismatch("MRSIGNERSEAM " + Hex.encode(body.mrSignerSeam()) + " is not the " + moduleName
                    + "'s signer " + Hex.encode(expected.mrSigner()));
        }
        byte[] seamAttributes = body.seamAttributes();
        if (!zero(seamAttributes) || !Arrays.equals(seamAttributes, expected.attributes())) {
            return mismatch("SEAMATTRIBUTES " + Hex.encode(seamAttributes) + " must be zero and equal the "
                    + moduleName + "'s attributes " + Hex.encode(expected.attributes()));
        }

        // 4.1.2.4.17: the platform's level, in Intel's order
        int[] sgx = pck.sgxComponents();
        int tdxFrom = moduleVersion > 0 ? 2 : 0;
        TcbInfo.Level sgxLevel = null;
        TcbInfo.Level tdxLevel = null;
        for (TcbInfo.Level level : tcb.levels()) {
            if (pck.pceSvn() < level.pceSvn() || !atLeast(sgx, level.sgxComponents(), 0)) {
                continue;
            }
            if (sgxLevel == null) {
                sgxLevel = level;
            }
            if (atLeast(unsigned(teeTcbSvn), level.tdxComponents(), tdxFrom)) {
                tdxLevel = level;
                break;
            }
        }
        if (sgxLevel == null) {
            return notSupported("the PCK certificate's SGX TCB components " + list(sgx) + " and PCESVN " + pck.pceSvn()
                    + " are below every TCB level Intel lists");
        }
        if (tdxLevel == null) {
            return notSupported("TEE_TCB_SVN " + Hex.encode(teeTcbSvn) + " is below the TDX components of every TCB"
                    + " level the platform's SGX components meet");
        }
        TcbStatus status = tdxLevel.status();
        advisories.addAll(tdxLevel.advisoryIds());

        // 4.1.2.4.17.4.1: the module's own level
        TcbStatus moduleStatus = null;
        if (moduleVersion > 0) {
            TcbInfo.ModuleLevel moduleLevel = expected.levelOf(moduleSvn);
            if (moduleLevel == null) {
                return notSupported("TDX module ISVSVN " + moduleSvn + " is below every level of " + moduleName);
            }
            moduleStatus = moduleLevel.status();
            if (moduleStatus != TcbStatus.UP_TO_DATE && moduleStatus != TcbStatus.OUT_OF_DATE
                    && moduleStatus != TcbStatus.REVOKED) {
                return mismatch(moduleName + " gives ISVSVN " + moduleSvn + " the status " + moduleStatus.intelName()
                        + ", which Intel's rules do not recognise for a module");
            }
            advisories.addAll(moduleLevel.advisoryIds());
            if (moduleStatus == TcbStatus.REVOKED) {
                return result(TcbStatus.REVOKED, advisories, notes("the TDX module's level is Revoked", notes));
            }
            if (moduleStatus == TcbStatus.OUT_OF_DATE) {
                status = outOfDate(status);
            }
        }

        // 4.1.2.4.17.4.3: a TD 1.5 launched before a module update the platform has since taken
        if (body.isTd15() && qeStatus != TcbStatus.OUT_OF_DATE && qeStatus != TcbStatus.REVOKED
                && qeStatus != TcbStatus.NOT_SUPPORTED && moduleStatus == TcbStatus.OUT_OF_DATE
                && (status == TcbStatus.OUT_OF_DATE || status == TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED)
                && relaunchableSgx(sgxLevel.status())) {
            TcbInfo.Level latest = tcb.levels().get(0);
            byte[] t2 = body.teeTcbSvn2();
            int t2Version = t2[1] & 0xff;
            int needModuleSvn;
            if (t2Version == 0) {
                needModuleSvn = latest.tdxComponent(0);
            } else {
                TcbInfo.Module updated = tcb.tdxModuleIdentity(t2Version).orElse(null);
                if (updated == null) {
                    return mismatch("TEE_TCB_SVN2 names TDX module version " + t2Version + " but the TCB info has no"
                            + " identity " + moduleId(t2Version));
                }
                needModuleSvn = updated.levels().get(0).isvSvn();
            }
            if ((t2[0] & 0xff) >= needModuleSvn && (t2[2] & 0xff) >= latest.tdxComponent(2)) {
                status = sgxLevel.status().configurationNeeded() || status.configurationNeeded()
                        ? TcbStatus.TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED : TcbStatus.TD_RELAUNCH_ADVISED;
                notes.add("the TD was launched before a TDX module update the platform has taken (TEE_TCB_SVN2 "
                        + Hex.encode(t2) + "): relaunching it brings it up to date");
            }
        }

        // the quoting enclave's level last (convergeTcbStatusWithQeTcbStatus)
        if (qeStatus == TcbStatus.NOT_SUPPORTED) {
            return new Result(TcbStatus.NOT_SUPPORTED, List.copyOf(advisories), null, String.join("; ", notes));
        }
        if (qeStatus == TcbStatus.REVOKED) {
            return result(TcbStatus.REVOKED, advisories, notes("the quoting enclave's level is Revoked", notes));
        }
        if (qeStatus == TcbStatus.OUT_OF_DATE) {
            TcbStatus before = status;
            status = outOfDate(status);
            if (status != before) {
                notes.add("the quoting enclave's ISVSVN " + qe.isvSvn() + " is out of date");
            }
        }
        return result(status, advisories, notes);
    }

    /** A platform status lowered by an out-of-date component, as Intel converges it. */
    private static TcbStatus outOfDate(TcbStatus platform) {
        return switch (platform) {
            case UP_TO_DATE, SW_HARDENING_NEEDED -> TcbStatus.OUT_OF_DATE;
            case CONFIGURATION_NEEDED, CONFIGURATION_AND_SW_HARDENING_NEEDED ->
                    TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
            default -> platform;
        };
    }

    private static boolean relaunchableSgx(TcbStatus s) {
        return s == TcbStatus.UP_TO_DATE || s == TcbStatus.SW_HARDENING_NEEDED || s == TcbStatus.CONFIGURATION_NEEDED
                || s == TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED;
    }

    private static Result result(TcbStatus status, List<String> advisories, List<String> notes) {
        List<String> distinct = advisories.stream().distinct().toList();
        return new Result(status, distinct, null, notes.isEmpty() ? null : String.join("; ", notes));
    }

    private static List<String> notes(String first, List<String> rest) {
        List<String> out = new ArrayList<>(rest);
        out.add(0, first);
        return out;
    }

    private static Result mismatch(String why) {
        return new Result(null, List.of(), why, null);
    }

    private static Result notSupported(String why) {
        return new Result(TcbStatus.NOT_SUPPORTED, List.of(), null, why);
    }

    private static String moduleId(int version) {
        return String.format(Locale.ROOT, "TDX_%02X", version);
    }

    private static int[] unsigned(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xff;
        }
        return out;
    }

    private static boolean atLeast(int[] have, int[] need, int from) {
        for (int i = from; i < need.length; i++) {
            if (have[i] < need[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean zero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String list(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.toString();
    }
}
