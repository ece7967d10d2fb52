package io.venice.e2ee.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Where the proxy listens: a host (name or literal) and a TCP port.
 *
 * @param host an interface name or address literal (an IPv6 literal without brackets)
 * @param port 0..65535; 0 picks a free port
 */
public record ListenAddress(String host, int port) {
    /** The default: loopback, port 8788. */
    public static final ListenAddress DEFAULT = new ListenAddress("127.0.0.1", 8788);

    /** Validates the parts. */
    public ListenAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("the listen host is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the listen port must be 0..65535, got " + port);
        }
    }

    /**
     * Parses {@code host:port}, {@code [v6]:port} or {@code :port} (loopback).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ListenAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("listen address \"" + text + "\" must be HOST:PORT, e.g. 127.0.0.1:8788");
        }
        String host = t.substring(0, colon);
        String port = t.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("listen address \"" + text + "\": write an IPv6 address in brackets,"
                    + " e.g. [::1]:8788");
        }
        if (host.isEmpty()) {
            host = DEFAULT.host();
        }
        try {
            return new ListenAddress(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listen address \"" + text + "\": the port \"" + port
                    + "\" is not a number");
        }
    }

    /**
     * Whether every address the host names is a loopback address (a name is resolved; a wildcard such as
     * {@code 0.0.0.0} is not loopback).
     */
    public boolean isLoopback() {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code host:port}, with an IPv6 literal in brackets. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
