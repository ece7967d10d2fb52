package io.venice.e2ee.proxy;

import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.proxy.openai.OpenAiRequestException;

/**
 * Chooses how a request reaches its model, private by default: an end-to-end-encrypted model is always used
 * end-to-end encrypted; TEE-only only when the request asks for it and the proxy allows it; a model in no attestable
 * enclave never. Models are recognised by the client's rule (today the {@code e2ee-*} and {@code tee-*} names).
 */
final class ModeSelector {
    /** The request header that asks for a mode: {@code e2ee} (the default) or {@code tee-only}. */
    static final String MODE_HEADER = "X-Venice-E2EE-Mode";

    private final boolean allowTeeOnly;

    ModeSelector(boolean allowTeeOnly) {
        this.allowTeeOnly = allowTeeOnly;
    }

    /** Whether {@code model} takes end-to-end-encrypted chats. */
    static boolean supportsE2ee(String model) {
        return VeniceClient.isE2eeModel(model);
    }

    /** Whether {@code model} runs in an enclave whose attestation can be verified. */
    static boolean supportsTee(String model) {
        return supportsE2ee(model) || model.startsWith("tee-");
    }

    /**
     * The mode for {@code model}.
     *
     * @param header      the {@value #MODE_HEADER} header, or null
     * @param bodyTeeOnly whether the body asks for TEE-only ({@code venice_parameters.enable_e2ee: false})
     * @throws OpenAiRequestException when the request cannot be served privately as asked
     */
    PrivacyMode select(String model, String header, boolean bodyTeeOnly) {
        boolean teeOnly = teeOnlyRequested(header, bodyTeeOnly);
        if (teeOnly) {
            if (!allowTeeOnly) {
                throw OpenAiRequestException.invalid("TEE-only mode was requested, in which Venice can read the prompt"
                        + " and the answer, but this proxy serves end-to-end encryption only; start it with"
                        + " --allow-tee-only to permit TEE-only requests", "venice_parameters.enable_e2ee",
                        "tee_only_not_allowed");
            }
            if (!supportsTee(model)) {
                throw notPrivate(model);
            }
            return PrivacyMode.TEE_ONLY;
        }
        if (supportsE2ee(model)) {
            return PrivacyMode.E2EE;
        }
        if (supportsTee(model)) {
            throw OpenAiRequestException.invalid("model " + model + " is not end-to-end encrypted: Venice could read"
                    + " the prompt. Use an e2ee-* model, or ask for TEE-only mode explicitly (header " + MODE_HEADER
                    + ": tee-only" + (allowTeeOnly ? ")" : ", with the proxy started with --allow-tee-only)"),
                    "model", "e2ee_unavailable");
        }
        throw notPrivate(model);
    }

    private static OpenAiRequestException notPrivate(String model) {
        return OpenAiRequestException.invalid("model " + model + " runs in no attestable enclave; this proxy sends"
                + " prompts only to verified enclaves (e2ee-* models, or tee-* models in TEE-only mode)", "model",
                "model_not_private");
    }

    private static boolean teeOnlyRequested(String header, boolean bodyTeeOnly) {
        if (header == null || header.isBlank()) {
            return bodyTeeOnly;
        }
        String h = header.strip();
        if (h.equalsIgnoreCase("tee-only")) {
            return true;
        }
        if (h.equalsIgnoreCase("e2ee")) {
            if (bodyTeeOnly) {
                throw OpenAiRequestException.invalid(MODE_HEADER + ": e2ee contradicts venice_parameters.enable_e2ee"
                        + " = false in the body; remove one", "venice_parameters.enable_e2ee", "conflicting_mode");
            }
            return false;
        }
        throw OpenAiRequestException.invalid(MODE_HEADER + " must be e2ee or tee-only, got \"" + h + "\"", null,
                "invalid_mode");
    }
}
