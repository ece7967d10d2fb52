package io.venice.e2ee.envelope;

/**
 * The HTTP request headers that turn a chat completion into an end-to-end-encrypted one, and the one signing
 * algorithm they name. The client public key is the recipient of the answer's envelopes; the model public key (as
 * the attestation served it) is the recipient of the request's. Stated once for the client, the simulator and the
 * tests.
 */
public final class E2eeHeaders {
    /** The client's session public key, 130 lower-case hex digits starting {@code 04}. */
    public static final String CLIENT_PUBLIC_KEY = "X-Venice-TEE-Client-Pub-Key";
    /** The attested model public key the request was encrypted to, sent back exactly as served. */
    public static final String MODEL_PUBLIC_KEY = "X-Venice-TEE-Model-Pub-Key";
    /** The signing algorithm of the model key. */
    public static final String SIGNING_ALGORITHM = "X-Venice-TEE-Signing-Algo";
    /** The only value of {@link #SIGNING_ALGORITHM} (and of the {@code signing_algo} Venice reports): secp256k1 ECDSA. */
    public static final String SIGNING_ALGORITHM_ECDSA = "ecdsa";

    private E2eeHeaders() {
    }
}
