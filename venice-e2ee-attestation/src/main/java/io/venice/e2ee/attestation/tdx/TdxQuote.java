package io.venice.e2ee.attestation.tdx;

import io.venice.e2ee.attestation.error.AttestationException.MalformedQuote;
import io.venice.e2ee.attestation.pki.EcKeys;
import io.venice.e2ee.crypto.Hex;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * An Intel TDX quote, version 4 or 5 (TD 1.0 or TD 1.5 body): the one codec that knows the quote's layout. It parses
 * a quote by its length fields into typed parts, recording where each {@link Part} lies, and its {@link Writer}
 * assembles version 4 quotes from the same parts. Bytes after the signature data are ignored; a truncated quote or an
 * inconsistent length is a {@link MalformedQuote} naming the part, never an index error. Immutable; byte arrays are
 * copies.
 */
public final class TdxQuote {
    /** Header size. */
    public static final int HEADER_SIZE = 48;
    /** TEE type of TDX. */
    public static final long TEE_TYPE_TDX = 0x81;
    /** Attestation key type ECDSA-256 with P-256. */
    public static final int KEY_TYPE_ECDSA_P256 = 2;
    /** Certification data type: QE report certification data. */
    public static final int CERT_TYPE_QE_REPORT = 6;
    /** Certification data type: concatenated PCK certificate chain (PEM). */
    public static final int CERT_TYPE_PCK_CHAIN = 5;
    private static final byte[] INTEL_QE_VENDOR = Hex.decode("939a7233f79c4ca9940a0db3957f0607");

    /**
     * Each part of a quote, in order, with its name (as errors name it) and its size in bytes (-1 when a length field
     * gives it). Version 5 quotes have the two body descriptor parts; version 4 quotes do not.
     */
    public enum Part {
        /** Quote version: 4 or 5. */
        VERSION("header.version", 2),
        /** Attestation key type: 2 (ECDSA P-256). */
        ATTESTATION_KEY_TYPE("header.attestation_key_type", 2),
        /** TEE type: 0x81 (TDX). */
        TEE_TYPE("header.tee_type", 4),
        /** Reserved. */
        RESERVED("header.reserved", 4),
        /** The quoting enclave's vendor (Intel). */
        QE_VENDOR_ID("header.qe_vendor_id", 16),
        /** User data (Intel: the first 16 bytes identify the quoting key). */
        USER_DATA("header.user_data", 20),
        /** Version 5: the body's type (2 TD 1.0, 3 TD 1.5). */
        BODY_DESCRIPTOR_TYPE("body_descriptor.type", 2),
        /** Version 5: the body's size. */
        BODY_DESCRIPTOR_SIZE("body_descriptor.size", 4),
        /** The TD report body. */
        BODY("body", -1),
        /** Length of the signature data. */
        SIGNATURE_DATA_LENGTH("signature_data.length", 4),
        /** The signature data: everything below. */
        SIGNATURE_DATA("signature_data", -1),
        /** ECDSA P-256 signature (r ‖ s) over the header, body descriptor and body, by the attestation key. */
        QUOTE_SIGNATURE("signature_data.quote_signature", 64),
        /** The attestation public key, P-256 X ‖ Y. */
        ATTESTATION_KEY("signature_data.attestation_key", 64),
        /** Certification data type: 6 (QE report). */
        CERTIFICATION_DATA_TYPE("signature_data.certification_data.type", 2),
        /** Certification data size. */
        CERTIFICATION_DATA_SIZE("signature_data.certification_data.size", 4),
        /** The certification data: everything below. */
        CERTIFICATION_DATA("signature_data.certification_data", -1),
        /** The quoting enclave's report. */
        QE_REPORT("qe_report", QeReport.SIZE),
        /** ECDSA P-256 signature (r ‖ s) over the QE report, by the PCK key. */
        QE_REPORT_SIGNATURE("qe_report_signature", 64),
        /** Length of the QE authentication data. */
        QE_AUTH_DATA_LENGTH("qe_auth_data.length", 2),
        /** The QE authentication data. */
        QE_AUTH_DATA("qe_auth_data", -1),
        /** Inner certification data type: 5 (PCK certificate chain). */
        PCK_CERTIFICATION_DATA_TYPE("pck_certification_data.type", 2),
        /** Inner certification data size. */
        PCK_CERTIFICATION_DATA_SIZE("pck_certification_data.size", 4),
        /** The PCK certificate chain, PEM, leaf first. */
        PCK_CERTIFICATION_DATA("pck_certification_data", -1);

        private final String label;
        private final int size;

        Part(String label, int size) {
            this.label = label;
            this.size = size;
        }

        /** The part's name, as errors name it, e.g. {@code signature_data.quote_signature}. */
        public String label() {
            return label;
        }

        /** Its size in bytes, or -1 when a length field gives it. */
        public int size() {
            return size;
        }
    }

    /** Where a part lies in the quote's bytes. */
    public record Span(int offset, int length) {
        /** The offset just past the part. */
        public int end() {
            return offset + length;
        }
    }

    private final int version;
    private final byte[] header;
    private final byte[] signedRegion;
    private final TdReport body;
    private final byte[] signature;
    private final byte[] attestationKey;
    private final QeReport qeReport;
    private final byte[] qeReportSignature;
    private final byte[] qeAuthData;
    private final byte[] pckChain;
    private final Map<Part, Span> spans;

    private TdxQuote(int version, byte[] header, byte[] signedRegion, TdReport body, byte[] signature,
                     byte[] attestationKey, QeReport qeReport, byte[] qeReportSignature, byte[] qeAuthData,
                     byte[] pckChain, Map<Part, Span> spans) {
        this.version = version;
        this.header = header;
        this.signedRegion = signedRegion;
        this.body = body;
        this.signature = signature;
        this.attestationKey = attestationKey;
        this.qeReport = qeReport;
        this.qeReportSignature = qeReportSignature;
        this.qeAuthData = qeAuthData;
        this.pckChain = pckChain;
        this.spans = Collections.unmodifiableMap(spans);
    }

    /**
     * Parses a quote.
     *
     * @throws MalformedQuote on truncation, an inconsistent length, or a quote that is not an Intel TDX ECDSA-P256 one
     */
    public static TdxQuote parse(byte[] quote) {
        if (quote == null) {
            throw new MalformedQuote("(quote)", "no quote given");
        }
        Map<Part, Span> spans = new EnumMap<>(Part.class);
        QuoteReader r = new QuoteReader(quote, 0, quote.length, spans);
        int version = r.u16(Part.VERSION);
        int keyType = r.u16(Part.ATTESTATION_KEY_TYPE);
        long teeType = r.u32(Part.TEE_TYPE);
        r.bytes(Part.RESERVED);
        byte[] vendor = r.bytes(Part.QE_VENDOR_ID);
        r.bytes(Part.USER_DATA);
        if (version != 4 && version != 5) {
            throw new MalformedQuote(Part.VERSION.label(), "is " + version + "; only versions 4 and 5 are supported");
        }
        if (keyType != KEY_TYPE_ECDSA_P256) {
            throw new MalformedQuote(Part.ATTESTATION_KEY_TYPE.label(), "is " + keyType
                    + "; only 2 (ECDSA P-256) is supported");
        }
        if (teeType != TEE_TYPE_TDX) {
            throw new MalformedQuote(Part.TEE_TYPE.label(), String.format("is 0x%x; not a TDX quote (0x81)", teeType));
        }
        if (!Arrays.equals(vendor, INTEL_QE_VENDOR)) {
            throw new MalformedQuote(Part.QE_VENDOR_ID.label(), "is not Intel's quoting enclave vendor id");
        }
        int bodySize = TdReport.TD10_SIZE;
        if (version == 5) {
            int bodyType = r.u16(Part.BODY_DESCRIPTOR_TYPE);
            long declared = r.u32(Part.BODY_DESCRIPTOR_SIZE);
            if (bodyType == 2) {
                bodySize = TdReport.TD10_SIZE;
            } else if (bodyType == 3) {
                bodySize = TdReport.TD15_SIZE;
            } else {
                throw new MalformedQuote(Part.BODY_DESCRIPTOR_TYPE.label(), "is " + bodyType
                        + "; only 2 (TD 1.0) and 3 (TD 1.5) are TDX report bodies");
            }
            if (declared != bodySize) {
                throw new MalformedQuote(Part.BODY_DESCRIPTOR_SIZE.label(), "is " + declared + " but a body of type "
                        + bodyType + " is " + bodySize + " bytes");
            }
        }
        TdReport body = new TdReport(r.bytes(bodySize, Part.BODY));
        int signedEnd = r.position();
        QuoteReader sig = r.slice(r.u32(Part.SIGNATURE_DATA_LENGTH), Part.SIGNATURE_DATA);
        byte[] signature = sig.bytes(Part.QUOTE_SIGNATURE);
        byte[] attKey = sig.bytes(Part.ATTESTATION_KEY);
        int certType = sig.u16(Part.CERTIFICATION_DATA_TYPE);
        if (certType != CERT_TYPE_QE_REPORT) {
            throw new MalformedQuote(Part.CERTIFICATION_DATA_TYPE.label(), "is " + certType
                    + "; expected 6 (QE report certification data)");
        }
        QuoteReader cert = sig.slice(sig.u32(Part.CERTIFICATION_DATA_SIZE), Part.CERTIFICATION_DATA);
        byte[] qeReport = cert.bytes(Part.QE_REPORT);
        byte[] qeSig = cert.bytes(Part.QE_REPORT_SIGNATURE);
        byte[] auth = cert.bytes(cert.u16(Part.QE_AUTH_DATA_LENGTH), Part.QE_AUTH_DATA);
        int innerType = cert.u16(Part.PCK_CERTIFICATION_DATA_TYPE);
        if (innerType != CERT_TYPE_PCK_CHAIN) {
            throw new MalformedQuote(Part.PCK_CERTIFICATION_DATA_TYPE.label(), "is " + innerType
                    + "; expected 5 (PCK certificate chain)");
        }
        QuoteReader pem = cert.slice(cert.u32(Part.PCK_CERTIFICATION_DATA_SIZE), Part.PCK_CERTIFICATION_DATA);
        byte[] chain = pem.bytes(pem.remaining(), Part.PCK_CERTIFICATION_DATA);
        return new TdxQuote(version, Arrays.copyOfRange(quote, 0, HEADER_SIZE), Arrays.copyOfRange(quote, 0, signedEnd),
                body, signature, attKey, new QeReport(qeReport), qeSig, auth, chain, spans);
    }

    /** A writer for a version 4 quote. */
    public static Writer writer() {
        return new Writer();
    }

    /** A writer holding every part of this quote (its version included), to re-assemble it with some parts replaced. */
    public Writer toWriter() {
        return new Writer().version(version)
                .userData(Arrays.copyOfRange(header, HEADER_SIZE - Part.USER_DATA.size(), HEADER_SIZE))
                .body(body).attestationKey(attestationKey).qeReport(qeReport).qeReportSignature(qeReportSignature)
                .qeAuthData(qeAuthData).pckCertificationData(pckChain);
    }

    /** Quote version, 4 or 5. */
    public int version() {
        return version;
    }

    /** The 48-byte header. */
    public byte[] header() {
        return header.clone();
    }

    /** The bytes the quote signature covers: header, (v5) body descriptor, body. */
    public byte[] signedRegion() {
        return signedRegion.clone();
    }

    /**
     * Where {@code part} lies in the bytes this quote was parsed from.
     *
     * @throws IllegalArgumentException for a part this quote does not have (the body descriptor of a version 4 quote)
     */
    public Span span(Part part) {
        Span s = spans.get(part);
        if (s == null) {
            throw new IllegalArgumentException("a version " + version + " quote has no " + part.label());
        }
        return s;
    }

    /** Where {@code field} of the TD report body lies in the bytes this quote was parsed from. */
    public Span span(TdReport.Field field) {
        if (field.td15Only() && !body.isTd15()) {
            throw new IllegalArgumentException("a TD 1.0 body has no " + field);
        }
        return new Span(span(Part.BODY).offset() + field.offset(), field.length());
    }

    /** The TD report body. */
    public TdReport body() {
        return body;
    }

    /** The quote signature, ECDSA P-256 r ‖ s (64). */
    public byte[] signature() {
        return signature.clone();
    }

    /** The attestation public key, P-256 X ‖ Y (64). */
    public byte[] attestationKey() {
        return attestationKey.clone();
    }

    /** The quoting enclave's report. */
    public QeReport qeReport() {
        return qeReport;
    }

    /** The QE report signature by the PCK key, r ‖ s (64). */
    public byte[] qeReportSignature() {
        return qeReportSignature.clone();
    }

    /** The QE authentication data. */
    public byte[] qeAuthData() {
        return qeAuthData.clone();
    }

    /** The PCK certification data as carried (PEM chain, possibly NUL-terminated). */
    public byte[] pckCertificationData() {
        return pckChain.clone();
    }

    /** The PCK certificate chain as PEM text (leaf first), without a trailing NUL. */
    public String pckChainPem() {
        int n = pckChain.length;
        while (n > 0 && pckChain[n - 1] == 0) {
            n--;
        }
        return new String(pckChain, 0, n, StandardCharsets.US_ASCII);
    }

    /**
     * Writes a TDX quote (version 4 with a TD 1.0 body, or version 5 with a TD 1.0 or 1.5 body; ECDSA P-256, Intel's QE
     * vendor id) from its parts, with this codec's layout: for simulators and for tests that forge evidence. The
     * caller signs, either part by part ({@link #signedRegion()} with the attestation key, and the QE report binding
     * {@link QeReport#reportDataFor} with the PCK key) or all at once with {@link #sign}.
     */
    public static final class Writer {
        private Integer version;
        private byte[] userData = new byte[Part.USER_DATA.size()];
        private TdReport body;
        private byte[] attestationKey;
        private QeReport qeReport;
        private byte[] qeReportSignature;
        private byte[] qeAuthData = new byte[0];
        private byte[] pckCertificationData;

        private Writer() {
        }

        /** The header's 20 bytes of user data (zeros by default). */
        public Writer userData(byte[] data) {
            this.userData = fixed(Part.USER_DATA, data);
            return this;
        }

        /**
         * The quote version: 4 or 5. Unless set, a TD 1.0 body is written as version 4 and a TD 1.5 body as version 5
         * (the only version that carries one).
         */
        public Writer version(int version) {
            if (version != 4 && version != 5) {
                throw new IllegalArgumentException("only versions 4 and 5 are written, not " + version);
            }
            this.version = version;
            return this;
        }

        /** The TD report body (TD 1.0, or TD 1.5 for a version 5 quote). */
        public Writer body(TdReport body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        /** The attestation public key, P-256 X ‖ Y. */
        public Writer attestationKey(byte[] xy) {
            this.attestationKey = fixed(Part.ATTESTATION_KEY, xy);
            return this;
        }

        /** The quoting enclave's report. */
        public Writer qeReport(QeReport report) {
            this.qeReport = Objects.requireNonNull(report, "report");
            return this;
        }

        /** The QE report's signature by the PCK key, r ‖ s. */
        public Writer qeReportSignature(byte[] rs) {
            this.qeReportSignature = fixed(Part.QE_REPORT_SIGNATURE, rs);
            return this;
        }

        /** The QE authentication data (empty by default). */
        public Writer qeAuthData(byte[] data) {
            if (data.length > 0xffff) {
                throw new IllegalArgumentException("QE auth data is at most 65535 bytes");
            }
            this.qeAuthData = data.clone();
            return this;
        }

        /** The PCK certification data: the PEM chain, leaf first, as it is to be carried. */
        public Writer pckCertificationData(byte[] pem) {
            this.pckCertificationData = pem.clone();
            return this;
        }

        /** The PCK certificate chain as PEM text, carried NUL-terminated as Intel's quoting enclave does. */
        public Writer pckChainPem(String pem) {
            return pckCertificationData((pem + "\0").getBytes(StandardCharsets.US_ASCII));
        }

        /** The bytes the quote signature covers: the header and the body. */
        public byte[] signedRegion() {
            if (body == null) {
                throw new IllegalStateException("set the body before signing");
            }
            int v = version != null ? version : body.isTd15() ? 5 : 4;
            if (v == 4 && body.isTd15()) {
                throw new IllegalStateException("a version 4 quote carries a TD 1.0 body; a TD 1.5 body needs version 5");
            }
            Out out = new Out();
            out.u16(v).u16(KEY_TYPE_ECDSA_P256).u32(TEE_TYPE_TDX).bytes(new byte[Part.RESERVED.size()])
                    .bytes(INTEL_QE_VENDOR).bytes(userData);
            if (v == 5) {
                out.u16(body.isTd15() ? 3 : 2).u32(body.raw().length);
            }
            return out.bytes(body.raw()).toByteArray();
        }

        /**
         * The quote, signed by {@code quoteSignature} (r ‖ s over {@link #signedRegion()}).
         *
         * @throws IllegalStateException when a part is missing
         */
        public byte[] write(byte[] quoteSignature) {
            fixed(Part.QUOTE_SIGNATURE, quoteSignature);
            if (attestationKey == null || qeReport == null || qeReportSignature == null
                    || pckCertificationData == null) {
                throw new IllegalStateException("the attestation key, QE report, its signature and the PCK"
                        + " certification data are all needed");
            }
            Out cert = new Out().bytes(qeReport.raw()).bytes(qeReportSignature).u16(qeAuthData.length)
                    .bytes(qeAuthData).u16(CERT_TYPE_PCK_CHAIN).u32(pckCertificationData.length)
                    .bytes(pckCertificationData);
            Out sig = new Out().bytes(quoteSignature).bytes(attestationKey).u16(CERT_TYPE_QE_REPORT)
                    .u32(cert.size()).bytes(cert.toByteArray());
            return new Out().bytes(signedRegion()).u32(sig.size()).bytes(sig.toByteArray()).toByteArray();
        }

        /**
         * The quote signed as a quoting enclave on a platform would sign it: the attestation key becomes
         * {@code attestationKeys}' public key, the QE report (which must be set) binds it in its report data and is
         * signed by {@code pckKey}, and the header and body are signed by the attestation key. Keys are P-256.
         *
         * @throws IllegalStateException when the body, QE report or PCK certification data is missing
         */
        public byte[] sign(PrivateKey pckKey, KeyPair attestationKeys) {
            if (qeReport == null) {
                throw new IllegalStateException("set the QE report before signing");
            }
            try {
                attestationKey(EcKeys.rawP256(attestationKeys.getPublic()));
                qeReport(qeReport.toBuilder().set(QeReport.Field.REPORTDATA,
                        QeReport.reportDataFor(attestationKey, qeAuthData)).build());
                qeReportSignature(EcKeys.signP256(pckKey, qeReport.raw()));
                return write(EcKeys.signP256(attestationKeys.getPrivate(), signedRegion()));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("cannot sign with the given P-256 keys: " + e.getMessage(), e);
            }
        }

        private static byte[] fixed(Part part, byte[] value) {
            Objects.requireNonNull(value, part.label());
            if (value.length != part.size()) {
                throw new IllegalArgumentException(part.label() + " is " + part.size() + " bytes, got "
                        + value.length);
            }
            return value.clone();
        }
    }

    /** Little-endian output. */
    private static final class Out {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Out u16(int v) {
            out.write(v & 0xff);
            out.write(v >>> 8 & 0xff);
            return this;
        }

        Out u32(long v) {
            u16((int) (v & 0xffff));
            return u16((int) (v >>> 16 & 0xffff));
        }

        Out bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
