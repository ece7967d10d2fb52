package io.venice.e2ee.attestation.pki;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one kind of certificate chain must look like beyond PKIX: how many certificates it carries and whether the
 * last one must be a pinned anchor byte for byte, the common name each certificate of the validated path must have,
 * and the signature algorithm and curve of every certificate in it. Intel's quote verification library and
 * go-tdx-guest check these for the PCK and TCB signing chains; a chain can satisfy PKIX and still be refused here.
 *
 * @param name                  what the chain is, as errors name it (e.g. {@code PCK certificate chain})
 * @param shape                 the certificates it holds, leaf first, as errors describe it
 * @param length                the number of certificates as carried, the trailing anchor included; 0 for any
 * @param anchorCarried         whether the last certificate must be byte-identical to a pinned anchor
 * @param commonNames           per position in the validated path (0 = leaf), the exact common names allowed there;
 *                              positions past the list's end take any name
 * @param signatureAlgorithmOid the signature algorithm every certificate of the path must declare, or null for any
 * @param curve                 the JDK name of the EC curve every certificate of the path must carry its key on
 *                              (e.g. {@code secp256r1}), or null for any key
 */
public record ChainProfile(String name, String shape, int length, boolean anchorCarried,
                           List<Set<String>> commonNames, String signatureAlgorithmOid, String curve) {
    /** ECDSA with SHA-256 (1.2.840.10045.4.3.2). */
    public static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    /** ECDSA with SHA-384 (1.2.840.10045.4.3.3). */
    public static final String ECDSA_WITH_SHA384 = "1.2.840.10045.4.3.3";

    /** Validates the parts; the lists are copied. */
    public ChainProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        if (length < 0) {
            throw new IllegalArgumentException("length is 0 (any) or more");
        }
        commonNames = commonNames.stream().map(Set::copyOf).toList();
    }

    /** A profile that asks nothing beyond PKIX: any length, any names, any algorithm. */
    public static ChainProfile any(String name) {
        return new ChainProfile(name, "leaf first", 0, false, List.of(), null, null);
    }
}
