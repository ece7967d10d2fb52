package io.venice.e2ee.attestation.pki;

import io.venice.e2ee.attestation.dcap.IntelChains;
import io.venice.e2ee.attestation.nvidia.NvidiaChains;
import io.venice.e2ee.testing.pki.CertificateBuilder;
import io.venice.e2ee.testing.pki.Curve;
import io.venice.e2ee.testing.pki.IntelPki;
import io.venice.e2ee.testing.pki.Issued;
import io.venice.e2ee.testing.pki.NvidiaPki;
import org.junit.jupiter.api.Test;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chain rules, each shown on a chain built by the test PKI that breaks exactly that rule: the certificate whose
 * key is used is the first of the validated path; only a trailing certificate byte-identical to a pinned anchor is
 * dropped; empty and anchor-only chains, anchors or self-signed certificates inside the path, a wrong order, an anchor
 * outside its validity, and (per profile) a wrong length, name, signature algorithm or curve are refused.
 */
class ChainRulesTest {
    private static final Instant AT = Instant.parse("2026-04-24T01:58:41Z");
    private static final IntelPki PKI = IntelPki.builder().build();
    private static final List<X509Certificate> ANCHORS = List.of(PKI.root().certificate());

    private static X509Certificate pck() {
        return PKI.pck().certificate();
    }

    private static X509Certificate ca() {
        return PKI.pckCa().certificate();
    }

    private static X509Certificate root() {
        return PKI.root().certificate();
    }

    private static void refused(List<X509Certificate> chain, ChainProfile profile, String message) {
        assertThatThrownBy(() -> ChainValidator.validate(chain, profile, ANCHORS, AT))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining(message);
    }

    @Test
    void theLeafOfTheResultIsTheFirstCertificateCarried() throws Exception {
        ValidatedChain v = ChainValidator.validate(List.of(pck(), ca(), root()), IntelChains.PCK, ANCHORS, AT);
        assertThat(v.leaf()).isSameAs(pck());
        assertThat(v.path()).containsExactly(pck(), ca());
        assertThat(v.anchor()).isEqualTo(root());
        // without the trailing root the generic rules validate the same path
        assertThat(ChainValidator.validate(List.of(pck(), ca()), ANCHORS, AT).path()).containsExactly(pck(), ca());
    }

    @Test
    void anEmptyChainOrOneHoldingOnlyAnAnchorIsRefused() {
        refused(List.of(), ChainProfile.any("chain"), "is empty");
        refused(List.of(root()), ChainProfile.any("chain"), "holds only a trust anchor");
        refused(List.of(root(), root()), ChainProfile.any("chain"), "is a trust anchor itself");
    }

    @Test
    void aSelfSignedLeafWithIntelsNamesInFrontOfTheGenuineCaIsRefused() {
        KeyPair attacker = Curve.P256.generate();
        X509Certificate selfSigned = CertificateBuilder.subject(PKI.pck().principal(), attacker.getPublic())
                .selfSigned(attacker).build();
        refused(List.of(selfSigned, ca(), root()), IntelChains.PCK, "self-signed but not a pinned trust anchor");
        refused(List.of(selfSigned, ca(), root()), ChainProfile.any("chain"), "self-signed");
        // the issue's forgery: a self-signed "PCK Platform CA" and the root, which once became an empty path
        X509Certificate fakeCa = CertificateBuilder.subject(PKI.pckCa().principal(), attacker.getPublic())
                .selfSigned(attacker).ca(0).build();
        refused(List.of(fakeCa, root()), ChainProfile.any("chain"), "self-signed but not a pinned trust anchor");
        refused(List.of(fakeCa, root()), IntelChains.PCK, "must have exactly 3");
    }

    @Test
    void aTrailingRootThatIsNotTheAnchorIsValidatedNotDropped() {
        KeyPair other = Curve.P256.generate();
        X509Certificate lookalike = CertificateBuilder.subject(PKI.root().principal(), other.getPublic())
                .selfSigned(other).ca(null).build();
        refused(List.of(pck(), ca(), lookalike), IntelChains.PCK, "is not a pinned trust anchor");
        refused(List.of(pck(), ca(), lookalike), ChainProfile.any("chain"), "self-signed but not a pinned");
    }

    @Test
    void aWrongOrderIsRefused() {
        refused(List.of(ca(), pck(), root()), ChainProfile.any("chain"), "does not validate");
        refused(List.of(pck(), root(), ca()), IntelChains.PCK, "is not a pinned trust anchor");
    }

    @Test
    void aCertificateNamedLikeItsIssuerButSignedByAnotherKeyIsRefused() {
        KeyPair keys = Curve.P256.generate();
        X509Certificate forged = CertificateBuilder.subject(PKI.pck().principal(), keys.getPublic())
                .issuer(PKI.pckCa().principal(), Curve.P256.generate()).build();
        refused(List.of(forged, ca(), root()), IntelChains.PCK, "does not validate at certificate 0");
    }

    @Test
    void anAnchorOutsideItsValidityIsRefusedThoughPkixWouldAcceptIt() throws Exception {
        KeyPair rootKeys = Curve.P256.generate();
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        Issued expiredRoot = new Issued(CertificateBuilder.subject("CN=Expired Root", rootKeys.getPublic())
                .selfSigned(rootKeys).validity(from, Instant.parse("2021-01-01T00:00:00Z")).ca(null).build(), rootKeys);
        KeyPair caKeys = Curve.P256.generate();
        Issued ca = new Issued(CertificateBuilder.subject(PKI.pckCa().name(), caKeys.getPublic())
                .issuedBy(expiredRoot).ca(0).build(), caKeys);
        KeyPair leafKeys = Curve.P256.generate();
        X509Certificate leaf = CertificateBuilder.subject(PKI.pck().name(), leafKeys.getPublic()).issuedBy(ca).build();
        List<X509Certificate> anchors = List.of(expiredRoot.certificate());
        // PKIX itself does not look at the anchor's dates
        java.security.cert.PKIXParameters params = new java.security.cert.PKIXParameters(
                java.util.Set.of(new java.security.cert.TrustAnchor(expiredRoot.certificate(), null)));
        params.setRevocationEnabled(false);
        params.setDate(java.util.Date.from(AT));
        java.security.cert.CertPathValidator.getInstance("PKIX").validate(java.security.cert.CertificateFactory
                .getInstance("X.509").generateCertPath(List.of(leaf, ca.certificate())), params);
        assertThatThrownBy(() -> ChainValidator.validate(List.of(leaf, ca.certificate(), expiredRoot.certificate()),
                IntelChains.PCK, anchors, AT)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("the trust anchor CN=Expired Root is not valid at " + AT);
        assertThat(ChainValidator.validate(List.of(leaf, ca.certificate(), expiredRoot.certificate()), IntelChains.PCK,
                anchors, Instant.parse("2020-06-01T00:00:00Z")).leaf()).isEqualTo(leaf);
    }

    @Test
    void thePckChainHasExactlyThreeCertificates() {
        refused(List.of(pck(), ca()), IntelChains.PCK, "has 2 certificates; it must have exactly 3");
        KeyPair keys = Curve.P256.generate();
        X509Certificate under = PKI.issue("CN=Intel SGX PCK Platform CA,O=sub", keys, PKI.pckCa()).ca(0).build();
        refused(List.of(pck(), under, ca(), root()), IntelChains.PCK, "has 4 certificates");
    }

    @Test
    void thePckChainsNamesAreIntelsExactly() {
        KeyPair keys = Curve.P256.generate();
        X509Certificate misnamed = PKI.issue("CN=Intel SGX PCK Certificate (test),O=x", keys, PKI.pckCa()).build();
        refused(List.of(misnamed, ca(), root()), IntelChains.PCK,
                "certificate 0 (CN=Intel SGX PCK Certificate (test),O=x) must be named CN=Intel SGX PCK Certificate");
        // the TCB signing certificate is not a PCK CA, though Intel's root issued it
        X509Certificate underTcbSigner = PKI.issue(PKI.pck().name(), keys, PKI.tcbSigning()).build();
        refused(List.of(underTcbSigner, PKI.tcbSigning().certificate(), root()), IntelChains.PCK,
                "must be named CN=Intel SGX PCK Platform CA or CN=Intel SGX PCK Processor CA");
        X509Certificate twoNames = PKI.issue("CN=Intel SGX PCK Certificate,CN=Other", keys, PKI.pckCa()).build();
        refused(List.of(twoNames, ca(), root()), IntelChains.PCK, "more than one common name");
    }

    @Test
    void aProcessorCaPckChainIsAccepted() throws Exception {
        KeyPair caKeys = Curve.P256.generate();
        Issued processorCa = new Issued(PKI.issue("CN=Intel SGX PCK Processor CA,O=venice-e2ee tests (not Intel)",
                caKeys, PKI.root()).ca(0).build(), caKeys);
        KeyPair keys = Curve.P256.generate();
        X509Certificate leaf = PKI.issue(PKI.pck().name(), keys, processorCa).build();
        assertThat(ChainValidator.validate(List.of(leaf, processorCa.certificate(), root()), IntelChains.PCK, ANCHORS,
                AT).get(1)).isEqualTo(processorCa.certificate());
    }

    @Test
    void thePckChainIsEcdsaWithSha256OnP256() throws Exception {
        KeyPair p256 = Curve.P256.generate();
        X509Certificate sha384 = PKI.issue(PKI.pck().name(), p256, PKI.pckCa()).signatureAlgorithm("SHA384withECDSA")
                .build();
        refused(List.of(sha384, ca(), root()), IntelChains.PCK, "is signed with SHA384withECDSA");
        X509Certificate p384 = PKI.issue(PKI.pck().name(), Curve.P384.generate(), PKI.pckCa()).build();
        refused(List.of(p384, ca(), root()), IntelChains.PCK, "carries a 384-bit EC key; it must be an EC key on"
                + " secp256r1");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        X509Certificate rsaLeaf = PKI.issue(PKI.pck().name(), rsa.generateKeyPair(), PKI.pckCa()).build();
        refused(List.of(rsaLeaf, ca(), root()), IntelChains.PCK, "carries a RSA key");
        // PKIX alone accepts each of them
        assertThat(ChainValidator.validate(List.of(p384, ca(), root()), ANCHORS, AT).leaf()).isEqualTo(p384);
    }

    @Test
    void theTcbSigningChainIsExactlySignerAndRoot() throws Exception {
        X509Certificate signer = PKI.tcbSigning().certificate();
        assertThat(ChainValidator.validate(List.of(signer, root()), IntelChains.TCB_SIGNING_CHAIN, ANCHORS, AT).leaf())
                .isEqualTo(signer);
        refused(List.of(signer), IntelChains.TCB_SIGNING_CHAIN, "has 1 certificates; it must have exactly 2");
        refused(List.of(pck(), ca(), root()), IntelChains.TCB_SIGNING_CHAIN, "has 3 certificates");
        refused(List.of(ca(), root()), IntelChains.TCB_SIGNING_CHAIN, "must be named CN=Intel SGX TCB Signing");
    }

    @Test
    void aGpuChainHasFiveP384CertificatesEndingAtTheRoot() throws Exception {
        NvidiaPki nv = NvidiaPki.builder().build();
        List<X509Certificate> anchors = List.of(nv.root().certificate());
        assertThat(ChainValidator.validate(nv.chain(), NvidiaChains.DEVICE, anchors, AT).leaf())
                .isEqualTo(nv.device().certificate());
        assertThatThrownBy(() -> ChainValidator.validate(nv.chain().subList(0, 4), NvidiaChains.DEVICE, anchors, AT))
                .hasMessageContaining("has 4 certificates; it must have exactly 5");
        X509Certificate p256Device = CertificateBuilder.subject("CN=Device", Curve.P256.generate().getPublic())
                .issuedBy(nv.issuer()).build();
        assertThatThrownBy(() -> ChainValidator.validate(nv.chainWithLeaf(p256Device), NvidiaChains.DEVICE, anchors,
                AT)).hasMessageContaining("it must be an EC key on secp384r1");
    }
}
