package io.venice.e2ee.springai;

import io.venice.e2ee.VeniceE2eeException;
import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.client.PrivacyException;
import io.venice.e2ee.client.SessionException;
import io.venice.e2ee.protocol.VeniceError;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.transport.TransportException;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The library's typed errors as Spring AI's exceptions: {@link TransientAiException} for what a retry may cure (rate
 * limits, server errors, timeouts, lost connections, truncated streams), {@link VeniceE2eeVerificationException} for
 * a refused enclave, {@link NonTransientAiException} for the rest. The typed error is the cause; its message is kept.
 */
final class Errors {
    private Errors() {
    }

    /** The root of an async failure. */
    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Whether {@code e} means the enclave could not be verified. */
    static boolean isVerificationFailure(Throwable e) {
        return e instanceof SessionException.AttestationRejected || e instanceof SessionException.NoModelKey
                || e instanceof AttestationException
                || e instanceof VeniceProtocolException.ServerRefused r && (r.error() == VeniceError.ATTESTATION_FAILED
                        || r.error() == VeniceError.NONCE_MISMATCH || r.error() == VeniceError.DEBUG_MODE);
    }

    /** The Spring AI exception for {@code error}. */
    static RuntimeException map(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof NonTransientAiException || e instanceof TransientAiException) {
            return (RuntimeException) e;
        }
        if (!(e instanceof VeniceE2eeException v)) {
            return e instanceof RuntimeException r ? r : new NonTransientAiException(String.valueOf(e.getMessage()), e);
        }
        if (isVerificationFailure(v)) {
            return new VeniceE2eeVerificationException(v);
        }
        // a model list that could not be fetched: as transient as the failure that kept it away
        Throwable kind = v instanceof PrivacyException.CapabilitiesUnknown && v.getCause() != null ? v.getCause() : v;
        boolean transient_ = kind instanceof TransportException t && t.retryable()
                || v instanceof VeniceProtocolException.Truncated;
        return transient_ ? new TransientAiException(v.getMessage(), v) : new NonTransientAiException(v.getMessage(), v);
    }
}
