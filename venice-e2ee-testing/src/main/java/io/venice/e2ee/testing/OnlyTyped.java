package io.venice.e2ee.testing;

import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * The property the fuzz tests check: a parser given anything either answers or throws one of the typed errors it
 * documents; any other exception, or an {@link Error} ({@code OutOfMemoryError}, {@code StackOverflowError}), fails
 * with the input that caused it. (The api's own tests keep a copy: the api cannot see this module.)
 */
public final class OnlyTyped {
    private OnlyTyped() {
    }

    /**
     * Runs {@code parse}; returns its result, or null when it threw an allowed type.
     *
     * @param input   what was parsed, shown when an untyped error escapes
     * @param parse   the parse to run
     * @param allowed the typed errors it documents
     * @param <T>     what it returns
     * @return its result, or null
     */
    @SafeVarargs
    public static <T> T check(Object input, Callable<T> parse, Class<? extends Throwable>... allowed) {
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
