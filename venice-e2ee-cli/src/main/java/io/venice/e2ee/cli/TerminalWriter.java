package io.venice.e2ee.cli;

import picocli.CommandLine;

import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Standard output or error as every command writes it: each write passes through {@link TerminalText#clean}, the
 * writer knows whether what it wrote ends a line, and {@link #raw()} hands out the same stream uncleaned for the
 * one output that must stay byte for byte ({@code decrypt --raw}).
 */
final class TerminalWriter extends PrintWriter {
    private final Cleaning cleaning;
    private final PrintWriter raw;

    private TerminalWriter(Cleaning cleaning, Writer target) {
        super(cleaning, true);
        this.cleaning = cleaning;
        this.raw = new PrintWriter(target, true);
    }

    /** A cleaning writer over {@code stream} (UTF-8, flushed at every line). */
    static TerminalWriter over(OutputStream stream) {
        Writer target = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        return new TerminalWriter(new Cleaning(target), target);
    }

    /** Whether nothing was written yet, or the last thing written ended a line. */
    boolean atLineStart() {
        return cleaning.atLineStart;
    }

    /** The same stream without cleaning, for output that must be exact. */
    PrintWriter raw() {
        flush();
        return raw;
    }

    /**
     * Ends a line left open on standard output or error (an answer cut off by a failure), so the status line printed
     * next on standard error starts a line of its own.
     */
    static void startLine(CommandLine cmd) {
        boolean open = cmd.getOut() instanceof TerminalWriter o && !o.atLineStart()
                || cmd.getErr() instanceof TerminalWriter e && !e.atLineStart();
        if (open) {
            cmd.getOut().flush();
            cmd.getErr().println();
        }
    }

    /** Cleans what passes and remembers whether it ended a line. */
    private static final class Cleaning extends Writer {
        private final Writer target;
        private volatile boolean atLineStart = true;

        Cleaning(Writer target) {
            this.target = target;
        }

        @Override
        public void write(char[] buf, int off, int len) throws java.io.IOException {
            String clean = TerminalText.clean(java.nio.CharBuffer.wrap(buf, off, len));
            if (!clean.isEmpty()) {
                target.write(clean);
                atLineStart = clean.charAt(clean.length() - 1) == '\n';
            }
        }

        @Override
        public void write(String s, int off, int len) throws java.io.IOException {
            write(s.toCharArray(), off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            target.flush();
        }

        @Override
        public void close() throws java.io.IOException {
            target.close();
        }
    }
}
