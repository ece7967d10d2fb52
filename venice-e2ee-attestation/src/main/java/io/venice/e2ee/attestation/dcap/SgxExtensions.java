package io.venice.e2ee.attestation.dcap;

import io.venice.e2ee.attestation.error.AttestationException.MalformedQuote;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * The Intel SGX extensions of a PCK certificate (OID 1.2.840.113741.1.13.1): FMSPC, PCE-ID, PCESVN and the 16 SGX TCB
 * component SVNs, read with a minimal bounds-checked DER reader.
 */
public final class SgxExtensions {
    /** OID of the SGX extensions. */
    public static final String OID = "1.2.840.113741.1.13.1";
    private static final String TCB = OID + ".2";
    private static final String PCEID = OID + ".3";
    private static final String FMSPC = OID + ".4";
    private static final String PCESVN = TCB + ".17";
    private static final String CPUSVN = TCB + ".18";

    private final byte[] fmspc;
    private final byte[] pceId;
    private final int pceSvn;
    private final int[] sgxComponents;
    private final byte[] cpuSvn;

    private SgxExtensions(byte[] fmspc, byte[] pceId, int pceSvn, int[] sgxComponents, byte[] cpuSvn) {
        this.fmspc = fmspc;
        this.pceId = pceId;
        this.pceSvn = pceSvn;
        this.sgxComponents = sgxComponents;
        this.cpuSvn = cpuSvn;
    }

    /**
     * Reads the extensions of a PCK certificate.
     *
     * @throws MalformedQuote when the extension is absent or not the expected DER
     */
    public static SgxExtensions of(X509Certificate pck) {
        byte[] ext = pck.getExtensionValue(OID);
        if (ext == null) {
            throw new MalformedQuote("pck_certificate", "has no Intel SGX extension (" + OID + ")");
        }
        Der outer = new Der(ext, 0, ext.length);
        Der octets = outer.next(0x04);
        Der seq = octets.content().next(0x30).content();
        byte[] fmspc = null;
        byte[] pceId = null;
        Integer pce = null;
        int[] comps = new int[16];
        boolean[] seen = new boolean[16];
        byte[] cpusvn = null;
        while (seq.hasMore()) {
            Der item = seq.next(0x30).content();
            String oid = item.next(0x06).oid();
            if (oid.equals(FMSPC)) {
                fmspc = item.next(0x04).bytes();
            } else if (oid.equals(PCEID)) {
                pceId = item.next(0x04).bytes();
            } else if (oid.equals(TCB)) {
                Der tcb = item.next(0x30).content();
                while (tcb.hasMore()) {
                    Der c = tcb.next(0x30).content();
                    String coid = c.next(0x06).oid();
                    if (coid.equals(PCESVN)) {
                        pce = c.next(0x02).intValue();
                    } else if (coid.equals(CPUSVN)) {
                        cpusvn = c.next(0x04).bytes();
                    } else if (coid.startsWith(TCB + ".")) {
                        int n = Integer.parseInt(coid.substring(TCB.length() + 1));
                        if (n >= 1 && n <= 16) {
                            comps[n - 1] = c.next(0x02).intValue();
                            seen[n - 1] = true;
                        }
                    }
                }
            }
        }
        if (fmspc == null || fmspc.length != 6) {
            throw new MalformedQuote("pck_certificate.fmspc", "missing or not 6 bytes");
        }
        if (pceId == null || pceId.length != 2) {
            throw new MalformedQuote("pck_certificate.pceid", "missing or not 2 bytes");
        }
        if (pce == null) {
            throw new MalformedQuote("pck_certificate.pcesvn", "missing");
        }
        for (boolean s : seen) {
            if (!s) {
                throw new MalformedQuote("pck_certificate.sgx_tcb_components", "fewer than 16 components");
            }
        }
        return new SgxExtensions(fmspc, pceId, pce, comps, cpusvn == null ? new byte[0] : cpusvn);
    }

    /** FMSPC (6 bytes): the platform family the TCB info is published for. */
    public byte[] fmspc() {
        return fmspc.clone();
    }

    /** PCE-ID (2 bytes): the provisioning certification enclave the TCB info is published for. */
    public byte[] pceId() {
        return pceId.clone();
    }

    /** PCESVN. */
    public int pceSvn() {
        return pceSvn;
    }

    /** The 16 SGX TCB component SVNs. */
    public int[] sgxComponents() {
        return sgxComponents.clone();
    }

    /** CPUSVN (16 bytes) as carried in the certificate. */
    public byte[] cpuSvn() {
        return cpuSvn.clone();
    }

    /** A bounds-checked DER cursor over {@code [pos, end)}. */
    private static final class Der {
        private final byte[] d;
        private final int end;
        private int pos;
        private int contentStart;
        private int contentEnd;

        Der(byte[] d, int pos, int end) {
            this.d = d;
            this.pos = pos;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        /** Reads the next element, which must have {@code tag}; returns a cursor positioned on its content. */
        Der next(int tag) {
            if (pos + 2 > end) {
                throw bad("truncated element");
            }
            int t = d[pos] & 0xff;
            if (t != tag) {
                throw bad(String.format("expected tag 0x%02x, found 0x%02x", tag, t));
            }
            int p = pos + 1;
            int len = d[p++] & 0xff;
            if (len >= 0x80) {
                int n = len & 0x7f;
                if (n == 0 || n > 3 || p + n > end) {
                    throw bad("unsupported length");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = len << 8 | (d[p++] & 0xff);
                }
            }
            if (len > end - p) {
                throw bad("element longer than its container");
            }
            Der e = new Der(d, p, p + len);
            e.contentStart = p;
            e.contentEnd = p + len;
            pos = p + len;
            return e;
        }

        Der content() {
            return new Der(d, contentStart, contentEnd);
        }

        byte[] bytes() {
            return Arrays.copyOfRange(d, contentStart, contentEnd);
        }

        int intValue() {
            byte[] b = bytes();
            if (b.length == 0 || b.length > 4) {
                throw bad("integer out of range");
            }
            return new BigInteger(b).intValueExact();
        }

        String oid() {
            byte[] b = bytes();
            if (b.length == 0) {
                throw bad("empty object identifier");
            }
            StringBuilder sb = new StringBuilder();
            int first = b[0] & 0xff;
            sb.append(Math.min(first / 40, 2)).append('.').append(first - 40 * Math.min(first / 40, 2));
            long v = 0;
            for (int i = 1; i < b.length; i++) {
                v = v << 7 | (b[i] & 0x7f);
                if ((b[i] & 0x80) == 0) {
                    sb.append('.').append(v);
                    v = 0;
                }
            }
            return sb.toString();
        }

        private static MalformedQuote bad(String what) {
            return new MalformedQuote("pck_certificate.sgx_extensions", what);
        }
    }
}
