package io.venice.e2ee.client;

import io.venice.e2ee.VeniceE2eeException;

import java.net.URI;

/**
 * The client refused to send because it could not do so with the privacy asked for: nothing (no prompt, no API key)
 * was sent to the model. The privacy of a chat comes from the model list's capabilities, never from a model's name.
 */
public abstract sealed class PrivacyException extends VeniceE2eeException
        permits PrivacyException.NotPrivate, PrivacyException.E2eeNotOffered, PrivacyException.CapabilitiesUnknown,
        PrivacyException.InsecureBaseUrl {
    private static final long serialVersionUID = 1L;

    PrivacyException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The model offers neither TEE attestation nor end-to-end encryption, and plaintext was not allowed. */
    public static final class NotPrivate extends PrivacyException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception for {@code model}. */
        public NotPrivate(String model) {
            super("model " + model + " offers neither end-to-end encryption nor TEE attestation (its model list entry"
                    + " says so), so the prompt would travel in plaintext; nothing was sent (allow plaintext explicitly"
                    + " to use it: allowPlaintext(true), --allow-plaintext)", null);
        }
    }

    /** The model offers TEE attestation but not end-to-end encryption, and TEE-only was not asked for. */
    public static final class E2eeNotOffered extends PrivacyException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception for {@code model}. */
        public E2eeNotOffered(String model) {
            super("model " + model + " offers TEE attestation but not end-to-end encryption, so Venice would read the"
                    + " prompt; nothing was sent (ask for TEE-only to use it with its attestation verified: teeOnly(true),"
                    + " --tee-only)", null);
        }
    }

    /**
     * The model's capabilities are not known (the model list could not be fetched, or does not list the model), and
     * the model's id looks private or plaintext was not allowed: sending without knowing could send a private
     * prompt in plaintext.
     */
    public static final class CapabilitiesUnknown extends PrivacyException {
        private static final long serialVersionUID = 1L;
        private final String model;

        /** Creates the exception for {@code model}: {@code why} says what is unknown, {@code cause} may be null. */
        public CapabilitiesUnknown(String model, String why, Throwable cause) {
            super("the capabilities of model " + model + " are not known (" + why + "), so it cannot be told whether"
                    + " it must be encrypted; nothing was sent (check the model id and the base URL, then retry)",
                    cause);
            this.model = model;
        }

        /** The model asked for. */
        public String model() {
            return model;
        }
    }

    /**
     * A URL the client would use (the API's base URL, or the TEE gateway's) is plain {@code http://} to a host other
     * than this machine: what travels to it would be readable; {@link #which()} says which URL it is.
     */
    public static final class InsecureBaseUrl extends PrivacyException {
        private static final long serialVersionUID = 1L;

        /** The URL the API's base URL is: {@value}. */
        public static final String BASE_URL = "base URL";
        /** The URL the TEE gateway's base URL is ({@code verifyGatewayAttestation}): {@value}. */
        public static final String GATEWAY_URL = "gateway URL";

        private final String which;

        /** Creates the exception for the API's base URL {@code baseUrl}. */
        public InsecureBaseUrl(URI baseUrl) {
            this(BASE_URL, baseUrl);
        }

        /**
         * Creates the exception for {@code url}.
         *
         * @param which which URL it is: {@link #BASE_URL} or {@link #GATEWAY_URL}
         */
        public InsecureBaseUrl(String which, URI url) {
            super(which + " " + url + " is plain http:// to " + url.getHost() + ", which is not this machine: "
                    + (GATEWAY_URL.equals(which) ? "the question to the gateway and its answer"
                    : "the API key and anything not end-to-end encrypted") + " would travel readable; use https://"
                    + " (http:// is accepted for loopback addresses only)", null);
            this.which = which;
        }

        /** Which URL is at fault: {@link #BASE_URL} or {@link #GATEWAY_URL}. */
        public String which() {
            return which;
        }
    }
}
