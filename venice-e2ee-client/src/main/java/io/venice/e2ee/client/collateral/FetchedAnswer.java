package io.venice.e2ee.client.collateral;

import io.venice.e2ee.spi.Transport;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One answer of a collateral or NRAS service exactly as it arrived (status, headers, body bytes), where it was
 * fetched from and when, how this use got it (from the network, or kept in memory or on disk from an earlier fetch)
 * and until when it may be kept (null when it is not kept: it failed its signature, is stale, or is not kept by
 * nature).
 *
 * @param piece       the piece it answers ({@link CollateralRequest#piece()})
 * @param method      {@code GET} or {@code POST}
 * @param url         where it was fetched from
 * @param status      the HTTP status (2xx: failures are never answers)
 * @param headers     the response headers as received (names case-insensitive)
 * @param body        the body bytes as received
 * @param fetchedAt   when it arrived
 * @param origin      how this use got it
 * @param keptUntil   until when it may be kept, or null
 */
public record FetchedAnswer(String piece, String method, URI url, int status, Map<String, List<String>> headers,
                            byte[] body, Instant fetchedAt, Origin origin, Instant keptUntil) {
    /** How an answer reached its user. */
    public enum Origin {
        /** Fetched from the service for this use (or by a concurrent use it shared with). */
        NETWORK,
        /** Kept in memory from an earlier fetch. */
        MEMORY,
        /** Read back from the disk cache (and checked again). */
        DISK;

        /** Lower-case name, as in reports. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Validates and copies. */
    public FetchedAnswer {
        Objects.requireNonNull(piece, "piece");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = Transport.Headers.copyOf(headers);
        body = Objects.requireNonNull(body, "body").clone();
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        Objects.requireNonNull(origin, "origin");
    }

    /** The body (a copy). */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The first value of a header, ignoring case. */
    public Optional<String> header(String name) {
        return Transport.Headers.first(headers, name);
    }

    /** The same answer, as reached by {@code how}. */
    public FetchedAnswer reachedBy(Origin how) {
        return new FetchedAnswer(piece, method, url, status, headers, body, fetchedAt, how, keptUntil);
    }

    /** The same answer, kept until {@code until} (null: not kept). */
    public FetchedAnswer keptUntil(Instant until) {
        return new FetchedAnswer(piece, method, url, status, headers, body, fetchedAt, origin, until);
    }

    /** How old the answer is at {@code now}. */
    public Duration age(Instant now) {
        Duration d = Duration.between(fetchedAt, now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Short form: never the body. */
    @Override
    public String toString() {
        return "FetchedAnswer[" + piece + " " + method + " " + url + " " + status + ", " + body.length + " bytes, "
                + origin.label() + ", fetched " + fetchedAt + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FetchedAnswer a && a.piece.equals(piece) && a.method.equals(method) && a.url.equals(url)
                && a.status == status && a.headers.equals(headers) && java.util.Arrays.equals(a.body, body)
                && a.fetchedAt.equals(fetchedAt) && a.origin == origin && Objects.equals(a.keptUntil, keptUntil);
    }

    @Override
    public int hashCode() {
        return Objects.hash(piece, url, fetchedAt) * 31 + java.util.Arrays.hashCode(body);
    }
}
