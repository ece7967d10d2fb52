package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.VerificationPolicy.Measurement;
import io.venice.e2ee.attestation.dcap.CollateralCheck;
import io.venice.e2ee.attestation.dcap.IntelChains;
import io.venice.e2ee.attestation.dcap.QeIdentity;
import io.venice.e2ee.attestation.dcap.SgxExtensions;
import io.venice.e2ee.attestation.dcap.TcbEvaluator;
import io.venice.e2ee.attestation.dcap.TcbInfo;
import io.venice.e2ee.attestation.dcap.TcbStatus;
import io.venice.e2ee.attestation.pki.ChainValidator;
import io.venice.e2ee.attestation.pki.EcKeys;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.attestation.pki.PinnedRoots;
import io.venice.e2ee.attestation.pki.ValidatedChain;
import io.venice.e2ee.attestation.tdx.EventLogEntry;
import io.venice.e2ee.attestation.tdx.EventLogReplay;
import io.venice.e2ee.attestation.tdx.QeReport;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.crypto.Hex;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.venice.e2ee.attestation.CheckRun.Verdict.fail;
import static io.venice.e2ee.attestation.CheckRun.Verdict.pass;
import static io.venice.e2ee.attestation.CheckRun.Verdict.skip;

/**
 * The Intel TDX checks: the quote parses; DCAP offline (PCK chain to the pinned Intel root, QE report signature and
 * report data, quote signature); the TD is not a debug TD; REPORTDATA binds the key's address and our nonce;
 * measurements against the policy, event-log replay and compose hash; at level FULL, the collateral and TCB status.
 * Checks that read the TD report depend on the quote signature from level DCAP on: an unauthenticated body proves
 * nothing.
 */
final class TdxChecks implements CheckFamily {
    private static final BuiltInCheck PARSE = BuiltInCheck.TDX_QUOTE_PARSE;
    private static final BuiltInCheck CHAIN = BuiltInCheck.TDX_PCK_CHAIN;
    private static final BuiltInCheck QE_SIG = BuiltInCheck.TDX_QE_SIGNATURE;
    private static final BuiltInCheck QE_IDENTITY = BuiltInCheck.TDX_QE_IDENTITY;
    private static final BuiltInCheck QE_DATA = BuiltInCheck.TDX_QE_REPORTDATA;
    private static final BuiltInCheck QUOTE_SIG = BuiltInCheck.TDX_QUOTE_SIGNATURE;
    private static final BuiltInCheck COLLATERAL = BuiltInCheck.TDX_COLLATERAL_SIGNATURES;
    private static final Set<String> MEASUREMENTS = Set.of("mrtd", "rtmr0", "rtmr1", "rtmr2", "rtmr3", "mrconfigid",
            "mrowner", "mrownerconfig", "mrseam", "td_attributes", "xfam", "tee_tcb_svn", "reportdata", "tcb_status",
            "compose_hash", "app_id", "instance_id", "os_image_hash", "key_provider");
    /** The RTMR3 runtime events whose payloads are reported, by the measurement that reports each. */
    private static final Map<String, String> REPORTED_EVENTS = Map.of("app-id", "app_id", "instance-id", "instance_id",
            "os-image-hash", "os_image_hash", "key-provider", "key_provider");

    @Override
    public String name() {
        return "tdx";
    }

    @Override
    public Set<String> measurements() {
        return MEASUREMENTS;
    }

    @Override
    public void run(VerificationInput input, CheckRun run) {
        new Session(input, run).run();
    }

    /** State of one verification. */
    private static final class Session {
        private final AttestationReport report;
        private final VerificationPolicy policy;
        private final VerificationContext ctx;
        private final CheckRun run;
        private final List<X509Certificate> anchors = new ArrayList<>();
        private TdxQuote quote;
        private ValidatedChain pckChain;

        Session(VerificationInput input, CheckRun run) {
            this.report = input.report();
            this.policy = input.policy();
            this.ctx = input.context();
            this.run = run;
            anchors.add(PinnedRoots.intelSgxRootCa());
            anchors.addAll(policy.extraTrustAnchors());
        }

        void run() {
            run.run(PARSE, this::parse);
            run.run(CHAIN, this::chain, PARSE);
            run.run(QE_SIG, this::qeSignature, CHAIN);
            // an enclave other than Intel's quoting enclave could hold the attestation key: nothing it signs counts
            run.run(QE_IDENTITY, this::qeIdentity, QE_SIG);
            run.run(QE_DATA, this::qeReportData, QE_SIG);
            run.run(QUOTE_SIG, this::quoteSignature, QE_IDENTITY, QE_DATA);
            run.run(BuiltInCheck.TDX_DEBUG, this::debug, PARSE, QUOTE_SIG);
            run.run(BuiltInCheck.TDX_TD_POLICY, this::tdPolicy, PARSE, QUOTE_SIG);
            run.run(BuiltInCheck.TDX_REPORTDATA_ADDRESS, this::reportDataAddress, PARSE, QUOTE_SIG);
            run.run(BuiltInCheck.TDX_REPORTDATA_NONCE, this::reportDataNonce, PARSE, QUOTE_SIG);
            run.run(COLLATERAL, this::collateral, CHAIN);
            run.run(BuiltInCheck.TDX_TCB_STATUS, this::tcbStatus, COLLATERAL, QUOTE_SIG);
            run.run(BuiltInCheck.TDX_MEASUREMENTS_POLICY, this::measurementsPolicy, PARSE, QUOTE_SIG);
            run.run(BuiltInCheck.TDX_EVENTLOG_RTMR, this::eventLog, PARSE, QUOTE_SIG);
            run.run(BuiltInCheck.TDX_COMPOSE_HASH, this::composeHash, PARSE, QUOTE_SIG);
        }

        private CheckRun.Verdict parse() {
            byte[] raw = report.intelQuote().read().orElse(null);
            if (raw == null) {
                return fail("the evidence has no intel_quote");
            }
            quote = TdxQuote.parse(raw);
            TdReport b = quote.body();
            run.measurement("mrtd", Hex.encode(b.mrTd()));
            for (int i = 0; i < 4; i++) {
                run.measurement("rtmr" + i, Hex.encode(b.rtmr(i)));
            }
            run.measurement("mrconfigid", Hex.encode(b.mrConfigId()));
            run.measurement("mrowner", Hex.encode(b.mrOwner()));
            run.measurement("mrownerconfig", Hex.encode(b.mrOwnerConfig()));
            run.measurement("mrseam", Hex.encode(b.mrSeam()));
            run.measurement("td_attributes", Hex.encode(b.tdAttributes()));
            run.measurement("xfam", Hex.encode(b.xfam()));
            run.measurement("tee_tcb_svn", Hex.encode(b.teeTcbSvn()));
            run.measurement("reportdata", Hex.encode(b.reportData()));
            return pass("TDX quote v" + quote.version() + (b.isTd15() ? " (TD 1.5 body)" : " (TD 1.0 body)")
                    + " parsed");
        }

        private CheckRun.Verdict chain() throws Exception {
            List<X509Certificate> carried = Pem.certificates(quote.pckChainPem(),
                    policy.limits().maxChainCertificates());
            try {
                pckChain = ChainValidator.validate(carried, IntelChains.PCK, anchors, ctx.at());
            } catch (java.security.GeneralSecurityException e) {
                return fail(e.getMessage());
            }
            return pass("PCK chain (" + pckChain.leaf().getSubjectX500Principal().getName() + ", "
                    + pckChain.get(1).getSubjectX500Principal().getName() + ") validates to "
                    + pckChain.anchor().getSubjectX500Principal().getName() + " at " + ctx.at());
        }

        private CheckRun.Verdict qeSignature() throws Exception {
            return EcKeys.verifyP256(pckChain.leaf().getPublicKey(), quote.qeReport().raw(), quote.qeReportSignature())
                    ? pass("QE report is signed by the PCK key")
                    : fail("QE report signature does not verify with the PCK key");
        }

        private CheckRun.Verdict qeIdentity() {
            QeReport qe = quote.qeReport();
            String why = QeIdentity.INTEL_TD_QE.mismatch(qe);
            if (why != null) {
                return fail("the quoting enclave is not Intel's TD quoting enclave: " + why);
            }
            return pass("the quoting enclave is Intel's TD quoting enclave (MRSIGNER "
                    + Hex.encode(qe.mrSigner(), 0, 4) + "…, ISVPRODID 2, not a debug enclave); its ISVSVN "
                    + qe.isvSvn() + " is judged against Intel's current QE identity at level full");
        }

        private CheckRun.Verdict qeReportData() throws Exception {
            byte[] expected = QeReport.reportDataFor(quote.attestationKey(), quote.qeAuthData());
            return Arrays.equals(expected, quote.qeReport().reportData())
                    ? pass("QE report data is SHA-256(attestation key ‖ QE auth data) ‖ zeros")
                    : fail("QE report data does not bind the attestation key");
        }

        private CheckRun.Verdict quoteSignature() throws Exception {
            return EcKeys.verifyP256(EcKeys.p256(quote.attestationKey()), quote.signedRegion(), quote.signature())
                    ? pass("quote header and TD report are signed by the attestation key")
                    : fail("quote signature does not verify with the attestation key");
        }

        private CheckRun.Verdict debug() {
            return quote.body().debug()
                    ? fail("the TD is a debug TD (TDATTRIBUTES bit 0 set): its memory can be read by the host")
                    : pass("the TD is not a debug TD");
        }

        private CheckRun.Verdict tdPolicy() {
            TdPolicy td = policy.tdPolicy();
            List<String> violations = td.violations(quote.body());
            return violations.isEmpty() ? pass(td.describe(quote.body())) : fail(String.join("; ", violations));
        }

        private CheckRun.Verdict reportDataAddress() {
            SigningKey key = report.signingKey().read().orElse(null);
            String served = report.signingAddress().read().orElse(null);
            byte[] rd = quote.body().reportData();
            byte[] address;
            String source;
            if (key != null) {
                address = key.address().bytes();
                source = "the signing key's address";
            } else if (served != null) {
                try {
                    address = EthAddress.parse(served).bytes();
                } catch (IllegalArgumentException e) {
                    return fail("signing_address is malformed: " + e.getMessage());
                }
                source = "signing_address";
            } else {
                return fail("the evidence has neither a signing key nor a signing address to bind");
            }
            if (!Arrays.equals(Arrays.copyOf(rd, 20), address)) {
                return fail("REPORTDATA[0..20] is 0x" + Hex.encode(rd, 0, 20) + ", not " + source + " 0x"
                        + Hex.encode(address));
            }
            for (int i = 20; i < 32; i++) {
                if (rd[i] != 0) {
                    return fail("REPORTDATA[20..32] is not zero");
                }
            }
            return pass("REPORTDATA binds " + source + " 0x" + Hex.encode(address));
        }

        private CheckRun.Verdict reportDataNonce() throws Exception {
            byte[] ours = ctx.expectedNonce();
            if (ours == null) {
                return fail("no expected nonce was given: pass the nonce sent with the request");
            }
            byte[] bound = Arrays.copyOfRange(quote.body().reportData(), 32, 64);
            if (Arrays.equals(bound, ours)) {
                return pass("REPORTDATA[32..64] is our nonce");
            }
            if (Arrays.equals(bound, MessageDigest.getInstance("SHA-256").digest(ours))) {
                return policy.allowSha256NonceBinding()
                        ? pass("REPORTDATA[32..64] is SHA-256(our nonce), allowed by the policy")
                        : fail("REPORTDATA[32..64] is SHA-256(our nonce); the policy requires the raw nonce");
            }
            return fail("REPORTDATA[32..64] is not our nonce: this quote was not made for this request");
        }

        private CheckRun.Verdict collateral() throws Exception {
            if (ctx.collateral() == null) {
                return fail("no Intel collateral given: level full needs it (TCB info, QE identity, CRLs)");
            }
            try {
                return pass(CollateralCheck.verify(ctx.collateral(), pckChain, anchors, ctx.at()));
            } catch (java.security.GeneralSecurityException e) {
                return fail(e.getMessage());
            }
        }

        private CheckRun.Verdict tcbStatus() {
            TcbEvaluator.Result r = TcbEvaluator.evaluate(quote.body(), quote.qeReport(),
                    SgxExtensions.of(pckChain.leaf()), TcbInfo.parse(ctx.collateral().tcbInfo()),
                    QeIdentity.parse(ctx.collateral().qeIdentity()));
            if (!r.matched()) {
                return fail(r.mismatch());
            }
            TcbStatus status = r.status();
            run.measurement("tcb_status", status.intelName());
            String details = (r.advisoryIds().isEmpty() ? "" : " (advisories " + String.join(", ", r.advisoryIds())
                    + ")") + (r.note() == null ? "" : ": " + r.note());
            if (status == TcbStatus.NOT_SUPPORTED) {
                return fail("TCB level not supported" + details + "; no policy accepts it");
            }
            if (!status.acceptable()) {
                return fail("TCB status " + status.intelName() + details + "; no policy accepts it");
            }
            return policy.acceptedTcbStatuses().contains(status)
                    ? pass("TCB status " + status.intelName() + details)
                    : fail("TCB status " + status.intelName() + details + " is not accepted by the policy");
        }

        private CheckRun.Verdict measurementsPolicy() throws Exception {
            if (!policy.hasExpectedMeasurements()) {
                return skip("no expected measurements configured");
            }
            String compose = null;
            if (!policy.expected(Measurement.COMPOSE_HASH).isEmpty()) {
                compose = report.appCompose().read().orElse(null);
                report.composeHash().read();
            }
            TdReport b = quote.body();
            List<String> checked = new ArrayList<>();
            for (Measurement m : Measurement.values()) {
                Set<String> allowed = policy.expected(m);
                if (allowed.isEmpty()) {
                    continue;
                }
                String actual = switch (m) {
                    case MRTD -> Hex.encode(b.mrTd());
                    case RTMR0 -> Hex.encode(b.rtmr(0));
                    case RTMR1 -> Hex.encode(b.rtmr(1));
                    case RTMR2 -> Hex.encode(b.rtmr(2));
                    case RTMR3 -> Hex.encode(b.rtmr(3));
                    case MRCONFIGID -> Hex.encode(b.mrConfigId());
                    case MRSEAM -> Hex.encode(b.mrSeam());
                    case XFAM -> Hex.encode(b.xfam());
                    case TD_ATTRIBUTES -> Hex.encode(b.tdAttributes());
                    case MROWNER -> Hex.encode(b.mrOwner());
                    case MROWNERCONFIG -> Hex.encode(b.mrOwnerConfig());
                    case COMPOSE_HASH -> compose == null ? null : Hex.encode(MessageDigest
                            .getInstance("SHA-256").digest(compose.getBytes(StandardCharsets.UTF_8)));
                };
                if (actual == null || !allowed.contains(actual)) {
                    return fail(m.label() + " " + (actual == null ? "is not in the evidence" : actual)
                            + " is not an expected value");
                }
                checked.add(m.label());
            }
            return pass(String.join(", ", checked) + " match the expected values");
        }

        private CheckRun.Verdict eventLog() {
            List<EventLogEntry> log = report.eventLog().read().orElse(List.of());
            if (log.isEmpty()) {
                return policy.level().includes(VerificationPolicy.Level.FULL)
                        ? fail("the evidence has no event log: level full needs it to tie RTMR3 to the application"
                                + " (compose hash, OS image, key provider)")
                        : skip("the evidence has no event log");
            }
            byte[][] replayed;
            try {
                replayed = EventLogReplay.replay(log);
            } catch (IllegalArgumentException e) {
                return fail("the event log cannot be replayed: " + e.getMessage());
            }
            for (int i = 0; i < 4; i++) {
                if (!Arrays.equals(replayed[i], quote.body().rtmr(i))) {
                    return fail("replaying the event log gives RTMR" + i + " " + Hex.encode(replayed[i])
                            + ", but the quote has " + Hex.encode(quote.body().rtmr(i)));
                }
            }
            int runtime = 0;
            for (EventLogEntry e : log) {
                if (e.imr() == 3 && e.eventType() == EventLogReplay.DSTACK_RUNTIME_EVENT) {
                    runtime++;
                    String name = REPORTED_EVENTS.get(e.event());
                    if (name != null) {
                        run.measurement(name, e.event().equals("key-provider") ? text(e.eventPayload())
                                : e.eventPayload().toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
            return pass("replaying " + log.size() + " events reproduces RTMR0..3; each of the " + runtime
                    + " runtime events of RTMR3 is bound to its payload");
        }

        /** A payload as UTF-8 text when it is printable text, else as hex. */
        private static String text(String payloadHex) {
            byte[] b = Hex.decode(payloadHex);
            String s = new String(b, StandardCharsets.UTF_8);
            boolean printable = s.chars().allMatch(c -> c >= 0x20 && c != 0x7f && c != 0xfffd)
                    && Arrays.equals(s.getBytes(StandardCharsets.UTF_8), b);
            return printable ? s : payloadHex.toLowerCase(java.util.Locale.ROOT);
        }

        private CheckRun.Verdict composeHash() throws Exception {
            String compose = report.appCompose().read().orElse(null);
            String served = report.composeHash().read().orElse(null);
            if (compose == null) {
                return policy.level().includes(VerificationPolicy.Level.FULL)
                        ? fail("the evidence has no app_compose: level full needs it to say what the TD runs")
                        : skip("the evidence has no app_compose");
            }
            String hash = Hex.encode(MessageDigest.getInstance("SHA-256")
                    .digest(compose.getBytes(StandardCharsets.UTF_8)));
            byte[] config = quote.body().mrConfigId();
            String bound = configIdBinding(config, hash);
            if (bound != null) {
                return fail(bound);
            }
            if (served != null && !served.strip().equalsIgnoreCase(hash)) {
                return fail("the served compose_hash " + served.strip() + " is not SHA-256(app_compose) " + hash);
            }
            run.measurement("compose_hash", hash);
            String event;
            List<EventLogEntry> log = report.eventLog().toOptional().orElse(List.of());
            if (log.isEmpty()) {
                event = " (no event log to compare the compose-hash event with)";
            } else if (run.passed(BuiltInCheck.TDX_EVENTLOG_RTMR)) {
                EventLogEntry composeEvent = log.stream()
                        .filter(e -> e.imr() == 3 && e.eventType() == EventLogReplay.DSTACK_RUNTIME_EVENT
                                && e.event().equals("compose-hash")).findFirst().orElse(null);
                if (composeEvent == null) {
                    return fail("MRCONFIGID is 01 ‖ SHA-256(app_compose), but the replayed event log has no"
                            + " compose-hash event in RTMR3");
                }
                if (!composeEvent.eventPayload().equalsIgnoreCase(hash)) {
                    return fail("the compose-hash event of RTMR3 records " + composeEvent.eventPayload()
                            + ", not SHA-256(app_compose) " + hash);
                }
                event = ", as the compose-hash event of RTMR3 records";
            } else {
                event = " (the compose-hash event was not compared: the event log did not replay)";
            }
            return pass("MRCONFIGID is 01 ‖ SHA-256(app_compose) " + hash + event);
        }

        /** Why MRCONFIGID does not bind {@code hash} in dstack's version 1 form, or null when it does. */
        private static String configIdBinding(byte[] config, String hash) {
            boolean zero = true;
            for (byte b : config) {
                zero &= b == 0;
            }
            if (zero) {
                return "MRCONFIGID is zero: the TD binds no app compose";
            }
            int version = config[0] & 0xff;
            if (version == 2 || version == 3) {
                return "MRCONFIGID is dstack's version " + version + " form, which binds the compose hash together with"
                        + (version == 2 ? " the app id and key provider" : " the whole configuration document")
                        + "; only version 1 (01 ‖ SHA-256(app_compose)) can be checked against app_compose";
            }
            if (version != 1) {
                return "MRCONFIGID starts with 0x" + Hex.encode(config, 0, 1) + ": not a dstack configuration id";
            }
            if (!Hex.encode(config, 1, 32).equals(hash)) {
                return "MRCONFIGID is not 01 ‖ SHA-256(app_compose) (" + hash + ")";
            }
            for (int i = 33; i < config.length; i++) {
                if (config[i] != 0) {
                    return "MRCONFIGID[33..48] is not zero";
                }
            }
            return null;
        }
    }
}
