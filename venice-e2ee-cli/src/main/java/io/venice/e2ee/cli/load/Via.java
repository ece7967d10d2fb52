package io.venice.e2ee.cli.load;

import java.util.Locale;

/** The path a load test's streams take to the simulator. */
public enum Via {
    /** Straight through the client library ({@code VeniceClient.chatAsync}), one session per stream. */
    CLIENT,
    /** Through the OpenAI-compatible proxy, as plain OpenAI requests over loopback. */
    PROXY;

    /** {@code client} or {@code proxy}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
