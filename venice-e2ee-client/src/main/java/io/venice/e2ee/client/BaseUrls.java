package io.venice.e2ee.client;

import java.net.URI;
import java.util.Locale;

/**
 * Rules about where the client talks to: which base URL is Venice's own API (the only one an API key from the
 * environment goes to) and which plain-{@code http://} URLs are acceptable (loopback only).
 */
public final class BaseUrls {
    /** Venice's API host. */
    public static final String VENICE_HOST = "api.venice.ai";

    private BaseUrls() {
    }

    /** Whether {@code url} is Venice's own API: {@code https://api.venice.ai} on the default port. */
    public static boolean isVenice(URI url) {
        return "https".equalsIgnoreCase(url.getScheme()) && url.getHost() != null
                && VENICE_HOST.equalsIgnoreCase(url.getHost()) && (url.getPort() == -1 || url.getPort() == 443);
    }

    /**
     * Whether {@code url}'s host is this machine by its literal form: {@code localhost}, an address in
     * {@code 127.0.0.0/8}, or {@code ::1}. No name is resolved (a name could resolve anywhere).
     */
    public static boolean isLoopback(URI url) {
        String host = url.getHost();
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /**
     * Checks that {@code url} may be used: {@code https://}, or {@code http://} to a loopback address.
     *
     * @throws PrivacyException.InsecureBaseUrl for {@code http://} to any other host
     * @throws IllegalArgumentException         for another scheme or no host
     */
    public static URI requireSafe(URI url) {
        return requireSafe(url, PrivacyException.InsecureBaseUrl.BASE_URL);
    }

    /**
     * As {@link #requireSafe(URI)}, naming the URL as {@code which} ({@link PrivacyException.InsecureBaseUrl#BASE_URL}
     * or {@link PrivacyException.InsecureBaseUrl#GATEWAY_URL}) in what it throws.
     */
    public static URI requireSafe(URI url, String which) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException(which + " " + url + " must be https://HOST/... (or http:// to this"
                    + " machine), e.g. " + VeniceClient.DEFAULT_BASE_URL);
        }
        if (scheme.equals("http") && !isLoopback(url)) {
            throw new PrivacyException.InsecureBaseUrl(which, url);
        }
        return url;
    }
}
