package io.venice.e2ee.attestation.tdx;

import io.venice.e2ee.attestation.error.AttestationException;

import java.util.Arrays;

/** Bounds-checked little-endian reader over a quote: every short read is a typed error naming the field. */
final class QuoteReader {
    private final byte[] data;
    private final int end;
    private int pos;

    QuoteReader(byte[] data, int from, int end) {
        this.data = data;
        this.pos = from;
        this.end = end;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    byte[] bytes(int n, String field) {
        need(n, field);
        byte[] out = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    int u16(String field) {
        need(2, field);
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    long u32(String field) {
        need(4, field);
        long v = (data[pos] & 0xffL) | (data[pos + 1] & 0xffL) << 8 | (data[pos + 2] & 0xffL) << 16
                | (data[pos + 3] & 0xffL) << 24;
        pos += 4;
        return v;
    }

    /** A sub-reader over the next {@code length} bytes (declared by a length field), advancing past them. */
    QuoteReader slice(long length, String field) {
        if (length < 0 || length > remaining()) {
            throw new AttestationException.MalformedQuote(field, "declares " + length + " bytes but only "
                    + remaining() + " remain (truncated or inconsistent length)");
        }
        QuoteReader r = new QuoteReader(data, pos, pos + (int) length);
        pos += (int) length;
        return r;
    }

    private void need(int n, String field) {
        if (n > remaining()) {
            throw new AttestationException.MalformedQuote(field, "needs " + n + " bytes but only " + remaining()
                    + " remain (truncated)");
        }
    }
}
