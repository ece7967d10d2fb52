package io.venice.e2ee.testing.pki;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The Intel SGX extension of a PCK certificate (OID {@value #OID}), in Intel's layout: PPID, TCB (16 SGX component
 * SVNs, PCESVN, CPUSVN), PCE-ID, FMSPC and SGX type. Each part can be set, or left out to forge an incomplete one.
 */
public final class SgxPckExtension {
    /** Intel's SGX extension OID; sub-arcs .1 PPID, .2 TCB, .3 PCE-ID, .4 FMSPC, .5 SGX type. */
    public static final String OID = "1.2.840.113741.1.13.1";
    /** The FMSPC of the recorded Venice capture's platform. */
    public static final byte[] VENICE_FMSPC = {(byte) 0x90, (byte) 0xc0, 0x6f, 0x00, 0x00, 0x00};

    /** A part of the extension that a forgery can leave out. */
    public enum Part {
        /** The platform's provisioning id. */
        PPID,
        /** The whole TCB sequence. */
        TCB,
        /** PCESVN inside the TCB. */
        PCESVN,
        /** CPUSVN inside the TCB. */
        CPUSVN,
        /** The PCE id. */
        PCE_ID,
        /** The platform family (FMSPC). */
        FMSPC,
        /** The SGX type. */
        SGX_TYPE
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private byte[] ppid;
    private int[] components = {3, 3, 2, 2, 4, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0};
    private int pceSvn = 13;
    private byte[] cpuSvn;
    private byte[] pceId = {0, 0};
    private byte[] fmspc = VENICE_FMSPC.clone();
    private int sgxType;
    private final Set<Part> omitted = EnumSet.noneOf(Part.class);

    private SgxPckExtension() {
        ppid = new byte[16];
        RANDOM.nextBytes(ppid);
    }

    /**
     * An extension like the Venice capture platform's: FMSPC {@code 90c06f000000}, PCE-ID {@code 0000}, PCESVN 13,
     * SGX components {@code 3, 3, 2, 2, 4, 1, 0, 5, 0...}, CPUSVN equal to the components, a random PPID. Intel's TCB
     * info for that platform (the capture's collateral) rates it UpToDate.
     */
    public static SgxPckExtension builder() {
        return new SgxPckExtension();
    }

    /** The 6-byte FMSPC. */
    public SgxPckExtension fmspc(byte[] fmspc) {
        this.fmspc = Objects.requireNonNull(fmspc, "fmspc").clone();
        return this;
    }

    /** PCESVN. */
    public SgxPckExtension pceSvn(int svn) {
        this.pceSvn = svn;
        return this;
    }

    /** The 16 SGX TCB component SVNs (CPUSVN follows them unless set). */
    public SgxPckExtension components(int... svns) {
        if (svns.length != 16) {
            throw new IllegalArgumentException("there are 16 SGX TCB components, got " + svns.length);
        }
        this.components = svns.clone();
        return this;
    }

    /** The 16-byte CPUSVN, when it is to differ from the components. */
    public SgxPckExtension cpuSvn(byte[] cpuSvn) {
        this.cpuSvn = Objects.requireNonNull(cpuSvn, "cpuSvn").clone();
        return this;
    }

    /** The 16-byte PPID. */
    public SgxPckExtension ppid(byte[] ppid) {
        this.ppid = Objects.requireNonNull(ppid, "ppid").clone();
        return this;
    }

    /** The 2-byte PCE id. */
    public SgxPckExtension pceId(byte[] pceId) {
        this.pceId = Objects.requireNonNull(pceId, "pceId").clone();
        return this;
    }

    /** The SGX type (0 standard). */
    public SgxPckExtension sgxType(int type) {
        this.sgxType = type;
        return this;
    }

    /** Leaves {@code part} out. */
    public SgxPckExtension without(Part part) {
        omitted.add(part);
        return this;
    }

    /** The extension's DER value. */
    public byte[] encode() {
        ASN1EncodableVector tcb = new ASN1EncodableVector();
        byte[] cpu = cpuSvn;
        if (cpu == null) {
            cpu = new byte[16];
            for (int i = 0; i < 16; i++) {
                cpu[i] = (byte) components[i];
            }
        }
        for (int i = 0; i < 16; i++) {
            tcb.add(pair(OID + ".2." + (i + 1), new ASN1Integer(components[i])));
        }
        if (!omitted.contains(Part.PCESVN)) {
            tcb.add(pair(OID + ".2.17", new ASN1Integer(pceSvn)));
        }
        if (!omitted.contains(Part.CPUSVN)) {
            tcb.add(pair(OID + ".2.18", new DEROctetString(cpu)));
        }
        ASN1EncodableVector all = new ASN1EncodableVector();
        add(all, Part.PPID, OID + ".1", new DEROctetString(ppid));
        add(all, Part.TCB, OID + ".2", new DERSequence(tcb));
        add(all, Part.PCE_ID, OID + ".3", new DEROctetString(pceId));
        add(all, Part.FMSPC, OID + ".4", new DEROctetString(fmspc));
        add(all, Part.SGX_TYPE, OID + ".5", new ASN1Enumerated(sgxType));
        try {
            return new DERSequence(all).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void add(ASN1EncodableVector v, Part part, String oid, ASN1Encodable value) {
        if (!omitted.contains(part)) {
            v.add(pair(oid, value));
        }
    }

    private static DERSequence pair(String oid, ASN1Encodable value) {
        return new DERSequence(new ASN1Encodable[] {new ASN1ObjectIdentifier(oid), value});
    }
}
