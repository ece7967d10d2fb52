package io.venice.e2ee.proxy;

import io.venice.e2ee.VeniceE2eeException;

/** The proxy cannot start as configured. */
public abstract sealed class ProxyException extends VeniceE2eeException
        permits ProxyException.RemoteListenRefused, ProxyException.ListenFailed {
    private static final long serialVersionUID = 1L;

    ProxyException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A listen address that is not loopback, without {@code allowRemote}. */
    public static final class RemoteListenRefused extends ProxyException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception for {@code address}. */
        public RemoteListenRefused(ListenAddress address) {
            super("refusing to listen on " + address + ": it is not a loopback address, so other machines could send"
                    + " prompts through this proxy with its API key; listen on 127.0.0.1 or ::1, or allow it"
                    + " explicitly (--allow-remote)", null);
        }
    }

    /** The server could not bind its address. */
    public static final class ListenFailed extends ProxyException {
        private static final long serialVersionUID = 1L;

        /** Creates the exception for {@code address} and its cause. */
        public ListenFailed(ListenAddress address, Throwable cause) {
            super("cannot listen on " + address + ": " + (cause == null ? "no detail" : cause.getMessage())
                    + "; choose another port or address", cause);
        }
    }
}
