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
 *
 * <p>{@link #inText} looks for the same secrets in text (log records, exception messages, HTTP bodies), in every
 * form a careless line of code would print them.
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

    /**
     * The forms in which {@code text} holds one of {@code secrets} (named by its index): hex in any case, base64
     * and base64url (padded or not, also inside a longer encoding at any of the three byte alignments), the
     * unsigned decimal number (as a scalar prints; when it has 16 digits or more), {@link java.util.Arrays#toString(byte[])}, and the secret
     * itself when its bytes are printable ASCII (an API key). Empty if none.
     */
    public static List<String> inText(CharSequence text, byte[]... secrets) {
        String haystack = text.toString();
        String lower = haystack.toLowerCase(java.util.Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < secrets.length; i++) {
            for (Map.Entry<String, String> form : textForms(secrets[i]).entrySet()) {
                boolean hex = form.getKey().equals("hex");
                if ((hex ? lower : haystack).contains(form.getValue())) {
                    out.add("secret #" + i + " as " + form.getKey());
                }
            }
        }
        return List.copyOf(out);
    }

    /** What {@link #inText} searches for: form name to the text (hex in lower case, matched in any case). */
    private static Map<String, String> textForms(byte[] secret) {
        if (secret.length < 8) {
            throw new IllegalArgumentException("a secret of " + secret.length + " bytes would be found by chance");
        }
        Map<String, String> forms = new java.util.LinkedHashMap<>();
        forms.put("hex", java.util.HexFormat.of().formatHex(secret));
        for (int shift = 0; shift < 3; shift++) {
            byte[] shifted = new byte[shift + secret.length];
            System.arraycopy(secret, 0, shifted, shift, secret.length);
            String encoded = java.util.Base64.getEncoder().withoutPadding().encodeToString(shifted);
            // only the characters every bit of which comes from the secret: the same inside any longer encoding
            String core = encoded.substring((8 * shift + 5) / 6, (8 * (shift + secret.length)) / 6);
            forms.put("base64 (byte alignment " + shift + ")", core);
            forms.put("base64url (byte alignment " + shift + ")", core.replace('+', '-').replace('/', '_'));
        }
        String decimal = new BigInteger(1, secret).toString();
        if (decimal.length() >= 16) {
            forms.put("decimal", decimal);
        }
        forms.put("Arrays.toString", java.util.Arrays.toString(secret));
        boolean printable = true;
        for (byte b : secret) {
            printable &= b >= 0x20 && b < 0x7f;
        }
        if (printable) {
            forms.put("text", new String(secret, java.nio.charset.StandardCharsets.US_ASCII));
        }
        return forms;
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
