package io.venice.e2ee.cli;

import io.venice.e2ee.client.progress.ProgressListener;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.time.Duration;

/**
 * Shows the slow steps (attestation, each collateral or NRAS fetch) on stderr as they start and end, for a person
 * watching a terminal; silent otherwise, so scripts and {@code --json} output see nothing new.
 */
final class StderrProgress implements ProgressListener {
    private final PrintWriter err;

    StderrProgress(PrintWriter err) {
        this.err = err;
    }

    /** A listener writing to {@code err} when the process runs in a terminal, else {@link ProgressListener#NONE}. */
    static ProgressListener forTerminal(PrintWriter err) {
        return interactive() ? new StderrProgress(err) : ProgressListener.NONE;
    }

    /** Whether a person is watching: a console, and on JDK 22+ one that is a terminal. */
    static boolean interactive() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            // JDK 22+ has a console even when redirected; isTerminal() says whether it is one
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(c);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void started(String step) {
        synchronized (err) {
            err.println("… " + step);
            err.flush();
        }
    }

    @Override
    public void finished(String step, Duration took, String outcome) {
        synchronized (err) {
            err.println((outcome.startsWith("failed") ? "✗ " : "✓ ") + step + ": " + outcome + " ("
                    + took.toMillis() + " ms)");
            err.flush();
        }
    }
}
