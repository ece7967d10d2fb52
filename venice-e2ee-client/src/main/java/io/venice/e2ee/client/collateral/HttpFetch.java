package io.venice.e2ee.client.collateral;

import io.venice.e2ee.spi.Transport;
import io.venice.e2ee.transport.TransportException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One request to a collateral service through the client's {@link Transport}: a 2xx answer becomes a
 * {@link FetchedAnswer} as it arrived; anything else a {@link CollateralException.FetchFailed} naming the piece, the
 * URL and what happened. No API key is ever sent: these services need none, and they are not Venice.
 */
final class HttpFetch {
    private final Transport transport;
    private final Duration timeout;
    private final long maxBodyBytes;
    private final Clock clock;

    HttpFetch(Transport transport, Duration timeout, long maxBodyBytes, Clock clock) {
        this.transport = transport;
        this.timeout = timeout;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    CompletableFuture<FetchedAnswer> get(CollateralRequest request, URI url, String accept) {
        return send(request, Transport.Request.get(url, Map.of("Accept", accept), timeout)
                .withMaxBodyBytes(maxBodyBytes));
    }

    CompletableFuture<FetchedAnswer> postJson(CollateralRequest request, URI url, byte[] body) {
        return send(request, Transport.Request.post(url, Map.of("Content-Type", "application/json",
                "Accept", "application/json"), body, timeout).withMaxBodyBytes(maxBodyBytes));
    }

    private CompletableFuture<FetchedAnswer> send(CollateralRequest request, Transport.Request http) {
        CompletableFuture<Transport.Response> sent;
        try {
            sent = transport.send(http);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((r, e) -> {
            if (e != null) {
                Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                String why = c instanceof TransportException ? c.getMessage()
                        : c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
                throw new CompletionException(new CollateralException.FetchFailed(request, http.uri(), 0, why, c));
            }
            if (r.status() / 100 != 2) {
                throw new CompletionException(new CollateralException.FetchFailed(request, http.uri(), r.status(),
                        "HTTP " + r.status() + errorText(r.body()), null));
            }
            return new FetchedAnswer(request.piece(), http.method(), http.uri(), r.status(), r.headers(), r.body(),
                    clock.instant(), FetchedAnswer.Origin.NETWORK, null);
        });
    }

    /** The start of an error body on one line, if it is text. */
    private static String errorText(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\uFFFD') {
                return sb.length() == 0 ? "" : " (" + sb + ")";
            }
            sb.append(c);
        }
        return sb.length() == 0 ? "" : " (" + sb + ")";
    }
}
