package io.venice.e2ee.proxy;

import io.venice.e2ee.proxy.openai.OpenAiError;
import io.venice.e2ee.proxy.openai.OpenAiRequestException;

/**
 * The Venice API key of a request: the caller's {@code Authorization: Bearer} token, else the proxy's own key (from
 * {@code API_KEY_VENICE} or a key file). Never logged, never echoed in an error.
 */
final class ApiKeys {
    private final String defaultKey;

    /** @param defaultKey the proxy's own key, or null for none */
    ApiKeys(String defaultKey) {
        this.defaultKey = defaultKey == null || defaultKey.isBlank() ? null : defaultKey.strip();
    }

    /**
     * The key for a request with this {@code Authorization} header (null when absent).
     *
     * @throws OpenAiRequestException 401 when the header is not a bearer token, or there is no key at all
     */
    String resolve(String authorization) {
        if (authorization != null && !authorization.isBlank()) {
            String a = authorization.strip();
            if (a.regionMatches(true, 0, "Bearer ", 0, 7) && !a.substring(7).isBlank()) {
                return a.substring(7).strip();
            }
            throw new OpenAiRequestException(new OpenAiError(401, "the Authorization header must be \"Bearer"
                    + " <Venice API key>\"", "authentication_error", null, "invalid_authorization"));
        }
        if (defaultKey != null) {
            return defaultKey;
        }
        throw new OpenAiRequestException(new OpenAiError(401, "no API key: send \"Authorization: Bearer <Venice API"
                + " key>\", or start the proxy with API_KEY_VENICE set", "authentication_error", null,
                "missing_api_key"));
    }
}
