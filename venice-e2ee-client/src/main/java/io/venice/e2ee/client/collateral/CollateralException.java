package io.venice.e2ee.client.collateral;

import io.venice.e2ee.VeniceE2eeException;

import java.net.URI;

/**
 * What verification at level {@code full} needs from Intel's collateral service or NVIDIA's remote attestation
 * service could not be had. The message names the piece, the URL and what went wrong, and how to choose a lower
 * level knowingly; nothing was sent to the model.
 */
public abstract sealed class CollateralException extends VeniceE2eeException
        permits CollateralException.FetchFailed, CollateralException.Malformed {
    private static final long serialVersionUID = 1L;

    /** The advice every message ends with. */
    static final String LOWER_LEVEL = "policy full needs it; to verify without Intel's collateral and NVIDIA's remote"
            + " attestation, choose level dcap knowingly (--policy dcap, or VerificationPolicy level DCAP)";

    private final String piece;
    private final URI url;

    CollateralException(String piece, URI url, String message, Throwable cause) {
        super(message, cause);
        this.piece = piece;
        this.url = url;
    }

    /** The piece that could not be had ({@link CollateralRequest#piece()}). */
    public String piece() {
        return piece;
    }

    /** Where it was asked for. */
    public URI url() {
        return url;
    }

    /** The service did not answer, or answered with an error status. */
    public static final class FetchFailed extends CollateralException {
        private static final long serialVersionUID = 1L;

        private final int status;

        /**
         * Creates the error.
         *
         * @param status the HTTP status, or 0 when no answer came
         * @param why    what happened, e.g. {@code HTTP 503} or {@code connection refused}
         */
        public FetchFailed(CollateralRequest request, URI url, int status, String why, Throwable cause) {
            super(request.piece(), url, "could not fetch the " + request.description() + " from " + url + ": " + why
                    + "; " + LOWER_LEVEL, cause);
            this.status = status;
        }

        /** The HTTP status, or 0 when no answer came. */
        public int status() {
            return status;
        }
    }

    /** The service answered, but not with something that can be read as the piece asked for. */
    public static final class Malformed extends CollateralException {
        private static final long serialVersionUID = 1L;

        /** Creates the error; {@code why} says what could not be read. */
        public Malformed(String piece, String description, URI url, String why) {
            super(piece, url, "the " + description + " from " + url + " cannot be read: " + why + "; "
                    + LOWER_LEVEL, null);
        }
    }
}
