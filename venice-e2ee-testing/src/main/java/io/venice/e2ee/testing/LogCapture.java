package io.venice.e2ee.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Everything logged in this JVM while it is open, at every level: a handler on the {@code java.util.logging} root
 * logger, whose level is lowered to {@code ALL} until {@link #close()}. The JDK's default {@link System.Logger}
 * backend, Vert.x and Netty log through it when no other logging library is on the class path, as in this build.
 *
 * <p>{@link #text()} holds, for each record, its logger, level, raw message, parameters, the formatted message and
 * the thrown exception's whole stack trace (every cause and suppressed exception, with their messages): all a log
 * file could show, however it were formatted.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger root = Logger.getLogger("");
    private final Level rootLevel = root.getLevel();
    private final List<String> records = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            StringBuilder sb = new StringBuilder();
            sb.append(r.getLoggerName()).append(' ').append(r.getLevel()).append(": ").append(r.getMessage());
            if (r.getParameters() != null) {
                sb.append(" params ").append(Arrays.deepToString(r.getParameters()));
            }
            sb.append("\n  formatted: ").append(formatter.formatMessage(r));
            if (r.getThrown() != null) {
                sb.append("\n  thrown: ").append(stackTrace(r.getThrown()));
            }
            synchronized (records) {
                records.add(sb.toString());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture() {
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.ALL);
    }

    /** Starts capturing. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** The records captured so far. */
    public List<String> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** Every record captured so far, one after the other. */
    public String text() {
        return String.join("\n", records());
    }

    /** Forgets the records captured so far. */
    public void clear() {
        synchronized (records) {
            records.clear();
        }
    }

    /** Stops capturing and restores the root logger's level. */
    @Override
    public void close() {
        root.removeHandler(handler);
        root.setLevel(rootLevel);
    }

    /**
     * All a user could be shown of {@code t}: its stack trace as {@link Throwable#printStackTrace()} prints it, with
     * the {@code toString} and message of every cause and suppressed exception.
     */
    public static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
