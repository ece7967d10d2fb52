package io.venice.e2ee.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.chat.ChatDelta;
import io.venice.e2ee.signature.SignatureReport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The proxy's meters, scraped as Prometheus text at {@code GET /metrics}: requests by endpoint and status, streams
 * open, chunks decrypted, verification failures by check, attestations made and reused, upstream latency, response
 * signatures by verdict, streams cancelled by their client and pauses for a slow client. Thread-safe.
 */
final class ProxyMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger streamsOpen = new AtomicInteger();
    private final Counter chunksDecrypted;
    private final Counter attestations;
    private final Counter attestationReuses;
    private final Counter cancelled;
    private final Counter pauses;
    private final Timer upstreamLatency;

    ProxyMetrics() {
        Gauge.builder("venice_proxy_streams_open", streamsOpen, AtomicInteger::get)
                .description("Answers being relayed now, streamed or aggregated").register(registry);
        chunksDecrypted = Counter.builder("venice_proxy_chunks_decrypted")
                .description("Answer chunks that arrived encrypted and were decrypted").register(registry);
        attestations = Counter.builder("venice_proxy_attestations")
                .description("Sessions opened, each on an attestation the client fetched with a fresh nonce or took from"
                        + " its attestation cache, whether it passed or not")
                .register(registry);
        attestationReuses = Counter.builder("venice_proxy_attestation_cache_hits")
                .description("Requests served by a session whose verified attestation was reused (no new attestation)")
                .register(registry);
        cancelled = Counter.builder("venice_proxy_streams_cancelled")
                .description("Answers whose client disconnected first; their upstream stream was closed")
                .register(registry);
        pauses = Counter.builder("venice_proxy_backpressure_pauses")
                .description("Times the upstream read was paused because a client read more slowly than the answer came")
                .register(registry);
        upstreamLatency = Timer.builder("venice_proxy_upstream_latency")
                .description("From sending a chat upstream to its first decrypted text")
                .register(registry);
    }

    /** The Prometheus text of every meter. */
    String scrape() {
        return registry.scrape();
    }

    void request(String endpoint, int status) {
        Counter.builder("venice_proxy_requests").description("Requests answered, by endpoint and HTTP status")
                .tag("endpoint", endpoint).tag("status", Integer.toString(status)).register(registry).increment();
    }

    void streamOpened() {
        streamsOpen.incrementAndGet();
    }

    void streamClosed() {
        streamsOpen.decrementAndGet();
    }

    void delta(ChatDelta d) {
        if (d.encrypted()) {
            chunksDecrypted.increment();
        }
    }

    void attested() {
        attestations.increment();
    }

    void attestationReused() {
        attestationReuses.increment();
    }

    /** Counts each check that kept {@code report} from passing. */
    void verificationFailed(VerificationReport report) {
        for (VerificationReport.Check c : report.failures()) {
            verificationFailed(c.id());
        }
    }

    /** Counts a failed verification step that is not an attestation check (e.g. {@code model.key}). */
    void verificationFailed(String check) {
        Counter.builder("venice_proxy_verification_failures")
                .description("Failed verification checks, by check id; a request never uses a key that failed")
                .tag("check", check).register(registry).increment();
    }

    void upstreamLatency(Duration d) {
        upstreamLatency.record(d);
    }

    void cancelled() {
        cancelled.increment();
    }

    void paused() {
        pauses.increment();
    }

    void signature(SignatureReport.Verdict verdict) {
        signature(verdict.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Counts a response signature by verdict ({@code passed}, {@code unverifiable}, {@code failed}, {@code error}). */
    void signature(String verdict) {
        Counter.builder("venice_proxy_signatures").description("Response signatures checked, by verdict")
                .tag("verdict", verdict).register(registry).increment();
    }
}
