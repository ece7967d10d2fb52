package io.venice.e2ee.client.collateral;

import io.venice.e2ee.spi.Transport;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Intel's collateral from Intel PCS (API v4) or any PCS-compatible service (a PCCS, a cache, the simulator's
 * {@code /pcs}): Intel's paths below a base URL, fetched through the client's {@link Transport}. TCB info and QE
 * identity come from {@code /tdx/certification/v4/tcb?fmspc=} and {@code /tdx/certification/v4/qe/identity}, the PCK
 * CRL from {@code /sgx/certification/v4/pckcrl?ca=&encoding=der} (an {@code /sgx/} path even for TDX); the root CA
 * CRL from Intel's distribution point when the base is Intel's, else from a PCCS's
 * {@code /sgx/certification/v4/rootcacrl} (hex text of the DER), unless {@link Builder#rootCaCrlUrl} says where.
 */
public final class PcsSource implements CollateralSource {
    /** Intel's PCS. */
    public static final URI INTEL_PCS = URI.create("https://api.trustedservices.intel.com");
    /** The CRL distribution point of the Intel SGX Root CA (the CRL is served as DER, with no issuer chain). */
    public static final URI INTEL_ROOT_CA_CRL = URI.create("https://certificates.trustedservices.intel.com/IntelSGXRootCA.der");

    private final String base;
    private final URI rootCaCrl;
    private final HttpFetch http;

    private PcsSource(Builder b) {
        this.base = normalise(b.baseUrl);
        this.rootCaCrl = b.rootCaCrlUrl != null ? b.rootCaCrlUrl
                : INTEL_PCS.getHost().equalsIgnoreCase(URI.create(base).getHost()) ? INTEL_ROOT_CA_CRL
                : URI.create(base + "/sgx/certification/v4/rootcacrl");
        this.http = new HttpFetch(b.transport, b.timeout, b.maxBodyBytes, b.clock);
    }

    /** A builder fetching through {@code transport} (which the source never closes): Intel's PCS by default. */
    public static Builder builder(Transport transport) {
        return new Builder(transport);
    }

    /** The base URL Intel's paths are resolved against (no trailing slash, no {@code /sgx|tdx/certification/v4}). */
    public URI baseUrl() {
        return URI.create(base);
    }

    @Override
    public URI locate(CollateralRequest request) {
        if (request instanceof CollateralRequest.TcbInfo t) {
            return URI.create(base + "/tdx/certification/v4/tcb?fmspc=" + t.fmspc());
        }
        if (request instanceof CollateralRequest.QeIdentity) {
            return URI.create(base + "/tdx/certification/v4/qe/identity");
        }
        if (request instanceof CollateralRequest.PckCrl p) {
            return URI.create(base + "/sgx/certification/v4/pckcrl?ca=" + p.ca() + "&encoding=der");
        }
        if (request instanceof CollateralRequest.RootCaCrl) {
            return rootCaCrl;
        }
        throw new IllegalArgumentException("a PCS serves Intel's collateral, not the " + request.description());
    }

    @Override
    public CompletableFuture<FetchedAnswer> fetch(CollateralRequest request) {
        URI url;
        try {
            url = locate(request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        boolean json = request instanceof CollateralRequest.TcbInfo || request instanceof CollateralRequest.QeIdentity;
        return http.get(request, url, json ? "application/json" : "*/*");
    }

    /**
     * Trims trailing slashes and a trailing {@code /sgx/certification/v4} or {@code /tdx/certification/v4}, so the
     * base of a PCCS can be given either way (Intel's QCNL is configured with the {@code /sgx/} one).
     */
    static String normalise(URI url) {
        String s = url.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        for (String suffix : new String[] {"/sgx/certification/v4", "/tdx/certification/v4"}) {
            if (s.endsWith(suffix)) {
                s = s.substring(0, s.length() - suffix.length());
            }
        }
        if (url.getScheme() == null || url.getHost() == null) {
            throw new IllegalArgumentException("the collateral service URL must be absolute (http or https), got "
                    + url);
        }
        return s;
    }

    @Override
    public String toString() {
        return "PcsSource[" + base + "]";
    }

    /** Builds a {@link PcsSource}. */
    public static final class Builder {
        private final Transport transport;
        private URI baseUrl = INTEL_PCS;
        private URI rootCaCrlUrl;
        private Duration timeout = Duration.ofSeconds(30);
        private long maxBodyBytes = Transport.Request.DEFAULT_MAX_BODY_BYTES;
        private Clock clock = Clock.systemUTC();

        private Builder(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
        }

        /** The service's base URL (Intel's paths lie below it); default {@link #INTEL_PCS}. */
        public Builder baseUrl(URI url) {
            this.baseUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** Where the root CA CRL is fetched (DER, PEM or hex text); default as the class says. */
        public Builder rootCaCrlUrl(URI url) {
            this.rootCaCrlUrl = Objects.requireNonNull(url, "url");
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
        public PcsSource build() {
            return new PcsSource(this);
        }
    }
}
