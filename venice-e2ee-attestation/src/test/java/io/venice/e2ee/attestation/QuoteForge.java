package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.attestation.tdx.TdxQuote;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Re-signs a real quote after editing its header and body, with a test PKI standing in for Intel's: a new PCK leaf,
 * a new attestation key, a QE report bound to it, and a new quote signature. Only the edit differs from a valid quote.
 */
public final class QuoteForge {
    private QuoteForge() {
    }

    /** Offset of the TD report body in a v4 quote. */
    public static final int V4_BODY = 48;
    /** Offset of TDATTRIBUTES in a v4 quote. */
    public static final int V4_TD_ATTRIBUTES = V4_BODY + 0x78;

    /** A copy of {@code quote} with {@code edit} applied to its signed region, re-signed under {@code pki}. */
    public static byte[] resign(byte[] quote, TestPki pki, Consumer<byte[]> edit) throws Exception {
        TdxQuote q = TdxQuote.parse(quote);
        byte[] signed = q.signedRegion();
        edit.accept(signed);

        KeyPair pck = pki.keyPair();
        X509Certificate leaf = pki.leaf("Test PCK", pck);
        KeyPair att = pki.keyPair();
        byte[] attKey = xy((ECPublicKey) att.getPublic());
        byte[] auth = q.qeAuthData();
        byte[] qe = q.qeReport().raw();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(attKey);
        sha.update(auth);
        byte[] rd = Arrays.copyOf(sha.digest(), 64);
        System.arraycopy(rd, 0, qe, 320, 64);
        byte[] qeSig = sign(pck, qe);
        byte[] pem = (Pem.encode(leaf) + Pem.encode(pki.root())).getBytes(StandardCharsets.US_ASCII);

        ByteArrayOutputStream cert = new ByteArrayOutputStream();
        cert.write(qe);
        cert.write(qeSig);
        u16(cert, auth.length);
        cert.write(auth);
        u16(cert, TdxQuote.CERT_TYPE_PCK_CHAIN);
        u32(cert, pem.length);
        cert.write(pem);

        ByteArrayOutputStream sig = new ByteArrayOutputStream();
        sig.write(sign(att, signed));
        sig.write(attKey);
        u16(sig, TdxQuote.CERT_TYPE_QE_REPORT);
        u32(sig, cert.size());
        cert.writeTo(sig);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(signed);
        u32(out, sig.size());
        sig.writeTo(out);
        return out.toByteArray();
    }

    private static byte[] sign(KeyPair keys, byte[] data) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initSign(keys.getPrivate());
        s.update(data);
        return s.sign();
    }

    private static byte[] xy(ECPublicKey key) {
        byte[] out = new byte[64];
        byte[] x = unsigned(key.getW().getAffineX().toByteArray());
        byte[] y = unsigned(key.getW().getAffineY().toByteArray());
        System.arraycopy(x, 0, out, 32 - x.length, x.length);
        System.arraycopy(y, 0, out, 64 - y.length, y.length);
        return out;
    }

    private static byte[] unsigned(byte[] b) {
        return b.length > 32 && b[0] == 0 ? Arrays.copyOfRange(b, b.length - 32, b.length) : b;
    }

    private static void u16(ByteArrayOutputStream o, int v) {
        o.write(v & 0xff);
        o.write(v >>> 8 & 0xff);
    }

    private static void u32(ByteArrayOutputStream o, int v) {
        u16(o, v & 0xffff);
        u16(o, v >>> 16);
    }
}
