package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.tdx.QeReport;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.testing.pki.Curve;
import io.venice.e2ee.testing.pki.IntelPki;
import io.venice.e2ee.testing.pki.Pems;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Re-signs a real quote after editing its TD report body, with a test PKI standing in for Intel's: its PCK
 * certificate and chain, a new attestation key, a QE report bound to it, and a new quote signature, all written by
 * the quote codec. Only the edit differs from a valid quote.
 */
public final class QuoteForge {
    private QuoteForge() {
    }

    /** A copy of {@code quote} with {@code edit} applied to its body, re-signed under {@code pki}. */
    public static byte[] resign(byte[] quote, IntelPki pki, UnaryOperator<TdReport.Builder> edit) {
        return resign(quote, pki.pck().keys().getPrivate(), pki.pckChain(), edit);
    }

    /**
     * A copy of {@code quote} with {@code edit} applied to its body, its QE report signed by {@code pckKey} and
     * {@code chain} (leaf first) as its PCK chain, whatever that chain is.
     */
    public static byte[] resign(byte[] quote, PrivateKey pckKey, List<X509Certificate> chain,
                                UnaryOperator<TdReport.Builder> edit) {
        TdxQuote q = TdxQuote.parse(quote);
        KeyPair att = Curve.P256.generate();
        byte[] attKey = Curve.P256.rawPublicKey(att.getPublic());
        QeReport qe = q.qeReport().toBuilder()
                .set(QeReport.Field.REPORTDATA, QeReport.reportDataFor(attKey, q.qeAuthData())).build();
        TdxQuote.Writer w = q.toWriter().body(edit.apply(q.body().toBuilder()).build()).attestationKey(attKey)
                .qeReport(qe).qeReportSignature(Curve.P256.signRaw(pckKey, qe.raw())).pckChainPem(Pems.chain(chain));
        return w.write(Curve.P256.signRaw(att.getPrivate(), w.signedRegion()));
    }
}
