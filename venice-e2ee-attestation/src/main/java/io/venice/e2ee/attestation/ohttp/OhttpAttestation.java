package io.venice.e2ee.attestation.ohttp;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.ed25519.Ed25519;
import io.venice.e2ee.attestation.error.AttestationException.MalformedEvidence;
import io.venice.e2ee.attestation.internal.JsonFields;

/**
 * {@code ohttp_attestation}: NEAR's Ed25519 signature over the raw bytes of its OHTTP key configuration, by the
 * report's Ed25519 signing key. The signature carries no nonce (it can be replayed), and it is only as good as the
 * binding of its key: a quote requested with {@code signing_algo=ecdsa} (Venice's) binds the secp256k1 key, not this
 * one. Immutable; arrays are copies.
 */
public final class OhttpAttestation {
    private static final JsonFields FIELDS = new JsonFields(MalformedEvidence::new);

    private final String signingAlgo;
    private final byte[] signingKey;
    private final byte[] keyConfigBytes;
    private final OhttpKeyConfig keyConfig;
    private final byte[] signature;

    private OhttpAttestation(String signingAlgo, byte[] signingKey, byte[] keyConfigBytes, OhttpKeyConfig keyConfig,
                             byte[] signature) {
        this.signingAlgo = signingAlgo;
        this.signingKey = signingKey;
        this.keyConfigBytes = keyConfigBytes;
        this.keyConfig = keyConfig;
        this.signature = signature;
    }

    /**
     * The member {@code key} of {@code node}, or null when it is absent.
     *
     * @throws MalformedEvidence naming the member served in a form that cannot be read: {@code signing_algo} other
     *                           than {@code ed25519}, a key of other than 32 bytes, a signature of other than 64, a key
     *                           configuration that does not parse
     */
    public static OhttpAttestation read(JsonNode node, String key) {
        JsonNode o = FIELDS.object(node, key, key);
        if (o == null) {
            return null;
        }
        String algo = FIELDS.requiredText(o, "signing_algo", key + ".signing_algo");
        if (!algo.equals("ed25519")) {
            throw new MalformedEvidence(key + ".signing_algo", "is '" + algo + "'; only ed25519 is defined");
        }
        byte[] config = FIELDS.requiredHex(o, "key_config", key + ".key_config", -1);
        return new OhttpAttestation(algo, FIELDS.requiredHex(o, "signing_key", key + ".signing_key", 32), config,
                OhttpKeyConfig.parse(config, key + ".key_config"),
                FIELDS.requiredHex(o, "signature", key + ".signature", 64));
    }

    /** {@code signing_algo}: {@code ed25519}. */
    public String signingAlgo() {
        return signingAlgo;
    }

    /** The 32-byte Ed25519 key that signed (a copy). */
    public byte[] signingKey() {
        return signingKey.clone();
    }

    /** The raw key configuration bytes that were signed (a copy). */
    public byte[] keyConfigBytes() {
        return keyConfigBytes.clone();
    }

    /** The key configuration, parsed. */
    public OhttpKeyConfig keyConfig() {
        return keyConfig;
    }

    /** The 64-byte signature (a copy). */
    public byte[] signature() {
        return signature.clone();
    }

    /** Whether the signature is {@code signing_key}'s Ed25519 signature of the raw key configuration bytes. */
    public boolean signatureValid() {
        return Ed25519.verify(signingKey, keyConfigBytes, signature);
    }
}
