package io.venice.e2ee.proxy;

import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.client.SessionException;
import io.venice.e2ee.client.collateral.CollateralException;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.proxy.openai.OpenAiError;
import io.venice.e2ee.proxy.openai.OpenAiRequestException;
import io.venice.e2ee.transport.TransportException;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns what went wrong into the OpenAI-style error a caller gets: refusals keep their 400; a verification failure is
 * a 502 whose message and code name the failing check; Venice's own errors keep its status and message; a broken
 * answer (downgrade, undecryptable chunk, truncation) is a 502; an unreachable or silent upstream a 502 or 504; Intel's
 * collateral or NVIDIA's attestation service out of reach at level full a 502 naming the piece, nothing sent.
 * Messages are the library's, which never carry key material or prompt text.
 */
final class ErrorMapping {
    /** The type of an error whose cause is an attestation that did not verify. */
    static final String VERIFICATION_ERROR = "verification_error";

    private ErrorMapping() {
    }

    static OpenAiError of(Throwable failure) {
        Throwable t = CachedModelSessions.unwrap(failure);
        if (t instanceof OpenAiRequestException r) {
            return r.error();
        }
        if (t instanceof SessionException.AttestationRejected r) {
            String check = r.report().map(ErrorMapping::firstFailure).orElse("attestation");
            return new OpenAiError(502, r.getMessage(), VERIFICATION_ERROR, null, check);
        }
        if (t instanceof SessionException.NoModelKey) {
            return new OpenAiError(502, t.getMessage(), VERIFICATION_ERROR, null, "model.key");
        }
        if (t instanceof SessionException.Closed) {
            return new OpenAiError(503, t.getMessage() + " (the proxy is replacing it: retry)", "api_error", null,
                    "session_closed");
        }
        if (t instanceof VeniceProtocolException p) {
            return protocol(p);
        }
        if (t instanceof TransportException.HttpStatus h) {
            return new OpenAiError(h.status(), t.getMessage(), OpenAiError.typeFor(h.status()), null,
                    "upstream_" + h.status());
        }
        if (t instanceof TransportException.Timeout) {
            return new OpenAiError(504, t.getMessage(), "api_error", null, "upstream_timeout");
        }
        if (t instanceof TransportException.BodyTooLarge) {
            return new OpenAiError(502, t.getMessage(), "api_error", null, "upstream_body_too_large");
        }
        if (t instanceof TransportException) {
            return new OpenAiError(502, t.getMessage(), "api_error", null, "upstream_unreachable");
        }
        if (t instanceof CollateralException c) {
            // a service the verification depends on failed: the model was never asked, so a retry is safe
            return new OpenAiError(502, t.getMessage(), VERIFICATION_ERROR, null,
                    c instanceof CollateralException.FetchFailed ? "collateral_unavailable" : "collateral_malformed");
        }
        if (t instanceof IllegalArgumentException) {
            return OpenAiError.invalidRequest(t.getMessage(), null, "invalid_request");
        }
        return new OpenAiError(500, "the proxy failed unexpectedly: " + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage()), "api_error", null, "internal_error");
    }

    private static OpenAiError protocol(VeniceProtocolException p) {
        if (p instanceof VeniceProtocolException.ServerRefused r) {
            int status = r.status() >= 400 ? r.status() : 502;
            return new OpenAiError(status, r.getMessage(), OpenAiError.typeFor(status), null,
                    r.error().name().toLowerCase(Locale.ROOT));
        }
        if (p instanceof VeniceProtocolException.Unsupported) {
            return OpenAiError.invalidRequest(p.getMessage(), null, "unsupported_parameter");
        }
        String code;
        if (p instanceof VeniceProtocolException.Downgrade) {
            code = "downgrade";
        } else if (p instanceof VeniceProtocolException.DecryptFailed) {
            code = "decrypt_failed";
        } else if (p instanceof VeniceProtocolException.Truncated) {
            code = "truncated";
        } else if (p instanceof VeniceProtocolException.StreamError) {
            code = "upstream_stream_error";
        } else {
            code = "malformed_upstream";
        }
        return new OpenAiError(502, p.getMessage(), "api_error", null, code);
    }

    /** The upstream's {@code Retry-After}, for a rate-limited request. */
    static Optional<Duration> retryAfter(Throwable failure) {
        Throwable t = CachedModelSessions.unwrap(failure);
        return t instanceof TransportException.HttpStatus h ? h.retryAfter() : Optional.empty();
    }

    private static String firstFailure(VerificationReport report) {
        return report.failures().isEmpty() ? "attestation" : report.failures().get(0).id();
    }
}
