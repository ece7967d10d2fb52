package io.venice.e2ee.testing;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Looks through everything reachable from an object (or a class's static fields) for secret bytes, the way a scan
 * of the process memory would find them in live objects: in byte arrays (either byte order), in int and long arrays
 * (either word order, either byte order within a word, as limbs and key schedules hold them), and in every
 * {@link BigInteger}, which is reported wherever it is reachable, since a BigInteger cannot be wiped.
 *
 * <p>It follows the fields of every class outside the JDK, the current thread's value of every {@link ThreadLocal},
 * the elements of arrays, collections and maps, and the fields of the JDK's crypto classes ({@code javax.crypto},
 * {@code com.sun.crypto.provider}, {@code sun.security.provider}, {@code java.security.MessageDigest}); it does not
 * enter providers, random generators, classes, class loaders or threads. A field it is not allowed to read fails
 * the scan (say which {@code --add-opens} is missing) rather than passing it unread.
 */
public final class SecretScan {
    private static final List<String> JDK_CRYPTO = List.of("javax.crypto.", "com.sun.crypto.provider.",
            "sun.security.provider.", "java.security.MessageDigest");

    private final List<byte[]> secrets;
    private final List<String> found = new ArrayList<>();
    private final Set<Object> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    private SecretScan(List<byte[]> secrets) {
        this.secrets = secrets;
    }

    /**
     * The paths, from {@code root}, of every value that holds one of {@code secrets} (named by its index) or is a
     * BigInteger.
     *
     * @throws AssertionError if a field on the way cannot be read
     */
    public static List<String> of(Object root, byte[]... secrets) {
        SecretScan scan = new SecretScan(List.of(secrets));
        scan.visit(root, root == null ? "null" : root.getClass().getSimpleName());
        return List.copyOf(scan.found);
    }

    /** The same over the static fields of {@code type} (thread-locals read for the calling thread). */
    public static List<String> ofStatics(Class<?> type, byte[]... secrets) {
        SecretScan scan = new SecretScan(List.of(secrets));
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                    scan.visit(read(f, null), c.getSimpleName() + "." + f.getName());
                }
            }
        }
        return List.copyOf(scan.found);
    }

    /** Whether {@code haystack} holds one of the secrets in a form this scan recognises. */
    public static boolean holds(Object haystack, byte[]... secrets) {
        return !of(haystack, secrets).isEmpty();
    }

    private void visit(Object value, String path) {
        if (value == null || value instanceof String || value instanceof Number && !(value instanceof BigInteger)
                || value instanceof Boolean || value instanceof Character || value instanceof Enum<?>
                || !seen.add(value)) {
            return;
        }
        Class<?> c = value.getClass();
        if (value instanceof BigInteger b) {
            int secret = match(b.toByteArray());
            found.add(path + " (a BigInteger" + (secret >= 0 ? " holding secret #" + secret : "") + ")");
            return;
        }
        if (c.isArray()) {
            visitArray(value, path);
            return;
        }
        if (value instanceof ThreadLocal<?> t) {
            visit(t.get(), path + ".get()");
            return;
        }
        if (value instanceof Class<?> || value instanceof ClassLoader || value instanceof Thread
                || value instanceof SecureRandom || value instanceof Provider || value instanceof Module) {
            return;
        }
        if (isJdk(c)) {
            if (value instanceof Collection<?> items) {
                int i = 0;
                for (Object item : items) {
                    visit(item, path + "[" + i++ + "]");
                }
                return;
            }
            if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    visit(e.getKey(), path + "{key}");
                    visit(e.getValue(), path + "{" + e.getKey() + "}");
                }
                return;
            }
            if (JDK_CRYPTO.stream().noneMatch(c.getName()::startsWith)) {
                return;
            }
        }
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            if (isJdk(k) && JDK_CRYPTO.stream().noneMatch(k.getName()::startsWith)) {
                // a JDK superclass outside crypto (a provider's subclass of a JDK spec): its fields are the JDK's
                continue;
            }
            for (Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                    visit(read(f, value), path + "." + f.getName());
                }
            }
        }
    }

    private void visitArray(Object array, String path) {
        Class<?> component = array.getClass().getComponentType();
        if (component == byte.class) {
            int secret = match((byte[]) array);
            if (secret >= 0) {
                found.add(path + " (byte[] holding secret #" + secret + ")");
            }
        } else if (component == int.class || component == long.class) {
            int width = component == int.class ? 4 : 8;
            int n = Array.getLength(array);
            byte[] bigEndian = new byte[n * width];
            byte[] littleEndian = new byte[n * width];
            for (int i = 0; i < n; i++) {
                long w = component == int.class ? ((int[]) array)[i] & 0xffffffffL : ((long[]) array)[i];
                for (int b = 0; b < width; b++) {
                    bigEndian[i * width + b] = (byte) (w >>> (8 * (width - 1 - b)));
                    littleEndian[i * width + b] = (byte) (w >>> (8 * b));
                }
            }
            int secret = Math.max(match(bigEndian), match(littleEndian));
            if (secret >= 0) {
                found.add(path + " (" + component + "[] holding secret #" + secret + ")");
            }
        } else if (!component.isPrimitive()) {
            for (int i = 0; i < Array.getLength(array); i++) {
                visit(Array.get(array, i), path + "[" + i + "]");
            }
        }
    }

    /** The index of the first secret {@code haystack} holds, or -1. */
    private int match(byte[] haystack) {
        for (int i = 0; i < secrets.size(); i++) {
            byte[] secret = secrets.get(i);
            if (indexOf(haystack, secret) >= 0 || indexOf(haystack, reversed(secret)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] reversed(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }

    private static boolean isJdk(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.")
                || n.startsWith("com.sun.");
    }

    private static Object read(Field f, Object owner) {
        try {
            f.setAccessible(true);
            return f.get(owner);
        } catch (InaccessibleObjectException | IllegalAccessException e) {
            throw new AssertionError("cannot read " + f + " to look for secrets: open its package to the tests ("
                    + "--add-opens " + f.getDeclaringClass().getModule().getName() + "/"
                    + f.getDeclaringClass().getPackageName() + "=ALL-UNNAMED)", e);
        }
    }
}
