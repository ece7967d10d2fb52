package io.venice.e2ee.testing;

import java.util.Arrays;

/**
 * A strict DER reader for the X.509 {@code SubjectPublicKeyInfo} of an EC public key, as Wycheproof encodes them:
 * {@code SEQUENCE { SEQUENCE { OID id-ecPublicKey, parameters }, BIT STRING point }}. It models a caller that
 * accepts only keys declared on the named curve secp256k1 and hands the raw point to the SPI.
 *
 * @param namedSecp256k1 whether the parameters are the named-curve OID of secp256k1 (explicit or other curves: false)
 * @param point          the bytes of the BIT STRING (the encoded point, in whatever form it was given)
 */
public record SubjectPublicKeyInfo(boolean namedSecp256k1, byte[] point) {
    private static final byte[] ID_EC_PUBLIC_KEY = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] SECP256K1 = {0x2b, (byte) 0x81, 0x04, 0x00, 0x0a};

    /**
     * Parses strict DER (definite, minimal lengths; nothing left over).
     *
     * @throws IllegalArgumentException if the encoding is not such a structure
     */
    public static SubjectPublicKeyInfo parse(byte[] der) {
        Reader outer = new Reader(der, 0, der.length);
        Reader spki = outer.nested(0x30);
        outer.end();
        Reader algorithm = spki.nested(0x30);
        if (!Arrays.equals(algorithm.primitive(0x06), ID_EC_PUBLIC_KEY)) {
            throw new IllegalArgumentException("not an EC public key");
        }
        int paramsTag = algorithm.peekTag();
        boolean named = false;
        if (paramsTag == 0x06) {
            named = Arrays.equals(algorithm.primitive(0x06), SECP256K1);
        } else {
            algorithm.skip();
        }
        algorithm.end();
        byte[] bits = spki.primitive(0x03);
        spki.end();
        if (bits.length < 1 || bits[0] != 0) {
            throw new IllegalArgumentException("BIT STRING with unused bits");
        }
        return new SubjectPublicKeyInfo(named, Arrays.copyOfRange(bits, 1, bits.length));
    }

    /** Reads TLVs from {@code buf[pos, end)}. */
    private static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int end;

        Reader(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        int peekTag() {
            require(1);
            return buf[pos] & 0xff;
        }

        Reader nested(int tag) {
            int len = header(tag);
            Reader r = new Reader(buf, pos, pos + len);
            pos += len;
            return r;
        }

        byte[] primitive(int tag) {
            int len = header(tag);
            byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
            pos += len;
            return out;
        }

        void skip() {
            int len = header(peekTag());
            pos += len;
        }

        void end() {
            if (pos != end) {
                throw new IllegalArgumentException("trailing bytes");
            }
        }

        private int header(int tag) {
            require(2);
            if ((buf[pos] & 0xff) != tag || (tag & 0x1f) == 0x1f) {
                throw new IllegalArgumentException("unexpected tag");
            }
            pos++;
            int first = buf[pos++] & 0xff;
            int len;
            if (first < 0x80) {
                len = first;
            } else {
                int count = first & 0x7f;
                if (count == 0 || count > 3) {
                    throw new IllegalArgumentException("indefinite or oversized length");
                }
                require(count);
                if (buf[pos] == 0) {
                    throw new IllegalArgumentException("non-minimal length");
                }
                len = 0;
                for (int i = 0; i < count; i++) {
                    len = (len << 8) | (buf[pos++] & 0xff);
                }
                if (len < 0x80) {
                    throw new IllegalArgumentException("non-minimal length");
                }
            }
            require(len);
            return len;
        }

        private void require(int n) {
            if (n < 0 || end - pos < n) {
                throw new IllegalArgumentException("truncated");
            }
        }
    }
}
