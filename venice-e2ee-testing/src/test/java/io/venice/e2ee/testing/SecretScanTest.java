package io.venice.e2ee.testing;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The scan finds a secret in each form it claims to recognise, so a clean scan means something. */
class SecretScanTest {
    private static final byte[] SECRET = new byte[32];

    static {
        for (int i = 0; i < SECRET.length; i++) {
            SECRET[i] = (byte) (0xa0 + i);
        }
    }

    private static final byte[] DECOY = "another secret".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Holds what it is given in the field the test names. */
    static final class Box {
        Object held;
        static final ThreadLocal<Object> PER_THREAD = new ThreadLocal<>();

        Box(Object held) {
            this.held = held;
        }
    }

    @Test
    void findsASecretInEveryFormItHolds() {
        int[] bigEndianWords = new int[8];
        int[] littleEndianLimbs = new int[8];
        long[] longLimbs = new long[4];
        for (int i = 0; i < 8; i++) {
            bigEndianWords[i] = new BigInteger(1, java.util.Arrays.copyOfRange(SECRET, 4 * i, 4 * i + 4)).intValue();
        }
        for (int i = 0; i < 8; i++) {
            littleEndianLimbs[i] = bigEndianWords[7 - i];
        }
        for (int i = 0; i < 4; i++) {
            longLimbs[i] = new BigInteger(1, java.util.Arrays.copyOfRange(SECRET, 24 - 8 * i, 32 - 8 * i)).longValue();
        }
        byte[] reversed = new byte[32];
        for (int i = 0; i < 32; i++) {
            reversed[i] = SECRET[31 - i];
        }
        for (Object form : List.of(SECRET.clone(), reversed, bigEndianWords, littleEndianLimbs, longLimbs,
                List.of("x", SECRET.clone()), Map.of("k", SECRET.clone()), new Object[] {new Box(SECRET.clone())})) {
            assertThat(SecretScan.of(new Box(new Box(form)), SECRET)).as(form.getClass().getSimpleName()).hasSize(1);
        }
    }

    @Test
    void reportsEveryBigIntegerAndWhetherItHoldsTheSecret() {
        assertThat(SecretScan.of(new Box(new BigInteger(1, SECRET)), SECRET))
                .containsExactly("Box.held (a BigInteger holding secret #0)");
        assertThat(SecretScan.of(new Box(BigInteger.TEN), SECRET)).containsExactly("Box.held (a BigInteger)");
    }

    @Test
    void readsTheCallingThreadsValueOfAStaticThreadLocal() {
        Box.PER_THREAD.set(SECRET.clone());
        try {
            assertThat(SecretScan.ofStatics(Box.class, SECRET)).containsExactly("Box.PER_THREAD.get() (byte[] holding secret #0)");
        } finally {
            Box.PER_THREAD.remove();
        }
        assertThat(SecretScan.ofStatics(Box.class, SECRET)).isEmpty();
    }

    @Test
    void aCleanGraphHasNoFindings() {
        byte[] other = SECRET.clone();
        other[5] ^= 1;
        assertThat(SecretScan.of(new Box(new Box(other)), SECRET)).isEmpty();
    }

    @Test
    void findsASecretInTextInEveryFormALineOfCodeMightPrintIt() {
        java.util.HexFormat hex = java.util.HexFormat.of();
        java.util.Base64.Encoder std = java.util.Base64.getEncoder();
        java.util.Base64.Encoder url = java.util.Base64.getUrlEncoder();
        byte[] inLonger = new byte[SECRET.length + 7];
        List<String> forms = new java.util.ArrayList<>(List.of(hex.formatHex(SECRET),
                hex.withUpperCase().formatHex(SECRET), new BigInteger(1, SECRET).toString(),
                java.util.Arrays.toString(SECRET), std.encodeToString(SECRET),
                std.withoutPadding().encodeToString(SECRET), url.encodeToString(SECRET),
                url.withoutPadding().encodeToString(SECRET)));
        for (int shift = 0; shift < 3; shift++) {
            // the secret inside a longer blob, at each byte alignment, in both alphabets
            System.arraycopy(SECRET, 0, inLonger, 2 + shift, SECRET.length);
            forms.add(std.encodeToString(inLonger));
            forms.add(url.encodeToString(inLonger));
            java.util.Arrays.fill(inLonger, (byte) 0);
        }
        for (String form : forms) {
            assertThat(SecretScan.inText("key=" + form + ";", DECOY, SECRET)).as(form).isNotEmpty()
                    .allMatch(f -> f.startsWith("secret #1 as "));
        }
        byte[] apiKey = "sk-test-123456".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(SecretScan.inText("Bearer sk-test-123456", apiKey)).containsExactly("secret #0 as text");
    }

    @Test
    void textWithoutTheSecretHasNoFindings() {
        byte[] other = SECRET.clone();
        other[15] ^= 1;
        String text = java.util.HexFormat.of().formatHex(other) + " " + java.util.Base64.getEncoder()
                .encodeToString(other) + " " + new BigInteger(1, other);
        assertThat(SecretScan.inText(text, SECRET)).isEmpty();
    }
}
