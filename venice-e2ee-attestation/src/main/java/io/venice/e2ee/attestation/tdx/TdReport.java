package io.venice.e2ee.attestation.tdx;

import java.util.Arrays;
import java.util.Objects;

/**
 * The TD report body of a quote (TD 1.0; TD 1.5 adds {@code teeTcbSvn2} and {@code mrServiceTd}, null otherwise). The
 * layout is {@link Field}, read here and written by {@link Builder}. Byte arrays are exposed as copies.
 */
public final class TdReport {
    /** Size of a TD 1.0 body. */
    public static final int TD10_SIZE = 584;
    /** Size of a TD 1.5 body. */
    public static final int TD15_SIZE = 648;

    /** Each field of the body: its offset and length in bytes (all multi-byte values little-endian). */
    public enum Field {
        /** The TDX module's security versions. */
        TEE_TCB_SVN(0x000, 16),
        /** Measurement of the TDX module. */
        MRSEAM(0x010, 48),
        /** Signer of the TDX module. */
        MRSIGNERSEAM(0x040, 48),
        /** Attributes of the TDX module. */
        SEAMATTRIBUTES(0x070, 8),
        /** TD attributes; bit 0 of byte 0 is DEBUG. */
        TDATTRIBUTES(0x078, 8),
        /** Extended features allowed to the TD. */
        XFAM(0x080, 8),
        /** The TD's initial contents. */
        MRTD(0x088, 48),
        /** The configuration id (dstack: {@code 01 ‖ SHA-256(app compose)}). */
        MRCONFIGID(0x0B8, 48),
        /** The owner's id. */
        MROWNER(0x0E8, 48),
        /** The owner's configuration. */
        MROWNERCONFIG(0x118, 48),
        /** Runtime register 0. */
        RTMR0(0x148, 48),
        /** Runtime register 1. */
        RTMR1(0x178, 48),
        /** Runtime register 2. */
        RTMR2(0x1A8, 48),
        /** Runtime register 3. */
        RTMR3(0x1D8, 48),
        /** The 64 bytes the TD chose to bind (Venice: signing address ‖ zeros ‖ nonce). */
        REPORTDATA(0x208, 64),
        /** TD 1.5: the second TEE_TCB_SVN. */
        TEE_TCB_SVN2(0x248, 16),
        /** TD 1.5: measurement of the service TD. */
        MRSERVICETD(0x258, 48);

        private final int offset;
        private final int length;

        Field(int offset, int length) {
            this.offset = offset;
            this.length = length;
        }

        /** Offset within the body. */
        public int offset() {
            return offset;
        }

        /** Length in bytes. */
        public int length() {
            return length;
        }

        /** Whether only a TD 1.5 body has it. */
        public boolean td15Only() {
            return offset >= TD10_SIZE;
        }

        /** RTMR {@code index} (0..3). */
        public static Field rtmr(int index) {
            return switch (index) {
                case 0 -> RTMR0;
                case 1 -> RTMR1;
                case 2 -> RTMR2;
                case 3 -> RTMR3;
                default -> throw new IllegalArgumentException("RTMR index is 0..3");
            };
        }
    }

    private final byte[] raw;

    TdReport(byte[] raw) {
        this.raw = raw;
    }

    /** A builder for a TD 1.0 body of zeros. */
    public static Builder builder() {
        return new Builder(new byte[TD10_SIZE]);
    }

    /** A builder for a TD 1.5 body of zeros (carried by version 5 quotes only). */
    public static Builder td15Builder() {
        return new Builder(new byte[TD15_SIZE]);
    }

    /** A builder starting from this body. */
    public Builder toBuilder() {
        return new Builder(raw.clone());
    }

    /** The body's bytes. */
    public byte[] raw() {
        return raw.clone();
    }

    /** The value of {@code field} (null for a TD 1.5 field of a TD 1.0 body). */
    public byte[] get(Field field) {
        if (field.offset + field.length > raw.length) {
            return null;
        }
        return Arrays.copyOfRange(raw, field.offset, field.offset + field.length);
    }

    /** Whether this is a TD 1.5 body. */
    public boolean isTd15() {
        return raw.length == TD15_SIZE;
    }

    /** TEE_TCB_SVN (16 bytes): the TDX module's security versions. */
    public byte[] teeTcbSvn() {
        return get(Field.TEE_TCB_SVN);
    }

    /** MRSEAM (48). */
    public byte[] mrSeam() {
        return get(Field.MRSEAM);
    }

    /** MRSIGNERSEAM (48). */
    public byte[] mrSignerSeam() {
        return get(Field.MRSIGNERSEAM);
    }

    /** SEAMATTRIBUTES (8). */
    public byte[] seamAttributes() {
        return get(Field.SEAMATTRIBUTES);
    }

    /** TDATTRIBUTES (8, little-endian bit order: bit 0 of byte 0 is DEBUG). */
    public byte[] tdAttributes() {
        return get(Field.TDATTRIBUTES);
    }

    /** Whether the TD is a debug TD (TDATTRIBUTES bit 0): its memory and state can be inspected by the host. */
    public boolean debug() {
        return (raw[Field.TDATTRIBUTES.offset] & 0x01) != 0;
    }

    /** TDATTRIBUTES as the 64-bit little-endian value whose bit 0 is DEBUG. */
    public long tdAttributesValue() {
        return littleEndian64(Field.TDATTRIBUTES);
    }

    /** XFAM (8). */
    public byte[] xfam() {
        return get(Field.XFAM);
    }

    /** XFAM as the 64-bit little-endian value (bit 0 x87, bit 1 SSE, ...). */
    public long xfamValue() {
        return littleEndian64(Field.XFAM);
    }

    private long littleEndian64(Field field) {
        long v = 0;
        for (int i = field.length - 1; i >= 0; i--) {
            v = v << 8 | (raw[field.offset + i] & 0xff);
        }
        return v;
    }

    /** MRTD (48): the TD's initial contents. */
    public byte[] mrTd() {
        return get(Field.MRTD);
    }

    /** MRCONFIGID (48). */
    public byte[] mrConfigId() {
        return get(Field.MRCONFIGID);
    }

    /** MROWNER (48). */
    public byte[] mrOwner() {
        return get(Field.MROWNER);
    }

    /** MROWNERCONFIG (48). */
    public byte[] mrOwnerConfig() {
        return get(Field.MROWNERCONFIG);
    }

    /** RTMR {@code index} (0..3, 48 bytes each). */
    public byte[] rtmr(int index) {
        return get(Field.rtmr(index));
    }

    /** REPORTDATA (64). */
    public byte[] reportData() {
        return get(Field.REPORTDATA);
    }

    /** TEE_TCB_SVN2 (16), TD 1.5 only; else null. */
    public byte[] teeTcbSvn2() {
        return get(Field.TEE_TCB_SVN2);
    }

    /** MRSERVICETD (48), TD 1.5 only; else null. */
    public byte[] mrServiceTd() {
        return get(Field.MRSERVICETD);
    }

    /** Builds a TD report body field by field (for writing quotes: simulators and tests). */
    public static final class Builder {
        private final byte[] raw;

        private Builder(byte[] raw) {
            this.raw = raw;
        }

        /**
         * Sets {@code field} to {@code value}.
         *
         * @throws IllegalArgumentException when the value is not the field's length, or the field is TD 1.5 only and
         *                                  this is a TD 1.0 body
         */
        public Builder set(Field field, byte[] value) {
            Objects.requireNonNull(value, "value");
            if (value.length != field.length) {
                throw new IllegalArgumentException(field + " is " + field.length + " bytes, got " + value.length);
            }
            if (field.offset + field.length > raw.length) {
                throw new IllegalArgumentException(field + " exists in TD 1.5 bodies only");
            }
            System.arraycopy(value, 0, raw, field.offset, field.length);
            return this;
        }

        /** Sets or clears TDATTRIBUTES.DEBUG, leaving the other attribute bits as they are. */
        public Builder debug(boolean debug) {
            int at = Field.TDATTRIBUTES.offset;
            raw[at] = (byte) (debug ? raw[at] | 0x01 : raw[at] & ~0x01);
            return this;
        }

        /** The body. */
        public TdReport build() {
            return new TdReport(raw.clone());
        }
    }
}
