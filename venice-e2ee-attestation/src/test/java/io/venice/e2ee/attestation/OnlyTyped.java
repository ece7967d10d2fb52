package io.venice.e2ee.attestation;

import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * The property the fuzz tests check: a parser given anything either answers or throws one of the typed errors it
 * documents; any other exception, or an {@link Error} ({@code OutOfMemoryError}, {@code StackOverflowError}), fails
 * with the input that caused it.
 */
final class OnlyTyped {
    private OnlyTyped() {
    }

    /** Runs {@code parse}; returns its result, or null when it threw an allowed type. */
    @SafeVarargs
    static <T> T check(Object input, Callable<T> parse, Class<? extends Throwable>... allowed) {
        try {
            return parse.call();
        } catch (Throwable t) {
            for (Class<? extends Throwable> a : allowed) {
                if (a.isInstance(t)) {
                    return null;
                }
            }
            String s = input instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)
                    : String.valueOf(input);
            AssertionError failure = new AssertionError("untyped " + t.getClass().getName() + " escaped for input '"
                    + (s.length() > 300 ? s.substring(0, 300) + "...' (" + s.length() + " chars)" : s + "'")
                    + " (allowed: " + Arrays.toString(allowed) + ")");
            failure.initCause(t);
            throw failure;
        }
    }
}
