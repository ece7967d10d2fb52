package io.venice.e2ee.client;

import io.venice.e2ee.chat.PrivacyMode;

import java.util.List;
import java.util.Locale;

/**
 * How a chat with a model travels, chosen from the model list's capabilities and what the client was allowed, never
 * from the model's name:
 * <ul>
 *   <li>a model that supports end-to-end encryption: {@link PrivacyMode#END_TO_END}, or {@link PrivacyMode#TEE_ONLY}
 *       when TEE-only was asked for;</li>
 *   <li>a model with TEE attestation only: {@link PrivacyMode#TEE_ONLY} when TEE-only (or plaintext) was allowed,
 *       else refused;</li>
 *   <li>a model with neither: {@link PrivacyMode#PLAINTEXT} when plaintext was allowed, else refused;</li>
 *   <li>a model whose capabilities are unknown (list not fetched, model not listed): refused when its id looks private
 *       ({@link #looksPrivate}); otherwise {@link PrivacyMode#PLAINTEXT} only when plaintext was allowed.</li>
 * </ul>
 */
public final class ModelPrivacy {
    private ModelPrivacy() {
    }

    /**
     * Whether {@code modelId} looks like a private model's id (contains {@code e2ee}, starts with {@code tee-} or
     * contains {@code -tee}, in any case), as Venice's own CLI judges it: such a model is never sent to without
     * knowing its capabilities.
     */
    public static boolean looksPrivate(String modelId) {
        String id = modelId.toLowerCase(Locale.ROOT);
        return id.contains("e2ee") || id.startsWith("tee-") || id.contains("-tee");
    }

    /**
     * The mode for {@code model}.
     *
     * @param models         the model list, or null when it could not be fetched
     * @param listFailure    why the list could not be fetched (when {@code models} is null)
     * @param teeOnly        whether TEE-only was asked for
     * @param allowPlaintext whether plaintext was allowed for a model that offers no privacy
     * @throws PrivacyException when no mode the caller allowed fits the model
     */
    static PrivacyMode choose(String model, List<ModelInfo> models, Throwable listFailure, boolean teeOnly,
                              boolean allowPlaintext) {
        ModelInfo info = null;
        if (models != null) {
            for (ModelInfo m : models) {
                if (m.id().equals(model)) {
                    info = m;
                    break;
                }
            }
        }
        if (info == null) {
            if (looksPrivate(model) || !allowPlaintext) {
                throw new PrivacyException.CapabilitiesUnknown(model, models == null
                        ? "the model list could not be fetched: " + listFailure.getMessage()
                        : "the model list does not name it", models == null ? listFailure : null);
            }
            return PrivacyMode.PLAINTEXT;
        }
        if (info.supportsE2ee()) {
            return teeOnly ? PrivacyMode.TEE_ONLY : PrivacyMode.END_TO_END;
        }
        if (info.supportsTeeAttestation()) {
            if (teeOnly || allowPlaintext) {
                return PrivacyMode.TEE_ONLY;
            }
            throw new PrivacyException.E2eeNotOffered(model);
        }
        if (allowPlaintext) {
            return PrivacyMode.PLAINTEXT;
        }
        throw new PrivacyException.NotPrivate(model);
    }
}
