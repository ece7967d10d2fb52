package io.venice.e2ee.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.e2ee.VeniceE2eeException;
import io.venice.e2ee.attestation.json.VeniceJson;
import io.venice.e2ee.protocol.VeniceProtocolException;
import io.venice.e2ee.protocol.VeniceError;
import io.venice.e2ee.transport.TransportException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Turns an error answer into the typed exception that says what to do. */
final class HttpErrors {
    private static final ObjectMapper JSON = VeniceJson.newMapper();
    private static final int EXCERPT = 200;

    private HttpErrors() {
    }

    /** The exception for an answer with an error status. */
    static VeniceE2eeException of(URI uri, int status, String retryAfterHeader, byte[] body, Clock clock) {
        String message = serverMessage(body);
        VeniceError known = VeniceError.find(message).orElse(null);
        if (known != null) {
            return new VeniceProtocolException.ServerRefused(known, status, message);
        }
        return new TransportException.HttpStatus(uri, status, message, retryAfter(retryAfterHeader, clock));
    }

    /** The {@code error} text of a JSON error body ({@code {"error": "..."}} or {@code {"error": {"message"}}}). */
    static String serverMessage(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode e = n.get("error");
            if (e != null && e.isTextual()) {
                return e.asText();
            }
            if (e != null && e.has("message")) {
                return e.get("message").asText();
            }
            if (n.has("message")) {
                return n.get("message").asText();
            }
            if (n.has("detail")) {
                return n.get("detail").asText();
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through to a plain-text excerpt
        }
        String text = new String(body, 0, Math.min(body.length, EXCERPT * 4), StandardCharsets.UTF_8).strip();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && sb.length() < EXCERPT; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString();
    }

    /** {@code Retry-After} as seconds or an HTTP date (relative to {@code clock}); null when absent or unreadable. */
    static Duration retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
