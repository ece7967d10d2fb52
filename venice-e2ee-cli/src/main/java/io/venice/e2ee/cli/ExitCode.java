package io.venice.e2ee.cli;

/** The exit codes every command returns. */
final class ExitCode {
    /** Success. */
    static final int OK = 0;
    /** Refused input or a failed check. */
    static final int REFUSED = 1;
    /** Usage error: unknown command or option, missing or malformed argument. */
    static final int USAGE = 2;

    private ExitCode() {
    }
}
