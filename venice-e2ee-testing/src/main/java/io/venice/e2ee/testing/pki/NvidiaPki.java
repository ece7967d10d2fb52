package io.venice.e2ee.testing.pki;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A PKI shaped like NVIDIA's device identity one, on P-384 with ECDSA-SHA384 throughout: a root CA, then the product
 * identity CA, the provisioner CA and the GSP BROM CA under it, and one GPU's device certificate under that (its key
 * signs the GPU's SPDM evidence): the five certificates a GPU presents. Its root is trusted nowhere unless a verifier
 * is told to.
 */
public final class NvidiaPki {

    /** The distinguished names of the five certificates, root first. */
    public record Names(String root, String identity, String provisioner, String brom, String device) {
        /** NVIDIA's own names (a forgery that copies them must still fail on its keys). */
        public static final Names NVIDIA = new Names("CN=NVIDIA Device Identity CA,O=NVIDIA",
                "CN=NVIDIA GH100 Identity,O=NVIDIA Corporation",
                "CN=NVIDIA GH100 Provisioner ICA 1,O=NVIDIA Corporation,C=US",
                "CN=GH100 A01 GSP BROM,O=NVIDIA Corporation,C=US",
                "CN=GH100 A01 GSP FMC LF,O=NVIDIA Corporation,C=US");
        /** The simulator's names: NVIDIA's shape, saying whose they are. */
        public static final Names SIMULATOR = new Names(
                "CN=Venice E2EE Simulator NVIDIA Device Identity Test CA,O=venice-e2ee simulator (not NVIDIA)",
                "CN=Venice E2EE Simulator GH100 Identity Test CA,O=venice-e2ee simulator (not NVIDIA)",
                "CN=Venice E2EE Simulator GH100 Provisioner Test CA,O=venice-e2ee simulator (not NVIDIA)",
                "CN=Venice E2EE Simulator GH100 GSP BROM Test CA,O=venice-e2ee simulator (not NVIDIA)",
                "CN=Venice E2EE Simulator GH100 Test Device,O=venice-e2ee simulator (not NVIDIA)");
        /** Names for tests. */
        public static final Names TEST = new Names("CN=Test GPU Root CA,O=venice-e2ee tests (not NVIDIA)",
                "CN=Test GPU Identity CA,O=venice-e2ee tests (not NVIDIA)",
                "CN=Test GPU Provisioner CA,O=venice-e2ee tests (not NVIDIA)",
                "CN=Test GPU BROM CA,O=venice-e2ee tests (not NVIDIA)",
                "CN=Test GPU Device,O=venice-e2ee tests (not NVIDIA)");
    }

    private final List<Issued> cas;
    private final Issued device;

    private NvidiaPki(Builder b) {
        KeyPair rootKeys = Curve.P384.generate();
        List<Issued> chainOfCas = new ArrayList<>();
        chainOfCas.add(new Issued(CertificateBuilder.subject(b.names.root(), rootKeys.getPublic())
                .selfSigned(rootKeys).validity(b.notBefore, b.notAfter).ca(null).build(), rootKeys));
        List<String> below = List.of(b.names.identity(), b.names.provisioner(), b.names.brom());
        for (int i = 0; i < below.size(); i++) {
            KeyPair keys = Curve.P384.generate();
            chainOfCas.add(new Issued(CertificateBuilder.subject(below.get(i), keys.getPublic())
                    .issuedBy(chainOfCas.get(i)).validity(b.notBefore, b.notAfter).ca(below.size() - 1 - i).build(),
                    keys));
        }
        this.cas = List.copyOf(chainOfCas);
        KeyPair deviceKeys = Curve.P384.generate();
        this.device = new Issued(CertificateBuilder.subject(b.names.device(), deviceKeys.getPublic())
                .issuedBy(issuer()).validity(b.notBefore, b.notAfter).build(), deviceKeys);
    }

    /** A builder: {@link Names#TEST}, valid 2020 to 2100. */
    public static Builder builder() {
        return new Builder();
    }

    /** The root CA (self-signed). */
    public Issued root() {
        return cas.get(0);
    }

    /** The CA that issued the device certificate (the GSP BROM CA). */
    public Issued issuer() {
        return cas.get(cas.size() - 1);
    }

    /** The device certificate, issued by {@link #issuer()}. */
    public Issued device() {
        return device;
    }

    /** The chain a GPU presents: device, BROM CA, provisioner CA, identity CA, root. */
    public List<X509Certificate> chain() {
        return chainWithLeaf(device.certificate());
    }

    /** The chain a GPU presents with {@code leaf} in place of the device certificate. */
    public List<X509Certificate> chainWithLeaf(X509Certificate leaf) {
        List<X509Certificate> out = new ArrayList<>();
        out.add(leaf);
        for (int i = cas.size() - 1; i >= 0; i--) {
            out.add(cas.get(i).certificate());
        }
        return List.copyOf(out);
    }

    /** Builds a {@link NvidiaPki}. */
    public static final class Builder {
        private Names names = Names.TEST;
        private Instant notBefore = CertificateBuilder.DEFAULT_NOT_BEFORE;
        private Instant notAfter = CertificateBuilder.DEFAULT_NOT_AFTER;

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

        /** The PKI, with fresh keys. */
        public NvidiaPki build() {
            return new NvidiaPki(this);
        }
    }
}
