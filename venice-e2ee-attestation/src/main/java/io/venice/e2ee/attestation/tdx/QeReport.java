package io.venice.e2ee.attestation.tdx;

/** The quoting enclave's SGX report body (384 bytes) carried in a quote's certification data. Copies out. */
public final class QeReport {
    /** Size of an SGX report body. */
    public static final int SIZE = 384;

    private final byte[] raw;

    QeReport(byte[] raw) {
        this.raw = raw;
    }

    private byte[] at(int offset, int length) {
        return java.util.Arrays.copyOfRange(raw, offset, offset + length);
    }

    private int u16(int offset) {
        return (raw[offset] & 0xff) | (raw[offset + 1] & 0xff) << 8;
    }

    /** The 384 signed bytes. */
    public byte[] raw() {
        return raw.clone();
    }

    /** CPUSVN (16). */
    public byte[] cpuSvn() {
        return at(0, 16);
    }

    /** MISCSELECT (4, little-endian). */
    public byte[] miscSelect() {
        return at(16, 4);
    }

    /** ATTRIBUTES (16). */
    public byte[] attributes() {
        return at(48, 16);
    }

    /** MRENCLAVE (32). */
    public byte[] mrEnclave() {
        return at(64, 32);
    }

    /** MRSIGNER (32). */
    public byte[] mrSigner() {
        return at(128, 32);
    }

    /** ISVPRODID. */
    public int isvProdId() {
        return u16(256);
    }

    /** ISVSVN. */
    public int isvSvn() {
        return u16(258);
    }

    /** REPORTDATA (64). */
    public byte[] reportData() {
        return at(320, 64);
    }
}
