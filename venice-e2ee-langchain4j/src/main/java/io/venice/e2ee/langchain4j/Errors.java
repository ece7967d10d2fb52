package io.venice.e2ee.langchain4j;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import io.venice.e2ee.VeniceE2eeException;
import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.client.PrivacyException;
import io.venice.e2ee.client.SessionException;
import io.venice.e2ee.protocol.VeniceError;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.transport.TransportException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The library's typed errors as the LangChain4j exceptions its users catch; the typed error is always the cause and
 * its message (what failed, what to do) is kept.
 */
final class Errors {
    private Errors() {
    }

    /** The LangChain4j exception for {@code error} (unwrapped from async wrappers first). */
    static RuntimeException map(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof LangChain4jException l) {
            return l;
        }
        if (!(e instanceof VeniceE2eeException v)) {
            return e instanceof RuntimeException r ? r : new LangChain4jException(e.getMessage(), e);
        }
        String message = v.getMessage();
        if (v instanceof PrivacyException.CapabilitiesUnknown u && u.getCause() instanceof TransportException t) {
            // the model list could not be fetched: the kind of its failure (a bad key, a rate limit, an outage) is
            // what a caller acts on, and the refusal (nothing was sent) is the cause and the message
            return transport(t, message, v);
        }
        if (v instanceof PrivacyException) {
            // refused before anything was sent: the request asks for privacy this model cannot give
            return new InvalidRequestException(message, v);
        }
        if (v instanceof SessionException.AttestationRejected || v instanceof SessionException.NoModelKey
                || v instanceof AttestationException) {
            return new VeniceE2eeVerificationException(v);
        }
        if (v instanceof VeniceProtocolException.ServerRefused r) {
            if (r.error() == VeniceError.ATTESTATION_FAILED || r.error() == VeniceError.NONCE_MISMATCH
                    || r.error() == VeniceError.DEBUG_MODE) {
                return new VeniceE2eeVerificationException(v);
            }
            return new InvalidRequestException(message, v);
        }
        if (v instanceof TransportException t) {
            return transport(t, message, v);
        }
        if (v instanceof VeniceProtocolException.Truncated) {
            return new RetriableException(message, v);
        }
        if (v instanceof VeniceProtocolException.Unsupported) {
            return new InvalidRequestException(message, v);
        }
        // a downgrade, a chunk that does not decrypt, a closed session, a crypto configuration error: not transient
        return new NonRetriableException(message, v);
    }

    /** The LangChain4j exception for a transport failure {@code t}, with {@code message} and {@code cause}. */
    private static RuntimeException transport(TransportException t, String message, VeniceE2eeException cause) {
        if (t instanceof TransportException.HttpStatus h) {
            int s = h.status();
            if (s == 401 || s == 403) {
                return new AuthenticationException(message, cause);
            }
            if (s == 404) {
                return new ModelNotFoundException(message, cause);
            }
            if (s == 429) {
                return new RateLimitException(message, cause);
            }
            if (s >= 500) {
                return new InternalServerException(message, cause);
            }
            return new InvalidRequestException(message, cause);
        }
        if (t instanceof TransportException.Timeout) {
            return new TimeoutException(message, cause);
        }
        return t.retryable() ? new RetriableException(message, cause) : new NonRetriableException(message, cause);
    }
}
