package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.attestation.tdx.QeReport;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.attestation.tdx.TdxQuote;

import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.cert.X509Certificate;
import java.util.function.UnaryOperator;

/**
 * Re-signs a real quote after editing its TD report body, with a test PKI standing in for Intel's: a new PCK leaf,
 * a new attestation key, a QE report bound to it, and a new quote signature, all written by the quote codec. Only
 * the edit differs from a valid quote.
 */
public final class QuoteForge {
    private QuoteForge() {
    }

    /** A copy of {@code quote} with {@code edit} applied to its body, re-signed under {@code pki}. */
    public static byte[] resign(byte[] quote, TestPki pki, UnaryOperator<TdReport.Builder> edit) throws Exception {
        TdxQuote q = TdxQuote.parse(quote);
        KeyPair pck = pki.keyPair();
        X509Certificate leaf = pki.leaf("Test PCK", pck);
        KeyPair att = pki.keyPair();
        byte[] attKey = xy((ECPublicKey) att.getPublic());
        QeReport qe = q.qeReport().toBuilder()
                .set(QeReport.Field.REPORTDATA, QeReport.reportDataFor(attKey, q.qeAuthData())).build();
        TdxQuote.Writer w = q.toWriter().body(edit.apply(q.body().toBuilder()).build()).attestationKey(attKey)
                .qeReport(qe).qeReportSignature(sign(pck, qe.raw()))
                .pckChainPem(Pem.encode(leaf) + Pem.encode(pki.root()));
        return w.write(sign(att, w.signedRegion()));
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
        return b.length > 32 && b[0] == 0 ? java.util.Arrays.copyOfRange(b, b.length - 32, b.length) : b;
    }
}
