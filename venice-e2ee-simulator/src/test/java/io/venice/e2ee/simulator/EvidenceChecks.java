package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.crypto.Hex;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * An independent reading of the simulator's evidence with JDK crypto only, by the offsets of TDX.md: the quote
 * header, TD report, signature data, QE report, PCK chain; and the NVIDIA payload's SPDM evidence and chain.
 */
final class EvidenceChecks {
    private EvidenceChecks() {
    }

    /** A parsed v4 quote. */
    record Quote(byte[] raw, int version, int keyType, int teeType, byte[] vendorId, byte[] tdAttributes, byte[] mrtd,
                 byte[] mrconfigid, byte[][] rtmr, byte[] reportData, byte[] quoteSignature, byte[] attestationKey,
                 int certType, byte[] qeReport, byte[] qeReportSignature, byte[] qeAuthData, int chainType,
                 List<X509Certificate> pckChain) {
        byte[] signedRegion() {
            return Arrays.copyOfRange(raw, 0, 48 + 584);
        }

        boolean debug() {
            return (tdAttributes[0] & 1) != 0;
        }
    }

    static Quote parseQuote(byte[] q) throws GeneralSecurityException {
        ByteBuffer b = ByteBuffer.wrap(q).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.getShort(0) & 0xffff;
        int keyType = b.getShort(2) & 0xffff;
        int teeType = b.getInt(4);
        byte[] vendor = Arrays.copyOfRange(q, 12, 28);
        int body = 48;
        byte[][] rtmr = new byte[4][];
        for (int i = 0; i < 4; i++) {
            rtmr[i] = Arrays.copyOfRange(q, body + 0x148 + 48 * i, body + 0x148 + 48 * (i + 1));
        }
        int sig = body + 584;
        int sigLen = b.getInt(sig);
        if (sig + 4 + sigLen > q.length) {
            throw new IllegalArgumentException("signature data length beyond the quote");
        }
        byte[] quoteSignature = Arrays.copyOfRange(q, sig + 4, sig + 68);
        byte[] attestationKey = Arrays.copyOfRange(q, sig + 68, sig + 132);
        int certType = b.getShort(sig + 132) & 0xffff;
        int qe = sig + 138;
        byte[] qeReport = Arrays.copyOfRange(q, qe, qe + 384);
        byte[] qeSig = Arrays.copyOfRange(q, qe + 384, qe + 448);
        int authLen = b.getShort(qe + 448) & 0xffff;
        byte[] auth = Arrays.copyOfRange(q, qe + 450, qe + 450 + authLen);
        int chain = qe + 450 + authLen;
        int chainType = b.getShort(chain) & 0xffff;
        int chainLen = b.getInt(chain + 2);
        String pem = new String(q, chain + 6, chainLen, StandardCharsets.US_ASCII).replace("\0", "");
        List<X509Certificate> certs = new ArrayList<>();
        for (var c : CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            certs.add((X509Certificate) c);
        }
        return new Quote(q, version, keyType, teeType, vendor, Arrays.copyOfRange(q, body + 0x78, body + 0x80),
                Arrays.copyOfRange(q, body + 0x88, body + 0xB8), Arrays.copyOfRange(q, body + 0xB8, body + 0xE8),
                rtmr, Arrays.copyOfRange(q, body + 0x208, body + 0x248), quoteSignature, attestationKey, certType,
                qeReport, qeSig, auth, chainType, certs);
    }

    static boolean verifyRaw(String alg, PublicKey key, byte[] data, byte[] rs) throws GeneralSecurityException {
        Signature s = Signature.getInstance(alg + "inP1363Format");
        s.initVerify(key);
        s.update(data);
        return s.verify(rs);
    }

    static PublicKey p256(byte[] xy) throws GeneralSecurityException {
        ECPublicKey template = (ECPublicKey) TestPki.ecKeys("secp256r1").getPublic();
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
        return Arrays.equals(expected, Arrays.copyOfRange(q.qeReport(), 320, 384))
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
