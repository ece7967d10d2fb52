package io.venice.e2ee.attestation.pki;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate chain that validated: the path PKIX checked, leaf first, without the trust anchor, and the anchor it
 * ends at. Every certificate of the path was validated, so {@link #leaf()} is the certificate whose key may be used.
 *
 * @param path   the validated certificates, leaf first, never empty and never holding the anchor
 * @param anchor the pinned anchor the path chains to
 */
public record ValidatedChain(List<X509Certificate> path, X509Certificate anchor) {
    /** Validates the parts; the path is copied. */
    public ValidatedChain {
        path = List.copyOf(path);
        Objects.requireNonNull(anchor, "anchor");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a validated chain has at least one certificate besides its anchor");
        }
    }

    /** The leaf: the first certificate of the validated path, the one whose key signs what the chain vouches for. */
    public X509Certificate leaf() {
        return path.get(0);
    }

    /** The certificate at {@code index} of the path (0 = leaf). */
    public X509Certificate get(int index) {
        return path.get(index);
    }
}
