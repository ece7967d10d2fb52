package io.venice.e2ee.attestation.tdx;

import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.attestation.tdx.TdxQuote.Part;
import io.venice.e2ee.attestation.tdx.TdxQuote.Span;

import java.util.Arrays;
import java.util.Map;

/**
 * Bounds-checked little-endian reader over a quote: every short read is a typed error naming the part, and every part
 * read is recorded with its span.
 */
final class QuoteReader {
    private final byte[] data;
    private final int end;
    private final Map<Part, Span> spans;
    private int pos;

    QuoteReader(byte[] data, int from, int end, Map<Part, Span> spans) {
        this.data = data;
        this.pos = from;
        this.end = end;
        this.spans = spans;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    /** The fixed-size {@code part}. */
    byte[] bytes(Part part) {
        return bytes(part.size(), part);
    }

    /** The next {@code n} bytes, as {@code part}. */
    byte[] bytes(int n, Part part) {
        need(n, part);
        byte[] out = Arrays.copyOfRange(data, pos, pos + n);
        spans.put(part, new Span(pos, n));
        pos += n;
        return out;
    }

    int u16(Part part) {
        byte[] b = bytes(part);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8;
    }

    long u32(Part part) {
        byte[] b = bytes(part);
        return (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
    }

    /** A sub-reader over the next {@code length} bytes (declared by a length field), as {@code part}. */
    QuoteReader slice(long length, Part part) {
        if (length < 0 || length > remaining()) {
            throw new AttestationException.MalformedQuote(part.label(), "declares " + length + " bytes but only "
                    + remaining() + " remain (truncated or inconsistent length)");
        }
        QuoteReader r = new QuoteReader(data, pos, pos + (int) length, spans);
        spans.put(part, new Span(pos, (int) length));
        pos += (int) length;
        return r;
    }

    private void need(int n, Part part) {
        if (n > remaining()) {
            throw new AttestationException.MalformedQuote(part.label(), "needs " + n + " bytes but only " + remaining()
                    + " remain (truncated)");
        }
    }
}
