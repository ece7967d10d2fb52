package io.venice.e2ee.attestation.tdx;

/**
 * The TD report body of a quote (TD 1.0; TD 1.5 adds {@code teeTcbSvn2} and {@code mrServiceTd}, null otherwise).
 * Byte arrays are exposed as copies.
 */
public final class TdReport {
    /** Size of a TD 1.0 body. */
    public static final int TD10_SIZE = 584;
    /** Size of a TD 1.5 body. */
    public static final int TD15_SIZE = 648;

    private final byte[] raw;

    TdReport(byte[] raw) {
        this.raw = raw;
    }

    private byte[] at(int offset, int length) {
        return java.util.Arrays.copyOfRange(raw, offset, offset + length);
    }

    /** Whether this is a TD 1.5 body. */
    public boolean isTd15() {
        return raw.length == TD15_SIZE;
    }

    /** TEE_TCB_SVN (16 bytes): the TDX module's security versions. */
    public byte[] teeTcbSvn() {
        return at(0x000, 16);
    }

    /** MRSEAM (48). */
    public byte[] mrSeam() {
        return at(0x010, 48);
    }

    /** MRSIGNERSEAM (48). */
    public byte[] mrSignerSeam() {
        return at(0x040, 48);
    }

    /** SEAMATTRIBUTES (8). */
    public byte[] seamAttributes() {
        return at(0x070, 8);
    }

    /** TDATTRIBUTES (8, little-endian bit order: bit 0 of byte 0 is DEBUG). */
    public byte[] tdAttributes() {
        return at(0x078, 8);
    }

    /** Whether the TD is a debug TD (TDATTRIBUTES bit 0): its memory and state can be inspected by the host. */
    public boolean debug() {
        return (raw[0x078] & 0x01) != 0;
    }

    /** XFAM (8). */
    public byte[] xfam() {
        return at(0x080, 8);
    }

    /** MRTD (48): the TD's initial contents. */
    public byte[] mrTd() {
        return at(0x088, 48);
    }

    /** MRCONFIGID (48). */
    public byte[] mrConfigId() {
        return at(0x0B8, 48);
    }

    /** MROWNER (48). */
    public byte[] mrOwner() {
        return at(0x0E8, 48);
    }

    /** MROWNERCONFIG (48). */
    public byte[] mrOwnerConfig() {
        return at(0x118, 48);
    }

    /** RTMR {@code index} (0..3, 48 bytes each). */
    public byte[] rtmr(int index) {
        if (index < 0 || index > 3) {
            throw new IllegalArgumentException("RTMR index is 0..3");
        }
        return at(0x148 + 48 * index, 48);
    }

    /** REPORTDATA (64). */
    public byte[] reportData() {
        return at(0x208, 64);
    }

    /** TEE_TCB_SVN2 (16), TD 1.5 only; else null. */
    public byte[] teeTcbSvn2() {
        return isTd15() ? at(0x248, 16) : null;
    }

    /** MRSERVICETD (48), TD 1.5 only; else null. */
    public byte[] mrServiceTd() {
        return isTd15() ? at(0x258, 48) : null;
    }
}
