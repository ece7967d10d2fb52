package io.venice.e2ee.attestation.aci;

import java.util.Objects;

/**
 * One TLS key of a workload keyset: the SHA-256 of a certificate's SubjectPublicKeyInfo, and the host it serves.
 *
 * @param spkiSha256 {@code spki_sha256}, lower-case hex
 * @param domain     {@code domain}, or null when the key is not scoped to one host
 */
public record TlsKey(String spkiSha256, String domain) {
    /** Validates the digest. */
    public TlsKey {
        Objects.requireNonNull(spkiSha256, "spkiSha256");
    }
}
