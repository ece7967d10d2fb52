package io.venice.e2ee.proxy.openai;

import io.venice.e2ee.VeniceE2eeException;

import java.util.Objects;

/** A request the proxy refuses before anything is sent upstream; {@link #error()} is the answer to give. */
public final class OpenAiRequestException extends VeniceE2eeException {
    private static final long serialVersionUID = 1L;

    private final transient OpenAiError error;

    /** Creates the exception carrying {@code error}. */
    public OpenAiRequestException(OpenAiError error) {
        super(Objects.requireNonNull(error, "error").message());
        this.error = error;
    }

    /** A 400 {@code invalid_request_error} about {@code param}. */
    public static OpenAiRequestException invalid(String message, String param, String code) {
        return new OpenAiRequestException(OpenAiError.invalidRequest(message, param, code));
    }

    /** The OpenAI-style error to answer with. */
    public OpenAiError error() {
        return error;
    }
}
