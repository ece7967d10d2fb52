package io.venice.e2ee.attestation.ohttp;

import io.venice.e2ee.attestation.error.AttestationException.MalformedEvidence;

import java.util.ArrayList;
import java.util.List;

/**
 * An Oblivious HTTP key configuration (RFC 9458 §3): key id, HPKE KEM and public key, and the (KDF, AEAD) pairs
 * offered. NEAR serves one as hex ({@code ohttp_key_config}, and inside {@code ohttp_attestation}); Venice relays it
 * but no Venice endpoint speaks OHTTP, so it is parsed to be shown and to check its signature, not used. Immutable.
 *
 * @param keyId     the key identifier
 * @param kemId     the HPKE KEM ({@code 0x0020} DHKEM(X25519, HKDF-SHA256))
 * @param publicKey the HPKE public key (a copy on each read)
 * @param suites    the symmetric suites, in order
 */
public record OhttpKeyConfig(int keyId, int kemId, byte[] publicKey, List<Suite> suites) {

    /** One HPKE symmetric suite: a KDF id ({@code 0x0001} HKDF-SHA256) and an AEAD id ({@code 0x0001} AES-128-GCM). */
    public record Suite(int kdfId, int aeadId) {
    }

    /** Copies the key and the list. */
    public OhttpKeyConfig {
        publicKey = publicKey.clone();
        suites = List.copyOf(suites);
    }

    /** The HPKE public key (a copy). */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * Parses one key configuration, which must fill {@code bytes} exactly.
     *
     * @throws MalformedEvidence naming {@code field} when the bytes are not one configuration of a known KEM
     */
    public static OhttpKeyConfig parse(byte[] bytes, String field) {
        if (bytes.length < 3) {
            throw new MalformedEvidence(field, "is " + bytes.length + " bytes, shorter than a key configuration");
        }
        int keyId = bytes[0] & 0xff;
        int kem = u16(bytes, 1);
        int npk = publicKeyLength(kem);
        if (npk < 0) {
            throw new MalformedEvidence(field, "names HPKE KEM 0x" + String.format("%04x", kem)
                    + ", which is not a registered KEM");
        }
        int at = 3 + npk;
        if (bytes.length < at + 2) {
            throw new MalformedEvidence(field, "is cut short inside its public key");
        }
        int suitesLength = u16(bytes, at);
        at += 2;
        if (suitesLength < 4 || suitesLength % 4 != 0 || bytes.length != at + suitesLength) {
            throw new MalformedEvidence(field, "has a suite list of " + suitesLength + " bytes where "
                    + (bytes.length - at) + " remain (a non-zero multiple of 4 that fills the rest is required)");
        }
        List<Suite> suites = new ArrayList<>();
        for (int i = at; i < bytes.length; i += 4) {
            suites.add(new Suite(u16(bytes, i), u16(bytes, i + 2)));
        }
        byte[] pk = new byte[npk];
        System.arraycopy(bytes, 3, pk, 0, npk);
        return new OhttpKeyConfig(keyId, kem, pk, suites);
    }

    /** The public key length of an HPKE KEM (RFC 9180 §7.1), or -1 for an unknown one. */
    private static int publicKeyLength(int kem) {
        return switch (kem) {
            case 0x0010 -> 65;  // DHKEM(P-256)
            case 0x0011 -> 97;  // DHKEM(P-384)
            case 0x0012 -> 133; // DHKEM(P-521)
            case 0x0020 -> 32;  // DHKEM(X25519)
            case 0x0021 -> 56;  // DHKEM(X448)
            default -> -1;
        };
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OhttpKeyConfig k && keyId == k.keyId && kemId == k.kemId
                && java.util.Arrays.equals(publicKey, k.publicKey) && suites.equals(k.suites);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(publicKey) + suites.hashCode();
    }

    /** Key id, KEM, public key (public) and suites. */
    @Override
    public String toString() {
        return "OhttpKeyConfig[keyId=" + keyId + ", kem=0x" + String.format("%04x", kemId) + ", publicKey="
                + io.venice.e2ee.crypto.Hex.encode(publicKey) + ", suites=" + suites + "]";
    }
}
