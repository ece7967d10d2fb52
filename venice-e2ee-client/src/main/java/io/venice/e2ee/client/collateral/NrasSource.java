package io.venice.e2ee.client.collateral;

import io.venice.e2ee.spi.Transport;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * NVIDIA's remote attestation service (NRAS, API v3), through the client's {@link Transport}: the GPU evidence is
 * posted to {@code {base}/v3/attest/gpu} exactly as the attestation served it, and the key set read from
 * {@code {base}/.well-known/jwks.json}. Both are resolved against the base URL with its path kept, so a service
 * mounted under a path (the simulator's {@code /nras}) works as NVIDIA's own does.
 */
public final class NrasSource implements CollateralSource {
    /** NVIDIA's service. */
    public static final URI NVIDIA_NRAS = URI.create("https://nras.attestation.nvidia.com");

    private final String base;
    private final HttpFetch http;

    private NrasSource(Builder b) {
        String s = b.baseUrl.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (b.baseUrl.getScheme() == null || b.baseUrl.getHost() == null) {
            throw new IllegalArgumentException("the NRAS URL must be absolute (http or https), got " + b.baseUrl);
        }
        this.base = s;
        this.http = new HttpFetch(b.transport, b.timeout, b.maxBodyBytes, b.clock);
    }

    /** A builder fetching through {@code transport} (which the source never closes): NVIDIA's NRAS by default. */
    public static Builder builder(Transport transport) {
        return new Builder(transport);
    }

    /** The base URL. */
    public URI baseUrl() {
        return URI.create(base);
    }

    @Override
    public URI locate(CollateralRequest request) {
        if (request instanceof CollateralRequest.NrasAttestation) {
            return URI.create(base + "/v3/attest/gpu");
        }
        if (request instanceof CollateralRequest.NrasKeySet) {
            return URI.create(base + "/.well-known/jwks.json");
        }
        throw new IllegalArgumentException("NRAS serves NVIDIA's answers, not the " + request.description());
    }

    @Override
    public CompletableFuture<FetchedAnswer> fetch(CollateralRequest request) {
        URI url;
        try {
            url = locate(request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (request instanceof CollateralRequest.NrasAttestation a) {
            return http.postJson(request, url, a.payload());
        }
        return http.get(request, url, "application/json");
    }

    @Override
    public String toString() {
        return "NrasSource[" + base + "]";
    }

    /** Builds a {@link NrasSource}. */
    public static final class Builder {
        private final Transport transport;
        private URI baseUrl = NVIDIA_NRAS;
        private Duration timeout = Duration.ofSeconds(30);
        private long maxBodyBytes = Transport.Request.DEFAULT_MAX_BODY_BYTES;
        private Clock clock = Clock.systemUTC();

        private Builder(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
        }

        /** The service's base URL; default {@link #NVIDIA_NRAS}. */
        public Builder baseUrl(URI url) {
            this.baseUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** How long one answer may take; default 30 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * The most bytes of one answer, refused with {@link io.venice.e2ee.transport.TransportException.BodyTooLarge}
         * as it arrives beyond them; default {@link Transport.Request#DEFAULT_MAX_BODY_BYTES}.
         */
        public Builder maxBodyBytes(long maxBodyBytes) {
            this.maxBodyBytes = Transport.Request.requireMaxBodyBytes(maxBodyBytes);
            return this;
        }

        /** Dates the answers; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The source. */
        public NrasSource build() {
            return new NrasSource(this);
        }
    }
}
