package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.tdx.TdReport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What the TD itself must be, beyond not being a debug TD ({@code tdx.debug}): its TD attributes, its XFAM, no
 * service TD bound, and an MRCONFIGID in dstack's form. The defaults refuse every attribute bit but SEPT_VE_DISABLE
 * (which they require, as Linux guests and dcap-qvl do), allow the XFAM features go-tdx-guest allows, and refuse a
 * service TD (dcap-qvl). The TD attribute bits are those of the TDX 1.0 module ABI ({@code td_param_attributes_t}):
 * bit 0 DEBUG, bits 1-27 reserved, 28 SEPT_VE_DISABLE, 29 reserved, 30 PKS, 31 KL, 32-62 reserved, 63 PERFMON.
 * Immutable; build with {@link #builder()}.
 */
public final class TdPolicy {
    /** A TD attribute the policy may allow. */
    public enum Attribute {
        /** Protection keys for supervisor pages (bit 30). */
        PKS(30),
        /** Key Locker (bit 31). */
        KL(31),
        /** The TD may use the performance monitoring counters (bit 63). */
        PERFMON(63);

        private final int bit;

        Attribute(int bit) {
            this.bit = bit;
        }

        /** The bit of TDATTRIBUTES. */
        public int bit() {
            return bit;
        }
    }

    /** SEPT_VE_DISABLE: EPT violations are not turned into #VE exceptions the host could use against the TD. */
    public static final int SEPT_VE_DISABLE_BIT = 28;
    /** The bits no TD attribute is defined for in the TDX 1.0 ABI: 1-27, 29 and 32-62. */
    public static final long RESERVED_ATTRIBUTES = 0x0FFF_FFFEL | 1L << 29 | 0x7FFF_FFFF_0000_0000L;
    /** XFAM features allowed by default (go-tdx-guest): x87, SSE, AVX, AVX-512, PT, PKRU, CET, ULI, LBR, AMX. */
    public static final long DEFAULT_ALLOWED_XFAM = 0x0006_DBE7L;
    /** XFAM features every TD has: x87 and SSE. */
    public static final long REQUIRED_XFAM = 0x3L;

    private static final TdPolicy DEFAULTS = builder().build();

    private final Set<Attribute> allowed;
    private final boolean requireSeptVeDisable;
    private final long allowedXfam;
    private final boolean allowServiceTd;
    private final boolean allowAnyMrConfigId;

    private TdPolicy(Builder b) {
        this.allowed = Collections.unmodifiableSet(b.allowed.isEmpty() ? EnumSet.noneOf(Attribute.class)
                : EnumSet.copyOf(b.allowed));
        this.requireSeptVeDisable = b.requireSeptVeDisable;
        this.allowedXfam = b.allowedXfam;
        this.allowServiceTd = b.allowServiceTd;
        this.allowAnyMrConfigId = b.allowAnyMrConfigId;
    }

    /** SEPT_VE_DISABLE required, no other attribute, XFAM within {@link #DEFAULT_ALLOWED_XFAM}, no service TD. */
    public static TdPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The attributes allowed besides SEPT_VE_DISABLE. */
    public Set<Attribute> allowedAttributes() {
        return allowed;
    }

    /** Whether SEPT_VE_DISABLE must be set. */
    public boolean requireSeptVeDisable() {
        return requireSeptVeDisable;
    }

    /** The XFAM bits allowed. */
    public long allowedXfam() {
        return allowedXfam;
    }

    /** Whether a TD 1.5 body may bind a service TD (MRSERVICETD not zero). */
    public boolean allowServiceTd() {
        return allowServiceTd;
    }

    /** Whether MRCONFIGID may hold anything (else bytes 33..48 must be zero, as in every dstack form). */
    public boolean allowAnyMrConfigId() {
        return allowAnyMrConfigId;
    }

    /** Every way {@code body} breaks this policy, in the order above; empty when it keeps it. */
    public List<String> violations(TdReport body) {
        List<String> out = new ArrayList<>();
        long attributes = body.tdAttributesValue();
        long reserved = attributes & RESERVED_ATTRIBUTES;
        if (reserved != 0) {
            out.add("TD attributes 0x" + hex(attributes) + " set reserved bit" + (Long.bitCount(reserved) > 1 ? "s " : " ")
                    + bits(reserved));
        }
        for (Attribute a : Attribute.values()) {
            if ((attributes >>> a.bit & 1) != 0 && !allowed.contains(a)) {
                out.add("TD attribute " + a + " (bit " + a.bit + ") is set and the policy does not allow it");
            }
        }
        if (requireSeptVeDisable && (attributes >>> SEPT_VE_DISABLE_BIT & 1) == 0) {
            out.add("SEPT_VE_DISABLE (bit 28) is clear: the host can turn EPT violations into #VE exceptions inside"
                    + " the TD; the policy requires it set");
        }
        long xfam = body.xfamValue();
        if ((xfam & ~allowedXfam) != 0) {
            out.add("XFAM 0x" + hex(xfam) + " enables bit" + (Long.bitCount(xfam & ~allowedXfam) > 1 ? "s " : " ")
                    + bits(xfam & ~allowedXfam) + ", outside the allowed 0x" + hex(allowedXfam));
        }
        if ((xfam & REQUIRED_XFAM) != REQUIRED_XFAM) {
            out.add("XFAM 0x" + hex(xfam) + " lacks x87 or SSE (bits 0 and 1)");
        }
        byte[] serviceTd = body.mrServiceTd();
        if (serviceTd != null && !allowServiceTd && !zero(serviceTd, 0)) {
            out.add("MRSERVICETD is not zero: a service TD is bound to this TD and the policy does not allow one");
        }
        if (!allowAnyMrConfigId && !zero(body.mrConfigId(), 33)) {
            out.add("MRCONFIGID[33..48] is not zero (every dstack form leaves it zero)");
        }
        return out;
    }

    /** One line saying what {@code body} is under this policy (for a passing check). */
    String describe(TdReport body) {
        return "TD attributes 0x" + hex(body.tdAttributesValue()) + ", XFAM 0x" + hex(body.xfamValue())
                + " within 0x" + hex(allowedXfam) + (body.mrServiceTd() == null ? "" : ", no service TD")
                + (allowAnyMrConfigId ? "" : ", MRCONFIGID[33..48] zero");
    }

    private static boolean zero(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String bits(long mask) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            if ((mask >>> i & 1) != 0) {
                out.add(Integer.toString(i));
            }
        }
        return String.join(", ", out);
    }

    private static String hex(long v) {
        return Long.toHexString(v).toLowerCase(Locale.ROOT);
    }

    /** Builds a {@link TdPolicy}. */
    public static final class Builder {
        private final Set<Attribute> allowed = EnumSet.noneOf(Attribute.class);
        private boolean requireSeptVeDisable = true;
        private long allowedXfam = DEFAULT_ALLOWED_XFAM;
        private boolean allowServiceTd;
        private boolean allowAnyMrConfigId;

        private Builder() {
        }

        /** Allows {@code attribute} to be set. */
        public Builder allow(Attribute attribute) {
            allowed.add(Objects.requireNonNull(attribute, "attribute"));
            return this;
        }

        /** Whether SEPT_VE_DISABLE must be set (true by default). */
        public Builder requireSeptVeDisable(boolean require) {
            this.requireSeptVeDisable = require;
            return this;
        }

        /** The XFAM bits allowed; x87 and SSE are required whatever the mask. */
        public Builder allowedXfam(long mask) {
            this.allowedXfam = mask;
            return this;
        }

        /** Whether a service TD may be bound (false by default). */
        public Builder allowServiceTd(boolean allow) {
            this.allowServiceTd = allow;
            return this;
        }

        /** Whether MRCONFIGID may hold anything in bytes 33..48 (false by default). */
        public Builder allowAnyMrConfigId(boolean allow) {
            this.allowAnyMrConfigId = allow;
            return this;
        }

        /** The policy. */
        public TdPolicy build() {
            return new TdPolicy(this);
        }
    }
}
