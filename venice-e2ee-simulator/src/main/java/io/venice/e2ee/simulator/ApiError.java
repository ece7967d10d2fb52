package io.venice.e2ee.simulator;

/** An HTTP error answer: status, Venice's message (sent as {@code {"error": message}}), optional Retry-After. */
record ApiError(int status, String message, Integer retryAfterSeconds) {
    static ApiError of(int status, String message) {
        return new ApiError(status, message, null);
    }

    /** Thrown inside request handling to answer with this error. */
    static final class Raised extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient ApiError error;

        Raised(ApiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    Raised raise() {
        return new Raised(this);
    }
}
