package io.venice.e2ee.attestation.jcs;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * ECMAScript's {@code Number::toString} for a double (ECMA-262 §7.1.12.1, which RFC 8785 adopts): the fewest
 * significant digits that read back as the same double, the closest such decimal when two are as short (the even one
 * on a tie), then plain or exponent notation by the position of the decimal point. The digits are searched exactly
 * with {@link BigDecimal} (the JDK's own {@code Double.toString} is not the shortest before JDK 19).
 */
final class Es6Number {
    private Es6Number() {
    }

    static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new CanonicalizationException(value + " is not a finite number, which JSON cannot carry");
        }
        if (value == 0) {
            return "0"; // minus zero too
        }
        String sign = value < 0 ? "-" : "";
        BigDecimal digits = shortest(Math.abs(value)).stripTrailingZeros();
        String s = digits.unscaledValue().toString();
        int k = s.length();
        int n = k - digits.scale(); // value = s × 10^(n-k)
        StringBuilder out = new StringBuilder(sign);
        if (k <= n && n <= 21) {
            out.append(s).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            out.append(s, 0, n).append('.').append(s, n, k);
        } else if (-6 < n && n <= 0) {
            out.append("0.").append("0".repeat(-n)).append(s);
        } else {
            int e = n - 1;
            out.append(s.charAt(0));
            if (k > 1) {
                out.append('.').append(s, 1, k);
            }
            out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return out.toString();
    }

    /** The shortest decimal that reads back as {@code a} (positive, finite), the closest among equals. */
    private static BigDecimal shortest(double a) {
        BigDecimal exact = new BigDecimal(a);
        for (int p = 1; p <= 17; p++) {
            BigDecimal down = exact.round(new MathContext(p, RoundingMode.FLOOR));
            BigDecimal up = exact.round(new MathContext(p, RoundingMode.CEILING));
            boolean downOk = down.doubleValue() == a;
            boolean upOk = up.doubleValue() == a;
            if (downOk && upOk && down.compareTo(up) != 0) {
                int c = exact.subtract(down).compareTo(up.subtract(exact));
                if (c != 0) {
                    return c < 0 ? down : up;
                }
                return down.unscaledValue().testBit(0) ? up : down;
            }
            if (downOk) {
                return down;
            }
            if (upOk) {
                return up;
            }
        }
        // 17 significant digits always identify a double; this is not reached
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }
}
