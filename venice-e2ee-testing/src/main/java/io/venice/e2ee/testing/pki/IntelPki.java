package io.venice.e2ee.testing.pki;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A PKI shaped like Intel's SGX/TDX one, on P-256: a root CA, a PCK platform CA under it, a PCK certificate carrying
 * the SGX extension under that, and a TCB signing certificate under the root (it signs TCB info and QE identity).
 * Its root is trusted nowhere unless a verifier is told to; {@link #crl(Issued)} and {@link CertificateBuilder} make
 * the CRLs and any forged certificate beside it.
 */
public final class IntelPki {

    /**
     * The distinguished names of the four certificates. Verifiers check the common names of the PCK certificate, the
     * PCK CA and the TCB signing certificate exactly (the root is whatever anchor is pinned), so the test and
     * simulator names keep Intel's common names and say whose they are in the organisation.
     */
    public record Names(String root, String pckCa, String pck, String tcbSigning) {
        /** Intel's own names (a forgery that copies them must still fail on its keys). */
        public static final Names INTEL = new Names(
                "CN=Intel SGX Root CA,O=Intel Corporation,L=Santa Clara,ST=CA,C=US",
                "CN=Intel SGX PCK Platform CA,O=Intel Corporation,L=Santa Clara,ST=CA,C=US",
                "CN=Intel SGX PCK Certificate,O=Intel Corporation,L=Santa Clara,ST=CA,C=US",
                "CN=Intel SGX TCB Signing,O=Intel Corporation,L=Santa Clara,ST=CA,C=US");
        /** The simulator's names: Intel's common names, an organisation saying whose they are. */
        public static final Names SIMULATOR = new Names(
                "CN=Venice E2EE Simulator TDX Test Root CA,O=venice-e2ee simulator (not Intel),C=US",
                "CN=Intel SGX PCK Platform CA,O=venice-e2ee simulator (not Intel),C=US",
                "CN=Intel SGX PCK Certificate,O=venice-e2ee simulator (not Intel),C=US",
                "CN=Intel SGX TCB Signing,O=venice-e2ee simulator (not Intel),C=US");
        /** Names for tests: Intel's common names, an organisation saying whose they are. */
        public static final Names TEST = new Names(
                "CN=Test SGX Root CA,O=venice-e2ee tests (not Intel)",
                "CN=Intel SGX PCK Platform CA,O=venice-e2ee tests (not Intel)",
                "CN=Intel SGX PCK Certificate,O=venice-e2ee tests (not Intel)",
                "CN=Intel SGX TCB Signing,O=venice-e2ee tests (not Intel)");
    }

    private final Issued root;
    private final Issued pckCa;
    private final Issued pck;
    private final Issued tcbSigning;
    private final Instant notBefore;
    private final Instant notAfter;

    private IntelPki(Builder b) {
        this.notBefore = b.notBefore;
        this.notAfter = b.notAfter;
        KeyPair rootKeys = Curve.P256.generate();
        this.root = new Issued(CertificateBuilder.subject(b.names.root(), rootKeys.getPublic()).selfSigned(rootKeys)
                .validity(notBefore, notAfter).ca(null).build(), rootKeys);
        KeyPair caKeys = Curve.P256.generate();
        this.pckCa = new Issued(CertificateBuilder.subject(b.names.pckCa(), caKeys.getPublic()).issuedBy(root)
                .validity(notBefore, notAfter).ca(0).build(), caKeys);
        KeyPair pckKeys = Curve.P256.generate();
        this.pck = new Issued(CertificateBuilder.subject(b.names.pck(), pckKeys.getPublic()).issuedBy(pckCa)
                .validity(notBefore, notAfter).extension(SgxPckExtension.OID, false, b.sgx.encode()).build(), pckKeys);
        KeyPair tcbKeys = Curve.P256.generate();
        this.tcbSigning = new Issued(CertificateBuilder.subject(b.names.tcbSigning(), tcbKeys.getPublic())
                .issuedBy(root).validity(notBefore, notAfter).build(), tcbKeys);
    }

    /** A builder: {@link Names#TEST}, valid 2020 to 2100, the Venice capture platform's SGX extension. */
    public static Builder builder() {
        return new Builder();
    }

    /** The root CA (self-signed). */
    public Issued root() {
        return root;
    }

    /** The PCK platform CA, issued by the root. */
    public Issued pckCa() {
        return pckCa;
    }

    /** The PCK certificate with the SGX extension, issued by the platform CA. */
    public Issued pck() {
        return pck;
    }

    /** The TCB signing certificate, issued by the root. */
    public Issued tcbSigning() {
        return tcbSigning;
    }

    /** The chain a quote carries: PCK certificate, platform CA, root. */
    public List<X509Certificate> pckChain() {
        return List.of(pck.certificate(), pckCa.certificate(), root.certificate());
    }

    /** The TCB info and QE identity issuer chain: TCB signing certificate, root. */
    public List<X509Certificate> tcbSigningChain() {
        return List.of(tcbSigning.certificate(), root.certificate());
    }

    /** A CRL of {@code issuer} (the root, or the platform CA), current over this PKI's validity. */
    public CrlBuilder crl(Issued issuer) {
        return CrlBuilder.issuedBy(issuer).thisUpdate(notBefore).nextUpdate(notAfter);
    }

    /** A certificate for {@code keys} named {@code dn}, issued by {@code issuer} over this PKI's validity. */
    public CertificateBuilder issue(String dn, KeyPair keys, Issued issuer) {
        return CertificateBuilder.subject(dn, keys.getPublic()).issuedBy(issuer).validity(notBefore, notAfter);
    }

    /** Builds an {@link IntelPki}. */
    public static final class Builder {
        private Names names = Names.TEST;
        private Instant notBefore = CertificateBuilder.DEFAULT_NOT_BEFORE;
        private Instant notAfter = CertificateBuilder.DEFAULT_NOT_AFTER;
        private SgxPckExtension sgx = SgxPckExtension.builder();

        private Builder() {
        }

        /** The certificates' names. */
        public Builder names(Names names) {
            this.names = Objects.requireNonNull(names, "names");
            return this;
        }

        /** Every certificate's validity. */
        public Builder validity(Instant from, Instant to) {
            this.notBefore = Objects.requireNonNull(from, "from");
            this.notAfter = Objects.requireNonNull(to, "to");
            return this;
        }

        /** The PCK certificate's SGX extension. */
        public Builder sgxExtension(SgxPckExtension sgx) {
            this.sgx = Objects.requireNonNull(sgx, "sgx");
            return this;
        }

        /** The PKI, with fresh keys. */
        public IntelPki build() {
            return new IntelPki(this);
        }
    }
}
