package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.dcap.IntelChains;
import io.venice.e2ee.attestation.dcap.SgxExtensions;
import io.venice.e2ee.attestation.nvidia.NvidiaChains;
import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.attestation.pki.ChainValidator;
import io.venice.e2ee.attestation.pki.EcKeys;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.pki.CertificateBuilder;
import io.venice.e2ee.testing.pki.Curve;
import io.venice.e2ee.testing.pki.IntelPki;
import io.venice.e2ee.testing.pki.NvidiaPki;
import io.venice.e2ee.testing.pki.Pems;
import io.venice.e2ee.testing.pki.SgxPckExtension;
import org.junit.jupiter.api.Test;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared test PKI (venice-e2ee-testing) read back by this module's own readers: what it issues is what Intel- and
 * NVIDIA-shaped evidence carries, and the forgeries it can build are refused where they should be.
 */
class TestPkiTest {
    private static final Instant AT = Instant.parse("2026-04-24T01:58:41Z");

    @Test
    void theIntelShapedChainValidatesToItsRootOnly() throws Exception {
        IntelPki pki = IntelPki.builder().names(IntelPki.Names.INTEL).build();
        List<X509Certificate> chain = Pem.certificates(Pems.chain(pki.pckChain()));
        assertThat(ChainValidator.validate(chain, IntelChains.PCK, List.of(pki.root().certificate()), AT).anchor())
                .isEqualTo(pki.root().certificate());
        assertThat(ChainValidator.validate(pki.tcbSigningChain(), IntelChains.TCB_SIGNING_CHAIN,
                List.of(pki.root().certificate()), AT).leaf()).isEqualTo(pki.tcbSigning().certificate());
        assertThat(pki.pck().name()).isEqualTo("CN=Intel SGX PCK Certificate,O=Intel Corporation,L=Santa Clara,ST=CA,"
                + "C=US");
        // Intel's names on other keys are not Intel's chain
        assertThatThrownBy(() -> ChainValidator.validate(chain,
                List.of(io.venice.e2ee.attestation.pki.PinnedRoots.intelSgxRootCa()), AT))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void theSgxExtensionReadsBackAsWritten() {
        int[] components = {5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9};
        byte[] fmspc = Hex.decode("00906ed50000");
        IntelPki pki = IntelPki.builder().sgxExtension(SgxPckExtension.builder().fmspc(fmspc).pceSvn(11)
                .components(components)).build();
        SgxExtensions read = SgxExtensions.of(pki.pck().certificate());
        assertThat(read.fmspc()).isEqualTo(fmspc);
        assertThat(read.pceSvn()).isEqualTo(11);
        assertThat(read.sgxComponents()).containsExactly(components);
        assertThat(read.cpuSvn()).containsExactly(5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9);
        IntelPki noFmspc = IntelPki.builder().sgxExtension(SgxPckExtension.builder()
                .without(SgxPckExtension.Part.FMSPC)).build();
        assertThatThrownBy(() -> SgxExtensions.of(noFmspc.pck().certificate()))
                .isInstanceOf(AttestationException.MalformedQuote.class)
                .satisfies(e -> assertThat(((AttestationException) e).field()).isEqualTo("pck_certificate.fmspc"));
    }

    @Test
    void crlsAreSignedByTheirIssuerAndRevokeWhatTheyList() throws Exception {
        IntelPki pki = IntelPki.builder().build();
        X509CRL crl = pki.crl(pki.pckCa()).revoke(pki.pck().certificate()).build();
        crl.verify(pki.pckCa().certificate().getPublicKey());
        assertThat(crl.isRevoked(pki.pck().certificate())).isTrue();
        assertThat(crl.getIssuerX500Principal()).isEqualTo(pki.pck().certificate().getIssuerX500Principal());
        assertThat(Pem.crl(Pems.crl(crl).getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isEqualTo(crl);
        X509CRL forged = io.venice.e2ee.testing.pki.CrlBuilder.issuer(pki.pckCa().name(), Curve.P256.generate())
                .build();
        assertThatThrownBy(() -> forged.verify(pki.pckCa().certificate().getPublicKey()))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void theForgeriesItBuildsAreRefusedByTheChainValidator() {
        IntelPki pki = IntelPki.builder().build();
        List<X509Certificate> anchors = List.of(pki.root().certificate());
        KeyPair keys = Curve.P256.generate();
        // a self-signed leaf in front of the genuine CA and root
        X509Certificate selfSigned = CertificateBuilder.subject(pki.pck().name(), keys.getPublic()).selfSigned(keys)
                .build();
        assertThatThrownBy(() -> ChainValidator.validate(List.of(selfSigned, pki.pckCa().certificate(),
                pki.root().certificate()), anchors, AT)).isInstanceOf(GeneralSecurityException.class);
        // the CA's name, another key
        X509Certificate wrongKey = CertificateBuilder.subject(pki.pck().name(), keys.getPublic())
                .issuer(pki.pckCa().name(), Curve.P256.generate()).build();
        assertThatThrownBy(() -> ChainValidator.validate(List.of(wrongKey, pki.pckCa().certificate()), anchors, AT))
                .isInstanceOf(GeneralSecurityException.class);
        // expired
        X509Certificate expired = pki.issue(pki.pck().name(), keys, pki.pckCa())
                .validity(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2021-01-01T00:00:00Z")).build();
        assertThatThrownBy(() -> ChainValidator.validate(List.of(expired, pki.pckCa().certificate()), anchors, AT))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("certificate 0");
        // declared SHA-384, signed with SHA-256
        X509Certificate misdeclared = pki.issue(pki.pck().name(), keys, pki.pckCa())
                .declaredSignatureAlgorithm("SHA384withECDSA").build();
        assertThat(misdeclared.getSigAlgName()).isEqualTo("SHA384withECDSA");
        assertThatThrownBy(() -> ChainValidator.validate(List.of(misdeclared, pki.pckCa().certificate()), anchors,
                AT)).isInstanceOf(GeneralSecurityException.class);
        // a leaf acting as a CA
        X509Certificate underLeaf = CertificateBuilder.subject("CN=Under a leaf", keys.getPublic())
                .issuedBy(pki.pck()).build();
        assertThatThrownBy(() -> ChainValidator.validate(List.of(underLeaf, pki.pck().certificate(),
                pki.pckCa().certificate()), anchors, AT)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void theNvidiaShapedChainValidatesAndItsDeviceKeySignsEvidence() throws Exception {
        NvidiaPki pki = NvidiaPki.builder().build();
        assertThat(ChainValidator.validate(pki.chain(), NvidiaChains.DEVICE, List.of(pki.root().certificate()), AT)
                .leaf()).isEqualTo(pki.device().certificate());
        byte[] evidence = "spdm".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] rs = Curve.P384.signRaw(pki.device().keys().getPrivate(), evidence);
        assertThat(rs).hasSize(96);
        assertThat(EcKeys.verifyP384(pki.device().certificate().getPublicKey(), evidence, rs)).isTrue();
        assertThat(EcKeys.p384(Curve.P384.rawPublicKey(pki.device().keys().getPublic())).getEncoded())
                .isEqualTo(pki.device().certificate().getPublicKey().getEncoded());
    }
}
