package io.venice.e2ee.fuzz;

import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * The property every fuzz test checks: a parser given anything either answers or throws one of the typed errors it
 * documents. Any other exception, or an {@link Error} ({@code OutOfMemoryError}, {@code StackOverflowError}),
 * fails with the input that caused it.
 */
final class OnlyTyped {
    private OnlyTyped() {
    }

    /** Runs {@code parse} on {@code input}; returns its result, or null when it threw an allowed type. */
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
            AssertionError failure = new AssertionError("untyped " + t.getClass().getName() + " escaped for input "
                    + describe(input) + " (allowed: " + Arrays.toString(allowed) + ")");
            failure.initCause(t);
            throw failure;
        }
    }

    private static String describe(Object input) {
        String s = input instanceof byte[] b ? io.venice.e2ee.crypto.Hex.encode(b) : String.valueOf(input);
        return s.length() > 300 ? s.substring(0, 300) + "... (" + s.length() + " chars)" : "'" + s + "'";
    }
}
