package io.venice.e2ee.crypto;

/** Text that should be hexadecimal is not: an odd length or a character outside {@code [0-9a-fA-F]}. */
public final class InvalidHexException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Where the problem is: the index of the bad character, or -1 for an odd length. */
    private final int index;

    InvalidHexException(String message, int index) {
        super(message);
        this.index = index;
    }

    /** Index of the first non-hex character, or -1 when the length is odd. */
    public int index() {
        return index;
    }

    /** Whether the failure is an odd number of hex digits (rather than a bad character). */
    public boolean oddLength() {
        return index < 0;
    }
}
