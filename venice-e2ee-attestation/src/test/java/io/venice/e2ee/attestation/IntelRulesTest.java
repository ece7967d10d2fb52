package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.dcap.Collateral;
import io.venice.e2ee.attestation.dcap.QeIdentity;
import io.venice.e2ee.attestation.dcap.SgxExtensions;
import io.venice.e2ee.attestation.dcap.TcbEvaluator;
import io.venice.e2ee.attestation.dcap.TcbInfo;
import io.venice.e2ee.attestation.dcap.TcbStatus;
import io.venice.e2ee.attestation.tdx.QeReport;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.venice.e2ee.testing.TestVectors;
import io.venice.e2ee.testing.pki.CertificateBuilder;
import io.venice.e2ee.testing.pki.CrlBuilder;
import io.venice.e2ee.testing.pki.Curve;
import io.venice.e2ee.testing.pki.IntelCollateral;
import io.venice.e2ee.testing.pki.IntelPki;
import io.venice.e2ee.testing.pki.Issued;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Intel's verification rules at level {@code full}, one test per rule: the capture's quote re-signed under a test PKI
 * and Intel's own TCB info and QE identity for that platform, re-signed by the test PKI's TCB signing key, pass every
 * check; each test then forges exactly one defect and sees it refused by the check that owns the rule.
 */
class IntelRulesTest {
    private static final IntelPki PKI = Forged.PKI;
    private static final Collateral INTEL = Evidence.captureCollateral();
    private static final AttestationReport CAPTURE = Forged.captureWithBody(b -> b);
    private static final VerificationPolicy FULL = Forged.policy().level(VerificationPolicy.Level.FULL).build();
    private static final Instant AT = Evidence.CAPTURE_TIME;

    /** Intel's collateral for the capture's platform, signed under the test PKI. */
    private static IntelCollateral collateral() {
        return IntelCollateral.of(PKI).tcbInfo(INTEL.tcbInfo()).qeIdentity(INTEL.qeIdentity());
    }

    private static VerificationReport full(AttestationReport r, IntelCollateral c, VerificationPolicy p, Instant at) {
        return AttestationVerification.verify(r, p, Evidence.captureContext().at(at)
                .collateral(Collateral.parse(c.toJson())).build());
    }

    private static VerificationReport full(IntelCollateral c) {
        return full(CAPTURE, c, FULL, AT);
    }

    private static void refused(VerificationReport vr, String check, String reason) {
        VerificationReport.Check c = vr.check(check).orElseThrow();
        assertThat(c.status()).as(vr.summary()).isEqualTo(Outcome.FAIL);
        assertThat(c.reason()).contains(reason);
        assertThat(vr.passed()).isFalse();
    }

    private static Consumer<ObjectNode> level(int i, Consumer<ObjectNode> edit) {
        return t -> edit.accept((ObjectNode) t.path("tcbLevels").get(i));
    }

    private static VerificationReport tcb(Consumer<ObjectNode> edit) {
        return full(collateral().editTcbInfo(edit));
    }

    @Test
    void intelsCollateralResignedUnderTheTestPkiPassesEveryCheck() {
        VerificationReport vr = full(collateral());
        assertThat(vr.passed()).as(vr.summary()).isTrue();
        assertThat(vr.measurements()).containsEntry("tcb_status", "UpToDate");
        // and the same forged collateral is nobody's without the test root
        VerificationReport untrusted = AttestationVerification.verify(CAPTURE,
                VerificationPolicy.builder().level(VerificationPolicy.Level.FULL).build(),
                Evidence.captureContext().collateral(Collateral.parse(collateral().toJson())).build());
        refused(untrusted, "tdx.pck.chain", "is not a pinned trust anchor");
    }

    // ---- the collateral's signer chain: exactly [Intel SGX TCB Signing, pinned root]

    @Test
    void theSignerChainMustBeExactlySignerAndRoot() {
        refused(full(collateral().tcbInfoSigner(PKI.tcbSigning(), List.of(PKI.tcbSigning().certificate()))),
                "tdx.collateral.signatures", "TCB info issuer: TCB signing chain has 1 certificates; it must have"
                        + " exactly 2");
        refused(full(collateral().qeIdentitySigner(PKI.tcbSigning(), List.of(PKI.tcbSigning().certificate(),
                PKI.pckCa().certificate(), PKI.root().certificate()))), "tdx.collateral.signatures",
                "QE identity issuer: TCB signing chain has 3 certificates");
    }

    @Test
    void theSignerMustBeNamedIntelSgxTcbSigning() {
        KeyPair keys = Curve.P256.generate();
        Issued misnamed = new Issued(PKI.issue("CN=Intel SGX TCB Signer,O=venice-e2ee tests (not Intel)", keys,
                PKI.root()).build(), keys);
        refused(full(collateral().tcbInfoSigner(misnamed, List.of(misnamed.certificate(), PKI.root().certificate()))),
                "tdx.collateral.signatures", "must be named CN=Intel SGX TCB Signing");
    }

    @Test
    void aSignerUnderAnotherRootIsRefused() {
        IntelPki other = IntelPki.builder().build();
        refused(full(collateral().qeIdentitySigner(other.tcbSigning(), other.tcbSigningChain())),
                "tdx.collateral.signatures", "QE identity issuer: TCB signing chain: its last certificate");
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() {
        KeyPair keys = Curve.P256.generate();
        Issued impostor = new Issued(PKI.tcbSigning().certificate(), keys);
        refused(full(collateral().tcbInfoSigner(impostor, PKI.tcbSigningChain())), "tdx.collateral.signatures",
                "TCB info signature does not verify over its JSON text");
    }

    // ---- the root CA CRL covers both signers and the PCK chain's CA

    private static Issued secondSigner() {
        KeyPair keys = Curve.P256.generate();
        return new Issued(PKI.issue(PKI.tcbSigning().name(), keys, PKI.root()).build(), keys);
    }

    @Test
    void aRevokedQeIdentitySignerIsRefused() {
        Issued revoked = secondSigner();
        VerificationReport vr = full(collateral().qeIdentitySigner(revoked, List.of(revoked.certificate(),
                PKI.root().certificate())).rootCrl(PKI.crl(PKI.root()).revoke(revoked.certificate()).build()));
        refused(vr, "tdx.collateral.signatures", "the QE identity signing certificate (serial "
                + revoked.certificate().getSerialNumber().toString(16) + ") is revoked by the root CA CRL");
        assertThat(vr.check("tdx.tcb.status").orElseThrow().reason())
                .isEqualTo("depends on tdx.collateral.signatures which failed");
    }

    @Test
    void aRevokedTcbInfoSignerIsRefused() {
        refused(full(collateral().rootCrl(PKI.crl(PKI.root()).revoke(PKI.tcbSigning().certificate()).build())),
                "tdx.collateral.signatures", "the TCB info signing certificate (serial");
    }

    @Test
    void aRevokedPckCaIsRefused() {
        refused(full(collateral().rootCrl(PKI.crl(PKI.root()).revoke(PKI.pckCa().certificate()).build())),
                "tdx.collateral.signatures", "the PCK chain's CA (serial");
    }

    @Test
    void aRootCrlSignedByAnotherKeyIsRefused() {
        refused(full(collateral().rootCrl(CrlBuilder.issuer(PKI.root().name(), Curve.P256.generate()).build())),
                "tdx.collateral.signatures", "root CA CRL signature does not verify");
    }

    // ---- the PCK CRL: issued by the PCK chain's own CA, verified with its key

    @Test
    void aRevokedPckCertificateIsRefused() {
        refused(full(collateral().pckCrl(PKI.crl(PKI.pckCa()).revoke(PKI.pck().certificate()).build())),
                "tdx.collateral.signatures", "the PCK certificate (serial "
                        + PKI.pck().certificate().getSerialNumber().toString(16) + ") is revoked by the PCK CRL");
    }

    @Test
    void aPckCrlFromALookalikeCaIsRefusedWhateverIssuerChainIsServed() {
        // a CA with the PCK CA's name and another key, served as the PCK CRL's issuer chain, signs an empty CRL
        KeyPair keys = Curve.P256.generate();
        Issued lookalike = new Issued(CertificateBuilder.subject(PKI.pckCa().principal(), keys.getPublic())
                .issuedBy(IntelPki.builder().build().root()).ca(0).build(), keys);
        VerificationReport vr = full(collateral().pckCrl(CrlBuilder.issuedBy(lookalike).build())
                .pckCrlChain(List.of(lookalike.certificate(), PKI.root().certificate())));
        refused(vr, "tdx.collateral.signatures", "PCK CRL signature does not verify with the key of "
                + PKI.pckCa().name());
    }

    @Test
    void aPckCrlOfAnotherCaCannotSpeakForThePckCertificate() {
        KeyPair keys = Curve.P256.generate();
        Issued processorCa = new Issued(PKI.issue("CN=Intel SGX PCK Processor CA,O=venice-e2ee tests (not Intel)",
                keys, PKI.root()).ca(0).build(), keys);
        refused(full(collateral().pckCrl(CrlBuilder.issuedBy(processorCa).build())), "tdx.collateral.signatures",
                "PCK CRL is issued by CN=Intel SGX PCK Processor CA");
    }

    @Test
    void aCrlWithoutItsExtensionsIsRefused() {
        refused(full(collateral().pckCrl(PKI.crl(PKI.pckCa()).withoutExtensions().build())),
                "tdx.collateral.signatures", "PCK CRL lacks a CRL number or an authority key identifier");
    }

    // ---- dates: issueDate / thisUpdate <= t <= nextUpdate, nextUpdate required

    @Test
    void collateralIssuedAfterTheVerificationTimeIsRefused() {
        refused(tcb(t -> t.put("issueDate", "2026-04-24T01:58:42Z")), "tdx.collateral.signatures",
                "TCB info was issued at 2026-04-24T01:58:42Z, after the verification time " + AT);
        refused(full(collateral().editQeIdentity(q -> q.put("issueDate", "2026-04-25T00:00:00Z"))),
                "tdx.collateral.signatures", "QE identity was issued at");
        refused(full(collateral().rootCrl(PKI.crl(PKI.root()).thisUpdate(AT.plusSeconds(1)).build())),
                "tdx.collateral.signatures", "root CA CRL was issued at " + AT.plusSeconds(1));
    }

    @Test
    void collateralPastItsNextUpdateIsRefused() {
        refused(tcb(t -> t.put("nextUpdate", "2026-04-24T01:58:40Z")), "tdx.collateral.signatures",
                "TCB info expired at 2026-04-24T01:58:40Z (nextUpdate), before the verification time");
        refused(full(collateral().pckCrl(PKI.crl(PKI.pckCa()).nextUpdate(AT.minusSeconds(1)).build())),
                "tdx.collateral.signatures", "PCK CRL expired at");
    }

    @Test
    void aCrlWithoutNextUpdateIsRefused() {
        refused(full(collateral().pckCrl(PKI.crl(PKI.pckCa()).nextUpdate(null).build())),
                "tdx.collateral.signatures", "PCK CRL has no nextUpdate");
    }

    @Test
    void theBoundsThemselvesAreInsideTheValidity() {
        String at = AT.toString();
        VerificationReport vr = full(collateral().editTcbInfo(t -> t.put("issueDate", at))
                .editQeIdentity(q -> q.put("nextUpdate", at))
                .rootCrl(PKI.crl(PKI.root()).thisUpdate(AT).build())
                .pckCrl(PKI.crl(PKI.pckCa()).nextUpdate(AT).build()));
        assertThat(vr.passed()).as(vr.summary()).isTrue();
    }

    // ---- the TCB info is for this platform: FMSPC and PCE-ID

    @Test
    void anotherFmspcIsRefused() {
        refused(tcb(t -> t.put("fmspc", "90C06F000001")), "tdx.tcb.status", "the TCB info is for FMSPC 90c06f000001"
                + " but the PCK certificate's platform is 90c06f000000");
    }

    @Test
    void anotherPceIdIsRefused() {
        refused(tcb(t -> t.put("pceId", "0100")), "tdx.tcb.status", "the TCB info is for PCE-ID 0100 but the PCK"
                + " certificate's is 0000");
        // case does not matter: both are bytes
        assertThat(tcb(t -> t.put("fmspc", "90C06F000000")).passed()).isTrue();
    }

    @Test
    void onlyTdxTcbInfoVersion3Applies() {
        refused(tcb(t -> t.put("id", "SGX")), "tdx.tcb.status", "the TCB info is SGX version 3; a TDX quote needs TDX"
                + " TCB info version 3");
    }

    // ---- the QE identity: id, version, MISCSELECT little-endian

    @Test
    void aQeIdentityOfAnotherEnclaveOrVersionIsRefused() {
        refused(full(collateral().editQeIdentity(q -> q.put("id", "QE"))), "tdx.tcb.status",
                "the QE identity is QE version 2; a TDX quote needs TD_QE version 2");
        refused(full(collateral().editQeIdentity(q -> q.put("version", 3))), "tdx.tcb.status",
                "the QE identity is TD_QE version 3");
        refused(full(collateral().editQeIdentity(q -> q.put("mrsigner", "00".repeat(32)))), "tdx.tcb.status",
                "the quoting enclave does not match Intel's QE identity: MRSIGNER");
    }

    @Test
    void miscSelectIsComparedInTheReportsByteOrder() throws Exception {
        // a QE report whose MISCSELECT is the integer 1 (bytes 01 00 00 00) and a QE identity saying "01000000"
        byte[] quote = Forged.quote(b -> b, qe -> qe.set(QeReport.Field.MISCSELECT, Hex.decode("01000000")));
        TdxQuote q = TdxQuote.parse(quote);
        SgxExtensions pck = SgxExtensions.of(PKI.pck().certificate());
        TcbInfo tcb = TcbInfo.parse(INTEL.tcbInfo());
        QeIdentity one = QeIdentity.parse(edited(INTEL.qeIdentity(), o -> o.put("miscselect", "01000000")));
        assertThat(TcbEvaluator.evaluate(q.body(), q.qeReport(), pck, tcb, one).status()).isEqualTo(TcbStatus.UP_TO_DATE);
        QeIdentity reversed = QeIdentity.parse(edited(INTEL.qeIdentity(), o -> o.put("miscselect", "00000001")));
        assertThat(TcbEvaluator.evaluate(q.body(), q.qeReport(), pck, tcb, reversed).mismatch())
                .isEqualTo("the quoting enclave does not match Intel's QE identity: MISCSELECT 01000000 under mask"
                        + " ffffffff is not 00000001");
        // through the verifier: Intel's collateral rule passes, the built-in identity (MISCSELECT 0) still refuses
        VerificationReport vr = full(Forged.capture(quote), collateral().editQeIdentity(o -> o.put("miscselect",
                "01000000")), FULL, AT);
        assertThat(vr.check("tdx.tcb.status").orElseThrow().status()).isEqualTo(Outcome.SKIP);
        refused(vr, "tdx.qe.identity", "MISCSELECT 01000000");
    }

    // ---- TCB levels: Intel's order, duplicates, not supported, Revoked

    @Test
    void levelsAreTakenInIntelsOrderNotTheJsonOrder() {
        // the JSON lists an older OutOfDate level first; Intel's order puts the platform's UpToDate level first
        VerificationReport vr = tcb(t -> {
            ArrayNode levels = (ArrayNode) t.path("tcbLevels");
            levels.insert(0, levels.remove(2));
        });
        assertThat(vr.check("tdx.tcb.status").orElseThrow().reason()).isEqualTo("TCB status UpToDate");
        assertThat(vr.passed()).isTrue();
    }

    @Test
    void aDuplicatedLevelIsRefused() {
        refused(tcb(t -> ((ArrayNode) t.path("tcbLevels")).add(t.path("tcbLevels").get(1).deepCopy())),
                "tdx.collateral.signatures", "collateral 'tcb_info.tcbLevels': lists the same TCB level twice");
    }

    @Test
    void aPlatformBelowEveryLevelIsNotSupportedAndFailsUnderAnyPolicy() {
        Consumer<ObjectNode> higher = t -> {
            for (var l : t.path("tcbLevels")) {
                ((ObjectNode) l.path("tcb").path("sgxtcbcomponents").get(7)).put("svn", 9);
            }
        };
        EnumSet<TcbStatus> all = EnumSet.noneOf(TcbStatus.class);
        for (TcbStatus s : TcbStatus.values()) {
            if (s.acceptable()) {
                all.add(s);
            }
        }
        VerificationReport vr = full(CAPTURE, collateral().editTcbInfo(higher),
                Forged.policy().level(VerificationPolicy.Level.FULL).acceptTcbStatuses(all).build(), AT);
        refused(vr, "tdx.tcb.status", "TCB level not supported: the PCK certificate's SGX TCB components"
                + " 3,3,2,2,4,1,0,5,0,0,0,0,0,0,0,0 and PCESVN 13 are below every TCB level Intel lists; no policy"
                + " accepts it");
    }

    @Test
    void revokedIsNeverAccepted() {
        assertThatThrownBy(() -> VerificationPolicy.builder().acceptTcbStatuses(Set.of(TcbStatus.REVOKED)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("TCB status Revoked can never be accepted");
        assertThatThrownBy(() -> VerificationPolicy.builder().acceptTcbStatuses(Set.of(TcbStatus.NOT_SUPPORTED)))
                .isInstanceOf(IllegalArgumentException.class);
        refused(tcb(level(0, l -> l.put("tcbStatus", "Revoked"))), "tdx.tcb.status",
                "TCB status Revoked; no policy accepts it");
        refused(full(collateral().editQeIdentity(q -> ((ObjectNode) q.path("tcbLevels").get(0))
                .put("tcbStatus", "Revoked"))), "tdx.tcb.status", "TCB status Revoked: the quoting enclave's level is"
                + " Revoked; no policy accepts it");
    }

    @Test
    void anOutOfDatePlatformFailsByDefaultAndPassesWhenThePolicyAcceptsIt() {
        // a newer level the platform does not meet (SGX component 8 at 6) above the one it meets, now OutOfDate
        Consumer<ObjectNode> outdated = t -> {
            ArrayNode levels = (ArrayNode) t.path("tcbLevels");
            ObjectNode newer = levels.get(0).deepCopy();
            ((ObjectNode) newer.path("tcb").path("sgxtcbcomponents").get(7)).put("svn", 6);
            ((ObjectNode) levels.get(0)).put("tcbStatus", "OutOfDate").putArray("advisoryIDs").add("INTEL-SA-00001");
            levels.insert(0, newer);
        };
        VerificationReport strict = tcb(outdated);
        refused(strict, "tdx.tcb.status", "TCB status OutOfDate (advisories INTEL-SA-00001) is not accepted by the"
                + " policy");
        assertThat(strict.measurements()).containsEntry("tcb_status", "OutOfDate");
        VerificationReport lenient = full(CAPTURE, collateral().editTcbInfo(outdated), Forged.policy()
                .level(VerificationPolicy.Level.FULL).acceptTcbStatuses(Set.of(TcbStatus.UP_TO_DATE,
                        TcbStatus.OUT_OF_DATE)).build(), AT);
        assertThat(lenient.passed()).as(lenient.summary()).isTrue();
        assertThat(lenient.check("tdx.tcb.status").orElseThrow().reason())
                .isEqualTo("TCB status OutOfDate (advisories INTEL-SA-00001)");
    }

    // ---- the TDX module: identity checked for module version 0 too, SEAMATTRIBUTES zero

    @Test
    void moduleVersionZeroIsCheckedAgainstTheTdxModule() {
        // TEE_TCB_SVN 07 00 03: no module identity applies, the TDX components are compared from the first
        UnaryOperator<TdReport.Builder> v0 = b -> b.set(TdReport.Field.TEE_TCB_SVN,
                Hex.decode("07000300000000000000000000000000"));
        AttestationReport r = Forged.captureWithBody(v0);
        VerificationReport ok = full(r, collateral(), FULL, AT);
        assertThat(ok.passed()).as(ok.summary()).isTrue();
        String signer = "11".repeat(48);
        VerificationReport vr = full(r, collateral().editTcbInfo(t -> ((ObjectNode) t.path("tdxModule"))
                .put("mrsigner", signer)), FULL, AT);
        refused(vr, "tdx.tcb.status", "MRSIGNERSEAM " + "00".repeat(48) + " is not the TDX module's signer " + signer);
    }

    @Test
    void aModuleSignedByAnotherSignerIsRefused() {
        VerificationReport vr = full(Forged.captureWithBody(b -> b.set(TdReport.Field.MRSIGNERSEAM,
                Hex.decode("22".repeat(48)))), collateral(), FULL, AT);
        refused(vr, "tdx.tcb.status", "is not the TDX module identity TDX_01's signer");
    }

    @Test
    void seamAttributesMustBeZero() {
        VerificationReport vr = full(Forged.captureWithBody(b -> b.set(TdReport.Field.SEAMATTRIBUTES,
                Hex.decode("0100000000000000"))), collateral(), FULL, AT);
        refused(vr, "tdx.tcb.status", "SEAMATTRIBUTES 0100000000000000 must be zero and equal the TDX module"
                + " identity TDX_01's attributes 0000000000000000");
        // even when the identity publishes the same non-zero attributes
        VerificationReport same = full(Forged.captureWithBody(b -> b.set(TdReport.Field.SEAMATTRIBUTES,
                Hex.decode("0100000000000000"))), collateral().editTcbInfo(t -> {
                    for (var m : t.path("tdxModuleIdentities")) {
                        ((ObjectNode) m).put("attributes", "0100000000000000");
                    }
                }), FULL, AT);
        refused(same, "tdx.tcb.status", "must be zero");
    }

    // ---- TD 1.5: the relaunch rule (TEE_TCB_SVN2)

    private static TcbEvaluator.Result td15(String teeTcbSvn, String teeTcbSvn2, String qeIdentity) {
        byte[] v5 = TestVectors.bytes("tdx/dcapqvl_tdx_quote_v5_outdated.bin");
        TdxQuote q = TdxQuote.parse(QuoteForge.resign(v5, PKI, b -> b
                .set(TdReport.Field.TEE_TCB_SVN, Hex.decode(teeTcbSvn + "00".repeat(13)))
                .set(TdReport.Field.TEE_TCB_SVN2, Hex.decode(teeTcbSvn2 + "00".repeat(13)))));
        assertThat(q.body().isTd15()).isTrue();
        return TcbEvaluator.evaluate(q.body(), q.qeReport(), SgxExtensions.of(PKI.pck().certificate()),
                TcbInfo.parse(INTEL.tcbInfo()), QeIdentity.parse(qeIdentity));
    }

    @Test
    void aTd15LaunchedBeforeAModuleUpdateIsRelaunchAdvised() throws Exception {
        // module ISVSVN 4 (OutOfDate under TDX_01) at launch; the platform now runs ISVSVN 6, the latest
        TcbEvaluator.Result r = td15("040103", "060103", INTEL.qeIdentity());
        assertThat(r.status()).isEqualTo(TcbStatus.TD_RELAUNCH_ADVISED);
        assertThat(r.note()).contains("relaunching it brings it up to date");
        // the platform has not taken the update either: out of date
        assertThat(td15("040103", "050103", INTEL.qeIdentity()).status()).isEqualTo(TcbStatus.OUT_OF_DATE);
        // an out-of-date quoting enclave (ISVSVN 7 below a newer level 8) rules the relaunch out
        String newerQe = edited(INTEL.qeIdentity(), q -> {
            ArrayNode levels = (ArrayNode) q.path("tcbLevels");
            ObjectNode newer = levels.get(0).deepCopy();
            ((ObjectNode) newer.path("tcb")).put("isvsvn", 8);
            ((ObjectNode) levels.get(0)).put("tcbStatus", "OutOfDate");
            levels.insert(0, newer);
        });
        assertThat(td15("040103", "060103", newerQe).status()).isEqualTo(TcbStatus.OUT_OF_DATE);
        // a configuration-needed platform keeps that flavour
        String configNeeded = edited(INTEL.tcbInfo(), t -> ((ObjectNode) t.path("tcbLevels").get(0))
                .put("tcbStatus", "ConfigurationNeeded"));
        byte[] v5 = TestVectors.bytes("tdx/dcapqvl_tdx_quote_v5_outdated.bin");
        TdxQuote q = TdxQuote.parse(QuoteForge.resign(v5, PKI, b -> b
                .set(TdReport.Field.TEE_TCB_SVN, Hex.decode("040103" + "00".repeat(13)))
                .set(TdReport.Field.TEE_TCB_SVN2, Hex.decode("060103" + "00".repeat(13)))));
        assertThat(TcbEvaluator.evaluate(q.body(), q.qeReport(), SgxExtensions.of(PKI.pck().certificate()),
                TcbInfo.parse(configNeeded), QeIdentity.parse(INTEL.qeIdentity())).status())
                .isEqualTo(TcbStatus.TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED);
    }

    @Test
    void relaunchAdvisedIsNotAcceptedByDefault() {
        byte[] v5 = TestVectors.bytes("tdx/dcapqvl_tdx_quote_v5_outdated.bin");
        byte[] quote = QuoteForge.resign(v5, PKI, b -> b
                .set(TdReport.Field.TEE_TCB_SVN, Hex.decode("040103" + "00".repeat(13)))
                .set(TdReport.Field.TEE_TCB_SVN2, Hex.decode("060103" + "00".repeat(13))));
        VerificationContext ctx = VerificationContext.builder().at(AT).expectedNonce(new byte[32])
                .collateral(Collateral.parse(collateral().toJson())).build();
        VerificationReport vr = AttestationVerification.verify(DcapSamplesTest.quoteOnly(quote), FULL, ctx);
        refused(vr, "tdx.tcb.status", "TCB status TDRelaunchAdvised");
        VerificationReport accepted = AttestationVerification.verify(DcapSamplesTest.quoteOnly(quote), Forged.policy()
                .level(VerificationPolicy.Level.FULL).acceptTcbStatuses(Set.of(TcbStatus.UP_TO_DATE,
                        TcbStatus.TD_RELAUNCH_ADVISED)).build(), ctx);
        assertThat(accepted.check("tdx.tcb.status").orElseThrow().status()).isEqualTo(Outcome.PASS);
    }

    private static String edited(String json, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode o = (ObjectNode) Checks.JSON.readTree(json);
        edit.accept(o);
        return o.toString();
    }
}
