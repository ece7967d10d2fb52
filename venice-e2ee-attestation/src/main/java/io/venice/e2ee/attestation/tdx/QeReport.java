package io.venice.e2ee.attestation.tdx;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The quoting enclave's SGX report body (384 bytes) carried in a quote's certification data. The layout is
 * {@link Field}, read here and written by {@link Builder}. Copies out.
 */
public final class QeReport {
    /** Size of an SGX report body. */
    public static final int SIZE = 384;

    /** Each named field of the body: its offset and length in bytes (integers little-endian). */
    public enum Field {
        /** The platform's CPU security version. */
        CPUSVN(0, 16),
        /** MISCSELECT (a little-endian integer). */
        MISCSELECT(16, 4),
        /** The enclave's attributes. */
        ATTRIBUTES(48, 16),
        /** The enclave's measurement. */
        MRENCLAVE(64, 32),
        /** The enclave signer's measurement. */
        MRSIGNER(128, 32),
        /** The product id. */
        ISVPRODID(256, 2),
        /** The enclave's security version. */
        ISVSVN(258, 2),
        /** The 64 bytes the enclave bound: SHA-256(attestation key ‖ QE auth data) ‖ 32 zero bytes. */
        REPORTDATA(320, 64);

        private final int offset;
        private final int length;

        Field(int offset, int length) {
            this.offset = offset;
            this.length = length;
        }

        /** Offset within the report. */
        public int offset() {
            return offset;
        }

        /** Length in bytes. */
        public int length() {
            return length;
        }
    }

    private final byte[] raw;

    QeReport(byte[] raw) {
        this.raw = raw;
    }

    /** A builder for a report of zeros. */
    public static Builder builder() {
        return new Builder(new byte[SIZE]);
    }

    /** A builder starting from this report. */
    public Builder toBuilder() {
        return new Builder(raw.clone());
    }

    /**
     * The report data a quoting enclave must bind for {@code attestationKey} (P-256 X ‖ Y) and {@code qeAuthData}:
     * SHA-256 of both, then 32 zero bytes.
     */
    public static byte[] reportDataFor(byte[] attestationKey, byte[] qeAuthData) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(attestationKey);
            sha256.update(qeAuthData);
            return Arrays.copyOf(sha256.digest(), Field.REPORTDATA.length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The value of {@code field}. */
    public byte[] get(Field field) {
        return Arrays.copyOfRange(raw, field.offset, field.offset + field.length);
    }

    private int u16(Field field) {
        return (raw[field.offset] & 0xff) | (raw[field.offset + 1] & 0xff) << 8;
    }

    /** The 384 signed bytes. */
    public byte[] raw() {
        return raw.clone();
    }

    /** CPUSVN (16). */
    public byte[] cpuSvn() {
        return get(Field.CPUSVN);
    }

    /** MISCSELECT (4, little-endian). */
    public byte[] miscSelect() {
        return get(Field.MISCSELECT);
    }

    /** ATTRIBUTES (16). */
    public byte[] attributes() {
        return get(Field.ATTRIBUTES);
    }

    /** MRENCLAVE (32). */
    public byte[] mrEnclave() {
        return get(Field.MRENCLAVE);
    }

    /** MRSIGNER (32). */
    public byte[] mrSigner() {
        return get(Field.MRSIGNER);
    }

    /** ISVPRODID. */
    public int isvProdId() {
        return u16(Field.ISVPRODID);
    }

    /** ISVSVN. */
    public int isvSvn() {
        return u16(Field.ISVSVN);
    }

    /** REPORTDATA (64). */
    public byte[] reportData() {
        return get(Field.REPORTDATA);
    }

    /** Builds a quoting enclave report field by field (for writing quotes: simulators and tests). */
    public static final class Builder {
        private final byte[] raw;

        private Builder(byte[] raw) {
            this.raw = raw;
        }

        /**
         * Sets {@code field} to {@code value}.
         *
         * @throws IllegalArgumentException when the value is not the field's length
         */
        public Builder set(Field field, byte[] value) {
            Objects.requireNonNull(value, "value");
            if (value.length != field.length) {
                throw new IllegalArgumentException(field + " is " + field.length + " bytes, got " + value.length);
            }
            System.arraycopy(value, 0, raw, field.offset, field.length);
            return this;
        }

        /** Sets ISVPRODID (0..65535). */
        public Builder isvProdId(int id) {
            return u16(Field.ISVPRODID, id);
        }

        /** Sets ISVSVN (0..65535). */
        public Builder isvSvn(int svn) {
            return u16(Field.ISVSVN, svn);
        }

        private Builder u16(Field field, int v) {
            if (v < 0 || v > 0xffff) {
                throw new IllegalArgumentException(field + " is a 16-bit value, got " + v);
            }
            raw[field.offset] = (byte) v;
            raw[field.offset + 1] = (byte) (v >>> 8);
            return this;
        }

        /** The report. */
        public QeReport build() {
            return new QeReport(raw.clone());
        }
    }
}
