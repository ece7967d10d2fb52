package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.attestation.tdx.TdxQuote.Part;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.pki.Curve;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * A reading of the simulator's evidence with JDK crypto only, independent of the verifier's checks: the quote's parts
 * come from the one quote codec (whose layout is pinned against Intel's own quotes in the attestation tests), every
 * signature, binding and chain is checked here with the JDK; and the NVIDIA payload's SPDM evidence and chain.
 */
final class EvidenceChecks {
    private EvidenceChecks() {
    }

    /** A parsed v4 quote, with the type fields as they stand in its bytes. */
    record Quote(TdxQuote parsed, int version, int keyType, int teeType, byte[] vendorId, int certType, int chainType,
                 List<X509Certificate> pckChain) {
        byte[] signedRegion() {
            return parsed.signedRegion();
        }

        boolean debug() {
            return (parsed.body().tdAttributes()[0] & 1) != 0;
        }

        byte[] mrtd() {
            return parsed.body().mrTd();
        }

        byte[] mrconfigid() {
            return parsed.body().mrConfigId();
        }

        byte[][] rtmr() {
            return new byte[][] {parsed.body().rtmr(0), parsed.body().rtmr(1), parsed.body().rtmr(2),
                parsed.body().rtmr(3)};
        }

        byte[] reportData() {
            return parsed.body().reportData();
        }

        byte[] quoteSignature() {
            return parsed.signature();
        }

        byte[] attestationKey() {
            return parsed.attestationKey();
        }

        byte[] qeReport() {
            return parsed.qeReport().raw();
        }

        byte[] qeReportData() {
            return parsed.qeReport().reportData();
        }

        byte[] qeReportSignature() {
            return parsed.qeReportSignature();
        }

        byte[] qeAuthData() {
            return parsed.qeAuthData();
        }
    }

    static Quote parseQuote(byte[] raw) throws GeneralSecurityException {
        TdxQuote q = TdxQuote.parse(raw);
        List<X509Certificate> certs = new ArrayList<>();
        for (var c : CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(q.pckChainPem().getBytes(StandardCharsets.US_ASCII)))) {
            certs.add((X509Certificate) c);
        }
        return new Quote(q, q.version(), (int) le(raw, q.span(Part.ATTESTATION_KEY_TYPE)),
                (int) le(raw, q.span(Part.TEE_TYPE)), bytes(raw, q.span(Part.QE_VENDOR_ID)),
                (int) le(raw, q.span(Part.CERTIFICATION_DATA_TYPE)),
                (int) le(raw, q.span(Part.PCK_CERTIFICATION_DATA_TYPE)), certs);
    }

    private static byte[] bytes(byte[] raw, TdxQuote.Span span) {
        return Arrays.copyOfRange(raw, span.offset(), span.end());
    }

    /** The little-endian integer at {@code span}. */
    private static long le(byte[] raw, TdxQuote.Span span) {
        long v = 0;
        for (int i = span.length() - 1; i >= 0; i--) {
            v = v << 8 | (raw[span.offset() + i] & 0xff);
        }
        return v;
    }

    static boolean verifyRaw(String alg, PublicKey key, byte[] data, byte[] rs) throws GeneralSecurityException {
        Signature s = Signature.getInstance(alg + "inP1363Format");
        s.initVerify(key);
        s.update(data);
        return s.verify(rs);
    }

    static PublicKey p256(byte[] xy) throws GeneralSecurityException {
        ECPublicKey template = (ECPublicKey) Curve.P256.generate().getPublic();
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(xy, 0, 32)), new BigInteger(1, Arrays.copyOfRange(xy, 32, 64)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, template.getParams()));
    }

    /** Quote signature, QE report binding, QE report signature by the PCK leaf: the offline DCAP signature steps. */
    static boolean signaturesValid(Quote q) throws GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(q.attestationKey());
        sha.update(q.qeAuthData());
        byte[] expected = new byte[64];
        System.arraycopy(sha.digest(), 0, expected, 0, 32);
        return Arrays.equals(expected, q.qeReportData())
                && verifyRaw("SHA256withECDSA", q.pckChain().get(0).getPublicKey(), q.qeReport(), q.qeReportSignature())
                && verifyRaw("SHA256withECDSA", p256(q.attestationKey()), q.signedRegion(), q.quoteSignature());
    }

    /** PKIX validation of a chain (leaf first, root last or omitted) against exactly the given anchors. */
    static void validateChain(List<X509Certificate> chain, Set<X509Certificate> anchors, Date at) throws GeneralSecurityException {
        List<X509Certificate> path = new ArrayList<>(chain);
        X509Certificate last = path.get(path.size() - 1);
        if (last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
            path.remove(path.size() - 1);
        }
        CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
        Set<TrustAnchor> ta = new java.util.HashSet<>();
        for (X509Certificate a : anchors) {
            ta.add(new TrustAnchor(a, null));
        }
        PKIXParameters params = new PKIXParameters(ta);
        params.setRevocationEnabled(false);
        params.setDate(at);
        CertPathValidator.getInstance("PKIX").validate(cp, params);
    }

    /** RTMRs from replaying the event log: RTMR[i] = SHA-384(RTMR[i] ‖ digest). */
    static byte[][] replay(JsonNode eventLog) throws GeneralSecurityException {
        byte[][] r = new byte[4][48];
        for (JsonNode e : eventLog) {
            MessageDigest sha = MessageDigest.getInstance("SHA-384");
            sha.update(r[e.get("imr").asInt()]);
            sha.update(Hex.decode(e.get("digest").asText()));
            r[e.get("imr").asInt()] = sha.digest();
        }
        return r;
    }

    /** One GPU's evidence: the request nonce, and whether the SPDM signature verifies with the chain's leaf. */
    record Gpu(byte[] requestNonce, boolean signatureValid, List<X509Certificate> chain) {
    }

    static List<Gpu> gpus(JsonNode payload) throws GeneralSecurityException {
        List<Gpu> out = new ArrayList<>();
        for (JsonNode e : payload.get("evidence_list")) {
            byte[] pem = Base64.getDecoder().decode(e.get("certificate").asText());
            List<X509Certificate> chain = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                chain.add((X509Certificate) c);
            }
            byte[] ev = Base64.getDecoder().decode(e.get("evidence").asText());
            byte[] signed = Arrays.copyOfRange(ev, 0, ev.length - 96);
            byte[] sig = Arrays.copyOfRange(ev, ev.length - 96, ev.length);
            out.add(new Gpu(Arrays.copyOfRange(ev, 4, 36),
                    verifyRaw("SHA384withECDSA", chain.get(0).getPublicKey(), signed, sig), chain));
        }
        return out;
    }
}
