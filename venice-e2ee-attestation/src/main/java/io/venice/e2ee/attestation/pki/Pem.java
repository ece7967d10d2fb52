package io.venice.e2ee.attestation.pki;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads X.509 certificates from PEM text (a concatenated chain, leaf first). */
public final class Pem {
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String END = "-----END CERTIFICATE-----";

    private Pem() {
    }

    /**
     * Every certificate in {@code pem}, in order.
     *
     * @throws CertificateException when there is none, a block is not closed, or a block is not a certificate
     */
    public static List<X509Certificate> certificates(String pem) throws CertificateException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int b = pem.indexOf(BEGIN, from);
            if (b < 0) {
                break;
            }
            int e = pem.indexOf(END, b);
            if (e < 0) {
                throw new CertificateException("certificate " + (out.size() + 1) + " has no END line");
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(pem.substring(b + BEGIN.length(), e));
            } catch (IllegalArgumentException ex) {
                throw new CertificateException("certificate " + (out.size() + 1) + " is not valid base64");
            }
            out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            from = e + END.length();
        }
        if (out.isEmpty()) {
            throw new CertificateException("no PEM certificate found");
        }
        return out;
    }

    /** The single certificate in {@code pem} (the first if several). */
    public static X509Certificate certificate(String pem) throws CertificateException {
        return certificates(pem).get(0);
    }

    /** Reads a certificate from PEM or DER bytes. */
    public static X509Certificate certificate(byte[] pemOrDer) throws CertificateException {
        String text = new String(pemOrDer, StandardCharsets.US_ASCII);
        if (text.contains(BEGIN)) {
            return certificate(text);
        }
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pemOrDer));
    }

    /** PEM text of {@code cert}. */
    public static String encode(X509Certificate cert) throws CertificateException {
        return BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded()) + "\n"
                + END + "\n";
    }
}
