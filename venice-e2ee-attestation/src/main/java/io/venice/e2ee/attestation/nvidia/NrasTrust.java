package io.venice.e2ee.attestation.nvidia;

import io.venice.e2ee.attestation.pki.PinnedRoots;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What an NRAS token must come from: a key whose {@code x5c} chain validates to one of {@code anchors} (pinned
 * intermediates, byte for byte) at the verification time, in a token whose {@code iss} is {@code issuer}.
 *
 * @param anchors the pinned certificates NRAS signing certificates must chain to
 * @param issuer  the {@code iss} every token must carry
 */
public record NrasTrust(List<X509Certificate> anchors, String issuer) {
    /** NVIDIA's production service's issuer. */
    public static final String NVIDIA_ISSUER = "https://nras.attestation.nvidia.com";

    private static final NrasTrust NVIDIA = new NrasTrust(List.of(PinnedRoots.nrasGpuIntermediate004()),
            NVIDIA_ISSUER);

    /** Validates and copies the parts. */
    public NrasTrust {
        anchors = List.copyOf(anchors);
        Objects.requireNonNull(issuer, "issuer");
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("pin at least one NRAS intermediate");
        }
    }

    /** NVIDIA's service: Intermediate 004 pinned, issuer {@value #NVIDIA_ISSUER}. */
    public static NrasTrust nvidia() {
        return NVIDIA;
    }
}
