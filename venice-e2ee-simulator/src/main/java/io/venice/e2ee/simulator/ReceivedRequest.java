package io.venice.e2ee.simulator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as the simulator received it, before any check: for tests that must show what a client sent (or that
 * something never arrived).
 *
 * @param method  the HTTP method
 * @param path    the path, e.g. {@code /api/v1/chat/completions}
 * @param query   the raw query string, or null
 * @param headers every header, by lower-case name
 * @param body    the body bytes (empty for none); a copy is handed out
 */
public record ReceivedRequest(String method, String path, String query, Map<String, List<String>> headers,
                              byte[] body) {
    /** Copies the headers and the body. */
    public ReceivedRequest {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    /** A copy of the body. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
