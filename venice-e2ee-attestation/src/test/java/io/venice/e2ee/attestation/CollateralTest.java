package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.dcap.Collateral;
import io.venice.e2ee.attestation.pki.EcKeys;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.TestVectors;
import io.venice.e2ee.attestation.error.AttestationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollateralTest {
    private static final String C = Evidence.CAPTURE;

    private static String header(String meta, String name) {
        return TestVectors.json(C + meta).path("headers").path(name).get(0).asText();
    }

    @Test
    void theRawIntelAnswersGiveTheSameCollateral() {
        Collateral shaped = Evidence.captureCollateral();
        Collateral pcs = Collateral.fromIntelPcs()
                .tcbInfo(Evidence.text(C + "0002_api.trustedservices.intel.com_tdx_certification_v4_tcb.body"),
                        header("0002_api.trustedservices.intel.com_tdx_certification_v4_tcb.meta.json",
                                "Tcb-Info-Issuer-Chain"))
                .qeIdentity(Evidence.text(C + "0003_api.trustedservices.intel.com_tdx_certification_v4_qe_identity.body"),
                        header("0003_api.trustedservices.intel.com_tdx_certification_v4_qe_identity.meta.json",
                                "Sgx-Enclave-Identity-Issuer-Chain"))
                .pckCrl(TestVectors.bytes(C + "0004_api.trustedservices.intel.com_sgx_certification_v4_pckcrl.body"),
                        header("0004_api.trustedservices.intel.com_sgx_certification_v4_pckcrl.meta.json",
                                "Sgx-Pck-Crl-Issuer-Chain"))
                .rootCaCrl(Hex.decode(TestVectors.json(C + "collateral.json").path("root_ca_crl").asText()))
                .build();
        assertThat(pcs.tcbInfo()).isEqualTo(shaped.tcbInfo());
        assertThat(pcs.qeIdentity()).isEqualTo(shaped.qeIdentity());
        assertThat(pcs.tcbInfoSignature()).isEqualTo(shaped.tcbInfoSignature());
        assertThat(pcs.pckCrl()).isEqualTo(shaped.pckCrl());
        VerificationReport vr = AttestationVerification.verify(AttestationReport.parse(Evidence.captureJson()),
                VerificationPolicy.builder().level(VerificationPolicy.Level.FULL).build(), Evidence.captureContext().collateral(pcs).build());
        assertThat(vr.passed()).as(vr.summary()).isTrue();
    }

    @Test
    void goTdxGuestPcsAnswersVerifyWithIntelsSigningKey() throws Exception {
        Collateral capture = Evidence.captureCollateral();
        Collateral pcs = Collateral.fromIntelPcs()
                .tcbInfo(Evidence.text("tdx/gotdxguest_sample_tcbInfo_response.json"), capture.tcbInfoIssuerChain())
                .qeIdentity(Evidence.text("tdx/gotdxguest_sample_qeIdentity_response.json"),
                        capture.qeIdentityIssuerChain())
                .pckCrl(TestVectors.bytes(C + "0004_api.trustedservices.intel.com_sgx_certification_v4_pckcrl.body"),
                        capture.pckCrlIssuerChain())
                .rootCaCrl(Hex.decode(TestVectors.json(C + "collateral.json").path("root_ca_crl").asText()))
                .build();
        assertThat(pcs.tcbInfo()).startsWith("{\"id\":\"TDX\"").endsWith("}");
        assertThat(pcs.qeIdentity()).startsWith("{\"id\":\"TD_QE\"").endsWith("}");
        // Intel's TCB signing key is the same across its certificate renewals: both answers verify with it
        java.security.PublicKey signer = io.venice.e2ee.attestation.pki.Pem.certificates(capture.tcbInfoIssuerChain())
                .get(0).getPublicKey();
        assertThat(EcKeys.verifyP256(signer, pcs.tcbInfo().getBytes(StandardCharsets.UTF_8), pcs.tcbInfoSignature()))
                .isTrue();
        assertThat(EcKeys.verifyP256(signer, pcs.qeIdentity().getBytes(StandardCharsets.UTF_8),
                pcs.qeIdentitySignature())).isTrue();
    }

    @Test
    void reserialisedTcbInfoFailsItsSignature() throws Exception {
        ObjectNode c = (ObjectNode) Checks.JSON.readTree(Evidence.text(C + "collateral.json"));
        c.put("tcb_info", Checks.JSON.readTree(c.path("tcb_info").asText()).toPrettyString());
        VerificationReport vr = AttestationVerification.verify(AttestationReport.parse(Evidence.captureJson()),
                VerificationPolicy.builder().level(VerificationPolicy.Level.FULL).build(),
                Evidence.captureContext().collateral(Collateral.parse(c.toString())).build());
        Checks.assertFailures(vr, Set.of("tdx.collateral.signatures"), Set.of("tdx.tcb.status"));
        assertThat(vr.check("tdx.collateral.signatures").orElseThrow().reason())
                .contains("TCB info signature does not verify");
    }

    @Test
    void malformedCollateralIsNamed() throws Exception {
        ObjectNode c = (ObjectNode) Checks.JSON.readTree(Evidence.text(C + "collateral.json"));
        c.put("pck_crl", "abcd");
        assertField(c.toString(), "pck_crl");
        c = (ObjectNode) Checks.JSON.readTree(Evidence.text(C + "collateral.json"));
        c.remove("qe_identity_signature");
        assertField(c.toString(), "qe_identity_signature");
        c = (ObjectNode) Checks.JSON.readTree(Evidence.text(C + "collateral.json"));
        c.set("tcb_info", Checks.JSON.readTree(c.path("tcb_info").asText()));
        assertField(c.toString(), "tcb_info");
        assertField("nope", "(document)");
    }

    private static void assertField(String json, String field) {
        assertThatThrownBy(() -> Collateral.parse(json)).isInstanceOf(AttestationException.MalformedCollateral.class)
                .satisfies(e -> assertThat(((AttestationException) e).field()).isEqualTo(field));
    }
}
