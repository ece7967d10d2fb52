package io.venice.e2ee.attestation.tdx;

import io.venice.e2ee.attestation.error.AttestationException.MalformedQuote;
import io.venice.e2ee.crypto.Hex;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An Intel TDX quote, version 4 or 5 (TD 1.0 or TD 1.5 body), parsed by its length fields into typed parts. Bytes
 * after the signature data are ignored; a truncated quote or an inconsistent length is a
 * {@link MalformedQuote} naming the structure, never an index error. Immutable; byte arrays are copies.
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

    private TdxQuote(int version, byte[] header, byte[] signedRegion, TdReport body, byte[] signature,
                     byte[] attestationKey, QeReport qeReport, byte[] qeReportSignature, byte[] qeAuthData,
                     byte[] pckChain) {
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
        QuoteReader r = new QuoteReader(quote, 0, quote.length);
        int version = r.u16("header.version");
        int keyType = r.u16("header.attestation_key_type");
        long teeType = r.u32("header.tee_type");
        r.bytes(4, "header.reserved");
        byte[] vendor = r.bytes(16, "header.qe_vendor_id");
        r.bytes(20, "header.user_data");
        if (version != 4 && version != 5) {
            throw new MalformedQuote("header.version", "is " + version + "; only versions 4 and 5 are supported");
        }
        if (keyType != KEY_TYPE_ECDSA_P256) {
            throw new MalformedQuote("header.attestation_key_type", "is " + keyType + "; only 2 (ECDSA P-256) is supported");
        }
        if (teeType != TEE_TYPE_TDX) {
            throw new MalformedQuote("header.tee_type", String.format("is 0x%x; not a TDX quote (0x81)", teeType));
        }
        if (!Arrays.equals(vendor, INTEL_QE_VENDOR)) {
            throw new MalformedQuote("header.qe_vendor_id", "is not Intel's quoting enclave vendor id");
        }
        int bodySize = TdReport.TD10_SIZE;
        if (version == 5) {
            int bodyType = r.u16("body_descriptor.type");
            long declared = r.u32("body_descriptor.size");
            if (bodyType == 2) {
                bodySize = TdReport.TD10_SIZE;
            } else if (bodyType == 3) {
                bodySize = TdReport.TD15_SIZE;
            } else {
                throw new MalformedQuote("body_descriptor.type", "is " + bodyType
                        + "; only 2 (TD 1.0) and 3 (TD 1.5) are TDX report bodies");
            }
            if (declared != bodySize) {
                throw new MalformedQuote("body_descriptor.size", "is " + declared + " but a body of type "
                        + bodyType + " is " + bodySize + " bytes");
            }
        }
        TdReport body = new TdReport(r.bytes(bodySize, "body"));
        int signedEnd = r.position();
        QuoteReader sig = r.slice(r.u32("signature_data.length"), "signature_data");
        byte[] signature = sig.bytes(64, "signature_data.quote_signature");
        byte[] attKey = sig.bytes(64, "signature_data.attestation_key");
        int certType = sig.u16("signature_data.certification_data.type");
        if (certType != CERT_TYPE_QE_REPORT) {
            throw new MalformedQuote("signature_data.certification_data.type", "is " + certType
                    + "; expected 6 (QE report certification data)");
        }
        QuoteReader cert = sig.slice(sig.u32("signature_data.certification_data.size"),
                "signature_data.certification_data");
        byte[] qeReport = cert.bytes(QeReport.SIZE, "qe_report");
        byte[] qeSig = cert.bytes(64, "qe_report_signature");
        byte[] auth = cert.bytes(cert.u16("qe_auth_data.length"), "qe_auth_data");
        int innerType = cert.u16("pck_certification_data.type");
        if (innerType != CERT_TYPE_PCK_CHAIN) {
            throw new MalformedQuote("pck_certification_data.type", "is " + innerType
                    + "; expected 5 (PCK certificate chain)");
        }
        QuoteReader pem = cert.slice(cert.u32("pck_certification_data.size"), "pck_certification_data");
        byte[] chain = pem.bytes(pem.remaining(), "pck_certification_data");
        return new TdxQuote(version, Arrays.copyOfRange(quote, 0, HEADER_SIZE), Arrays.copyOfRange(quote, 0, signedEnd),
                body, signature, attKey, new QeReport(qeReport), qeSig, auth, chain);
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

    /** The PCK certificate chain as PEM text (leaf first), without a trailing NUL. */
    public String pckChainPem() {
        int n = pckChain.length;
        while (n > 0 && pckChain[n - 1] == 0) {
            n--;
        }
        return new String(pckChain, 0, n, StandardCharsets.US_ASCII);
    }
}
