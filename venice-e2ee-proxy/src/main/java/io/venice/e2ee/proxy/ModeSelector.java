package io.venice.e2ee.proxy;

import io.venice.e2ee.client.PrivacyException;
import io.venice.e2ee.proxy.openai.OpenAiError;
import io.venice.e2ee.proxy.openai.OpenAiRequestException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Chooses how a request reaches its model, private by default and by the model list's capabilities, never by a
 * model's name: a model that supports end-to-end encryption is used end-to-end encrypted; TEE-only only when the
 * request asks for it, the proxy allows it and the model supports TEE attestation; a model with neither capability
 * never; a model whose capabilities cannot be known (not listed, or the list could not be fetched) is refused before
 * anything is sent to it. The capabilities come from the upstream's model list as the client for the request's API key
 * keeps it ({@link io.venice.e2ee.client.VeniceClient#privacyModeAsync(String, boolean, boolean)}), read without
 * blocking the event loop.
 */
final class ModeSelector {
    /** The request header that asks for a mode: {@code e2ee} (the default) or {@code tee-only}. */
    static final String MODE_HEADER = "X-Venice-E2EE-Mode";

    private final boolean allowTeeOnly;

    ModeSelector(boolean allowTeeOnly) {
        this.allowTeeOnly = allowTeeOnly;
    }

    /**
     * Whether the request asks for TEE-only, by its {@value #MODE_HEADER} header and its body.
     *
     * @param header      the {@value #MODE_HEADER} header, or null
     * @param bodyTeeOnly whether the body asks for TEE-only ({@code venice_parameters.enable_e2ee: false})
     * @throws OpenAiRequestException when the header is not a mode, contradicts the body, or asks for TEE-only from a
     *                                proxy that does not allow it
     */
    boolean teeOnlyRequested(String header, boolean bodyTeeOnly) {
        boolean teeOnly = parse(header, bodyTeeOnly);
        if (teeOnly && !allowTeeOnly) {
            throw OpenAiRequestException.invalid("TEE-only mode was requested, in which Venice can read the prompt"
                    + " and the answer, but this proxy serves end-to-end encryption only; start it with"
                    + " --allow-tee-only to permit TEE-only requests", "venice_parameters.enable_e2ee",
                    "tee_only_not_allowed");
        }
        return teeOnly;
    }

    /**
     * The mode for {@code model}: {@link PrivacyMode#TEE_ONLY} when {@code teeOnly} (from
     * {@link #teeOnlyRequested}), else {@link PrivacyMode#E2EE}, once the model's capabilities allow it.
     *
     * @param sessions where the client for {@code apiKey} reads the model list
     * @return the mode, or (in the stage) an {@link OpenAiRequestException} when the model cannot be served privately
     *         as asked
     */
    CompletionStage<PrivacyMode> select(ModelSessions sessions, String apiKey, String model, boolean teeOnly) {
        return sessions.privacyMode(apiKey, model, teeOnly).handle((mode, error) -> {
            if (error != null) {
                throw refusal(model, CachedModelSessions.unwrap(error));
            }
            return switch (mode) {
                case END_TO_END -> PrivacyMode.E2EE;
                case TEE_ONLY -> PrivacyMode.TEE_ONLY;
                // plaintext is never allowed here, so the client never answers it
                case PLAINTEXT -> throw notPrivate(model);
            };
        });
    }

    /**
     * The mode the attestation of {@code model} is shown for: end to end when it supports it, else TEE-only when it
     * supports TEE attestation; refused (in the stage) otherwise.
     */
    CompletionStage<PrivacyMode> attestationMode(ModelSessions sessions, String apiKey, String model) {
        return sessions.privacyMode(apiKey, model, false).handle((mode, error) -> {
            Throwable e = error == null ? null : CachedModelSessions.unwrap(error);
            if (e == null) {
                return PrivacyMode.E2EE;
            }
            if (e instanceof PrivacyException.E2eeNotOffered) {
                return PrivacyMode.TEE_ONLY;
            }
            throw refusal(model, e);
        });
    }

    /** The OpenAI-style refusal for what the client refused, or {@code e} itself (wrapped) when it is no refusal. */
    private CompletionException refusal(String model, Throwable e) {
        if (e instanceof PrivacyException.E2eeNotOffered) {
            return new CompletionException(OpenAiRequestException.invalid("model " + model + " is not end-to-end"
                    + " encrypted (its model list entry offers TEE attestation only): Venice could read the prompt."
                    + " Use a model that supports E2EE, or ask for TEE-only mode explicitly (header " + MODE_HEADER
                    + ": tee-only" + (allowTeeOnly ? ")" : ", with the proxy started with --allow-tee-only)"),
                    "model", "e2ee_unavailable"));
        }
        if (e instanceof PrivacyException.NotPrivate) {
            return new CompletionException(notPrivate(model));
        }
        if (e instanceof PrivacyException.CapabilitiesUnknown u) {
            return new CompletionException(capabilitiesUnknown(u));
        }
        return new CompletionException(e);
    }

    private static OpenAiRequestException notPrivate(String model) {
        return OpenAiRequestException.invalid("model " + model + " runs in no attestable enclave (its model list entry"
                + " offers neither end-to-end encryption nor TEE attestation); this proxy sends prompts only to verified"
                + " enclaves", "model", "model_not_private");
    }

    /**
     * A model the list does not name is a 404 {@code model_not_found}; a list that could not be fetched answers with
     * the status its failure maps to (a bad key 401, an outage 502, ...) and code {@code capabilities_unknown}.
     */
    private static OpenAiRequestException capabilitiesUnknown(PrivacyException.CapabilitiesUnknown u) {
        if (u.getCause() == null) {
            return new OpenAiRequestException(new OpenAiError(404, u.getMessage(), OpenAiError.typeFor(404), "model",
                    "model_not_found"));
        }
        int status = ErrorMapping.of(u.getCause()).status();
        int s = status >= 500 || status == 401 || status == 403 || status == 429 ? status : 502;
        return new OpenAiRequestException(new OpenAiError(s, u.getMessage(), OpenAiError.typeFor(s), "model",
                "capabilities_unknown"));
    }

    private static boolean parse(String header, boolean bodyTeeOnly) {
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
