package io.venice.e2ee.testing.pki;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A PKI shaped like NVIDIA's device identity one, on P-384: a root CA, a provisioner intermediate under it, and one
 * GPU's device certificate under that (its key signs the GPU's SPDM evidence). Its root is trusted nowhere unless a
 * verifier is told to.
 */
public final class NvidiaPki {

    /** The distinguished names of the three certificates. */
    public record Names(String root, String intermediate, String device) {
        /** NVIDIA's own names (a forgery that copies them must still fail on its keys). */
        public static final Names NVIDIA = new Names("CN=NVIDIA Device Identity CA,O=NVIDIA",
                "CN=NVIDIA GH100 Provisioner ICA 1,O=NVIDIA Corporation,C=US",
                "CN=GH100 A01 GSP FMC LF,O=NVIDIA Corporation,C=US");
        /** The simulator's names: NVIDIA's shape, saying whose they are. */
        public static final Names SIMULATOR = new Names(
                "CN=Venice E2EE Simulator NVIDIA Device Identity Test CA,O=venice-e2ee simulator (not NVIDIA)",
                "CN=Venice E2EE Simulator GH100 Provisioner Test CA,O=venice-e2ee simulator (not NVIDIA)",
                "CN=Venice E2EE Simulator GH100 Test Device,O=venice-e2ee simulator (not NVIDIA)");
        /** Names for tests. */
        public static final Names TEST = new Names("CN=Test GPU Root CA,O=venice-e2ee tests (not NVIDIA)",
                "CN=Test GPU Provisioner CA,O=venice-e2ee tests (not NVIDIA)",
                "CN=Test GPU Device,O=venice-e2ee tests (not NVIDIA)");
    }

    private final Issued root;
    private final Issued intermediate;
    private final Issued device;

    private NvidiaPki(Builder b) {
        KeyPair rootKeys = Curve.P384.generate();
        this.root = new Issued(CertificateBuilder.subject(b.names.root(), rootKeys.getPublic()).selfSigned(rootKeys)
                .validity(b.notBefore, b.notAfter).ca(null).build(), rootKeys);
        KeyPair caKeys = Curve.P384.generate();
        this.intermediate = new Issued(CertificateBuilder.subject(b.names.intermediate(), caKeys.getPublic())
                .issuedBy(root).validity(b.notBefore, b.notAfter).ca(0).build(), caKeys);
        KeyPair deviceKeys = Curve.P384.generate();
        this.device = new Issued(CertificateBuilder.subject(b.names.device(), deviceKeys.getPublic())
                .issuedBy(intermediate).validity(b.notBefore, b.notAfter).build(), deviceKeys);
    }

    /** A builder: {@link Names#TEST}, valid 2020 to 2100. */
    public static Builder builder() {
        return new Builder();
    }

    /** The root CA (self-signed). */
    public Issued root() {
        return root;
    }

    /** The provisioner CA, issued by the root. */
    public Issued intermediate() {
        return intermediate;
    }

    /** The device certificate, issued by the intermediate. */
    public Issued device() {
        return device;
    }

    /** The chain a GPU presents: device, intermediate, root. */
    public List<X509Certificate> chain() {
        return List.of(device.certificate(), intermediate.certificate(), root.certificate());
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
