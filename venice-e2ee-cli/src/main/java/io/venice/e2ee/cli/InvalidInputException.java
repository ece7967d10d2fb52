package io.venice.e2ee.cli;

/** Input a command refuses (a malformed key, undecodable text): exit code 1 with this message, which never holds key material. */
public final class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line message saying what is wrong and what to do. */
    public InvalidInputException(String message) {
        super(message);
    }
}
