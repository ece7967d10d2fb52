package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.tdx.QeReport;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.testing.pki.Curve;
import io.venice.e2ee.testing.pki.IntelPki;
import io.venice.e2ee.testing.pki.Pems;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Re-signs a real quote after editing its TD report body or its quoting enclave's report, with a test PKI standing in
 * for Intel's: its PCK certificate and chain, a new attestation key, a QE report bound to it, and a new quote
 * signature, all written by the quote codec. Only the edits differ from a valid quote.
 */
public final class QuoteForge {
    private QuoteForge() {
    }

    /** A copy of {@code quote} with {@code edit} applied to its body, re-signed under {@code pki}. */
    public static byte[] resign(byte[] quote, IntelPki pki, UnaryOperator<TdReport.Builder> edit) {
        return resign(quote, pki, edit, qe -> qe);
    }

    /** A copy of {@code quote} with {@code body} and {@code qe} applied to its two reports, re-signed under {@code pki}. */
    public static byte[] resign(byte[] quote, IntelPki pki, UnaryOperator<TdReport.Builder> body,
                                UnaryOperator<QeReport.Builder> qe) {
        return resign(quote, pki.pck().keys().getPrivate(), pki.pckChain(), body, qe);
    }

    /**
     * A copy of {@code quote} with {@code edit} applied to its body, its QE report signed by {@code pckKey} and
     * {@code chain} (leaf first) as its PCK chain, whatever that chain is.
     */
    public static byte[] resign(byte[] quote, PrivateKey pckKey, List<X509Certificate> chain,
                                UnaryOperator<TdReport.Builder> edit) {
        return resign(quote, pckKey, chain, edit, qe -> qe);
    }

    private static byte[] resign(byte[] quote, PrivateKey pckKey, List<X509Certificate> chain,
                                 UnaryOperator<TdReport.Builder> body, UnaryOperator<QeReport.Builder> qe) {
        TdxQuote q = TdxQuote.parse(quote);
        return q.toWriter().body(body.apply(q.body().toBuilder()).build())
                .qeReport(qe.apply(q.qeReport().toBuilder()).build()).pckChainPem(Pems.chain(chain))
                .sign(pckKey, Curve.P256.generate());
    }
}
