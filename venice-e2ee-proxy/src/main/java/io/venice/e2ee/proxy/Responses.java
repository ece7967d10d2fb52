package io.venice.e2ee.proxy;

import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.proxy.openai.OpenAiError;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.time.Duration;
import java.util.Optional;

/** What every answer of the proxy shares: OpenAI-style errors, JSON bodies, and the verification headers. */
final class Responses {
    /** {@code verified} (end-to-end encrypted) or {@code tee-only}. */
    static final String MODE = "X-Venice-E2EE";
    /** The attestation policy level the session was verified at. */
    static final String POLICY = "X-Venice-E2EE-Policy";
    /** The attested enclave signing address. */
    static final String SIGNING_ADDRESS = "X-Venice-E2EE-Signing-Address";
    /** The checks: passed, failed, skipped, required passed. */
    static final String CHECKS = "X-Venice-E2EE-Checks";
    /** Whether the session's attestation was reused ({@code reused}) or made for this request ({@code fresh}). */
    static final String ATTESTATION = "X-Venice-E2EE-Attestation";
    /** The response signature's verdict, when the proxy checks signatures. */
    static final String SIGNATURE = "X-Venice-Signature";

    private Responses() {
    }

    static void error(HttpServerResponse resp, OpenAiError error, Optional<Duration> retryAfter) {
        if (resp.closed() || resp.ended() || resp.headWritten()) {
            return;
        }
        resp.setStatusCode(error.status()).putHeader("Content-Type", "application/json; charset=utf-8");
        retryAfter.ifPresent(d -> resp.putHeader("Retry-After", Long.toString(Math.max(1, d.toSeconds()))));
        resp.end(Buffer.buffer(error.toJson()));
    }

    static void json(HttpServerResponse resp, int status, byte[] body) {
        if (resp.closed() || resp.ended()) {
            return;
        }
        resp.setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(Buffer.buffer(body));
    }

    static void verification(HttpServerResponse resp, ModelSessions.Lease lease) {
        VerificationReport r = lease.report();
        resp.putHeader(MODE, lease.mode().header())
                .putHeader(POLICY, r.level().label())
                .putHeader(CHECKS, checks(r))
                .putHeader(ATTESTATION, lease.reused() ? "reused" : "fresh");
        if (lease.signingAddress() != null) {
            resp.putHeader(SIGNING_ADDRESS, lease.signingAddress());
        }
    }

    /** E.g. {@code passed; 17 passed, 0 failed, 4 skipped; 15 of 15 required passed}. */
    static String checks(VerificationReport r) {
        long pass = r.checks().stream().filter(c -> c.status() == Outcome.PASS).count();
        long fail = r.checks().stream().filter(c -> c.status() == Outcome.FAIL).count();
        long skip = r.checks().stream().filter(c -> c.status() == Outcome.SKIP).count();
        long requiredPassed = r.checks().stream().filter(c -> c.required() && c.status() == Outcome.PASS)
                .map(VerificationReport.Check::id).distinct().count();
        return (r.passed() ? "passed" : "failed") + "; " + pass + " passed, " + fail + " failed, " + skip
                + " skipped; " + requiredPassed + " of " + r.requiredChecks().size() + " required passed";
    }
}
