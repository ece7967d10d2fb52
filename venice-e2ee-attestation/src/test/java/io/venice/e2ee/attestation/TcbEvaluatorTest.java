package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.dcap.Collateral;
import io.venice.e2ee.attestation.dcap.SgxExtensions;
import io.venice.e2ee.attestation.dcap.QeIdentity;
import io.venice.e2ee.attestation.dcap.TcbEvaluator;
import io.venice.e2ee.attestation.dcap.TcbInfo;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;
import io.venice.e2ee.attestation.dcap.TcbStatus;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Intel's TDX TCB rules on the capture's quote, with the collateral's levels edited (signatures not involved). */
class TcbEvaluatorTest {
    private static final TdxQuote QUOTE = TdxQuote.parse(AttestationReport.parse(Evidence.captureJson()).intelQuote().toOptional().orElseThrow());
    private static final Collateral COLLATERAL = Evidence.captureCollateral();

    private static SgxExtensions pck() throws Exception {
        return SgxExtensions.of(Pem.certificates(QUOTE.pckChainPem()).get(0));
    }

    private static TcbEvaluator.Result evaluate(Consumer<ObjectNode> tcb, Consumer<ObjectNode> qe) throws Exception {
        ObjectNode t = (ObjectNode) Checks.JSON.readTree(COLLATERAL.tcbInfo());
        ObjectNode q = (ObjectNode) Checks.JSON.readTree(COLLATERAL.qeIdentity());
        tcb.accept(t);
        qe.accept(q);
        return TcbEvaluator.evaluate(QUOTE.body(), QUOTE.qeReport(), pck(), TcbInfo.parse(t.toString()),
                QeIdentity.parse(q.toString()));
    }

    private static ObjectNode level(ObjectNode root, int i) {
        return (ObjectNode) root.path("tcbLevels").get(i);
    }

    @Test
    void thePckExtensionsNameThePlatformOfEachSample() throws Exception {
        assertThat(Hex.encode(pck().fmspc())).isEqualTo(Checks.JSON.readTree(COLLATERAL.tcbInfo()).path("fmspc").asText());
        for (String sample : new String[] {"dcapqvl_tdx_quote_v4", "dcapqvl_tdx_quote_v5_outdated"}) {
            TdxQuote q = TdxQuote.parse(TestVectors.bytes("tdx/" + sample + ".bin"));
            SgxExtensions ext = SgxExtensions.of(Pem.certificates(q.pckChainPem()).get(0));
            String fmspc = Checks.JSON.readTree(TestVectors.json("tdx/" + sample + "_collateral.json").path("tcb_info")
                    .asText()).path("fmspc").asText();
            assertThat(Hex.encode(ext.fmspc())).isEqualToIgnoringCase(fmspc);
            assertThat(ext.sgxComponents()).hasSize(16);
            assertThat(ext.cpuSvn()).hasSize(16);
            for (int i = 0; i < 16; i++) {
                assertThat(ext.sgxComponents()[i]).isEqualTo(ext.cpuSvn()[i] & 0xff);
            }
        }
    }

    @Test
    void theCaptureIsUpToDate() throws Exception {
        TcbEvaluator.Result r = evaluate(t -> { }, q -> { });
        assertThat(r.status()).isEqualTo(TcbStatus.UP_TO_DATE);
        assertThat(r.note()).isNull();
    }

    @Test
    void anOutOfDateQuotingEnclaveLowersThePlatform() throws Exception {
        Consumer<ObjectNode> qeOutdated = q -> {
            ArrayNode levels = (ArrayNode) q.path("tcbLevels");
            ObjectNode newer = levels.get(0).deepCopy();
            ((ObjectNode) newer.path("tcb")).put("isvsvn", 99);
            ((ObjectNode) levels.get(0)).put("tcbStatus", "OutOfDate");
            levels.insert(0, newer);
        };
        assertThat(evaluate(t -> { }, qeOutdated).status()).isEqualTo(TcbStatus.OUT_OF_DATE);
        assertThat(evaluate(t -> level(t, 0).put("tcbStatus", "ConfigurationNeeded"), qeOutdated).status())
                .isEqualTo(TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED);
        assertThat(evaluate(t -> level(t, 0).put("tcbStatus", "ConfigurationNeeded"), q -> { }).status())
                .isEqualTo(TcbStatus.CONFIGURATION_NEEDED);
    }

    @Test
    void advisoriesOfTheChosenLevelAreReported() throws Exception {
        TcbEvaluator.Result r = evaluate(t -> level(t, 0).put("tcbStatus", "SWHardeningNeeded")
                .putArray("advisoryIDs").add("INTEL-SA-00000"), q -> { });
        assertThat(r.status()).isEqualTo(TcbStatus.SW_HARDENING_NEEDED);
        assertThat(r.advisoryIds()).containsExactly("INTEL-SA-00000");
    }

    @Test
    void aPlatformBelowEveryLevelIsNotSupported() throws Exception {
        TcbEvaluator.Result r = evaluate(t -> {
            for (var l : t.path("tcbLevels")) {
                ((ObjectNode) l.path("tcb")).put("pcesvn", 99 + l.path("tcb").path("pcesvn").asInt());
            }
        }, q -> { });
        assertThat(r.status()).isEqualTo(TcbStatus.NOT_SUPPORTED);
        assertThat(r.status().acceptable()).isFalse();
        assertThat(r.note()).isEqualTo("the PCK certificate's SGX TCB components 3,3,2,2,4,1,0,5,0,0,0,0,0,0,0,0 and"
                + " PCESVN 13 are below every TCB level Intel lists");
    }

    @Test
    void identityMismatchesGiveNoStatus() throws Exception {
        assertThat(evaluate(t -> { }, q -> q.put("mrsigner", "00".repeat(32))).mismatch()).contains("MRSIGNER");
        assertThat(evaluate(t -> { }, q -> q.put("isvprodid", 7)).mismatch()).contains("ISVPRODID");
        assertThat(evaluate(t -> { }, q -> q.put("attributesMask", "FF".repeat(16)).put("attributes", "00".repeat(16)))
                .mismatch()).contains("ATTRIBUTES");
        assertThat(evaluate(t -> t.put("fmspc", "000000000000"), q -> { }).mismatch()).contains("FMSPC");
        assertThat(evaluate(t -> ((ArrayNode) t.path("tdxModuleIdentities")).remove(1), q -> { }).mismatch())
                .contains("no TDX module identity TDX_01");
    }

    @Test
    void aModuleBelowEveryLevelOfItsIdentityIsNotSupported() throws Exception {
        TcbEvaluator.Result r = evaluate(t -> {
            for (var m : t.path("tdxModuleIdentities")) {
                for (var l : m.path("tcbLevels")) {
                    ((ObjectNode) l.path("tcb")).put("isvsvn", 99 + l.path("tcb").path("isvsvn").asInt());
                }
            }
        }, q -> { });
        assertThat(r.status()).isEqualTo(TcbStatus.NOT_SUPPORTED);
        assertThat(r.note()).isEqualTo("TDX module ISVSVN 7 is below every level of TDX module identity TDX_01");
    }
}
