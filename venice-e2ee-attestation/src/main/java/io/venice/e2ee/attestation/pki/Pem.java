package io.venice.e2ee.attestation.pki;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads X.509 certificates and CRLs from PEM text or DER bytes: the one place the module (and the command line) turns
 * encoded certificates into JDK objects, so every reader accepts and refuses the same forms.
 */
public final class Pem {
    /**
     * The default most certificates in one PEM text: 10, twice the longest real chain (NVIDIA's GPU chains have 5,
     * Intel's PCK and collateral chains 3).
     */
    public static final int DEFAULT_MAX_CERTIFICATES = 10;
    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String CRL = "X509 CRL";

    private Pem() {
    }

    /**
     * Every certificate in {@code pem}, in order (a concatenated chain, leaf first), at most
     * {@link #DEFAULT_MAX_CERTIFICATES}.
     *
     * @throws CertificateException when there is none, or more than the limit, a block is not closed, or a block is
     *                              not a certificate
     */
    public static List<X509Certificate> certificates(String pem) throws CertificateException {
        return certificates(pem, DEFAULT_MAX_CERTIFICATES);
    }

    /**
     * Every certificate in {@code pem}, in order (a concatenated chain, leaf first), at most {@code max}: the blocks
     * are counted before any is decoded, so a text of thousands costs no more than finding them.
     *
     * @throws CertificateException when there is none, or more than {@code max}, a block is not closed, or a block is
     *                              not a certificate
     */
    public static List<X509Certificate> certificates(String pem, int max) throws CertificateException {
        int count = 0;
        for (int at = pem.indexOf(begin(CERTIFICATE)); at >= 0; at = pem.indexOf(begin(CERTIFICATE), at + 1)) {
            if (++count > max) {
                throw new CertificateException("the PEM text holds more than " + max + " certificates (the limit"
                        + " of one chain; real chains have 3 to 5): refused before decoding any; raise"
                        + " EvidenceLimits.maxChainCertificates in the verification policy only for evidence known to"
                        + " carry longer chains");
            }
        }
        List<X509Certificate> out = new ArrayList<>();
        for (byte[] der : blocks(pem, CERTIFICATE)) {
            out.add(der(der, out.size() + 1));
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

    /**
     * Every certificate in {@code pemOrDer}: PEM text with one or more certificates, or one DER certificate.
     *
     * @throws CertificateException when the bytes hold no certificate
     */
    public static List<X509Certificate> certificates(byte[] pemOrDer) throws CertificateException {
        String text = new String(pemOrDer, StandardCharsets.US_ASCII);
        if (text.contains(begin(CERTIFICATE))) {
            return certificates(text);
        }
        return List.of(der(pemOrDer, 1));
    }

    /** The certificate in {@code pemOrDer} (the first if the PEM text holds several). */
    public static X509Certificate certificate(byte[] pemOrDer) throws CertificateException {
        return certificates(pemOrDer).get(0);
    }

    /**
     * The CRL in {@code pemOrDer}: a PEM {@code X509 CRL} block or DER bytes.
     *
     * @throws CRLException when the bytes hold no valid CRL
     */
    public static X509CRL crl(byte[] pemOrDer) throws CRLException {
        byte[] der = pemOrDer;
        String text = new String(pemOrDer, StandardCharsets.US_ASCII);
        if (text.contains(begin(CRL))) {
            try {
                List<byte[]> blocks = blocks(text, CRL);
                der = blocks.get(0);
            } catch (CertificateException e) {
                throw new CRLException(e.getMessage());
            }
        }
        try {
            return (X509CRL) factory().generateCRL(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new CRLException("the X.509 CRL factory is missing from this JDK");
        } catch (CRLException | RuntimeException e) {
            throw new CRLException("is not a valid X.509 CRL");
        }
    }

    /** PEM text of {@code cert} (64-character lines, trailing newline). */
    public static String encode(X509Certificate cert) throws CertificateException {
        return begin(CERTIFICATE) + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(cert.getEncoded())
                + "\n" + end(CERTIFICATE) + "\n";
    }

    private static X509Certificate der(byte[] der, int index) throws CertificateException {
        try {
            return (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new CertificateException("certificate " + index + " is not a valid X.509 certificate");
        }
    }

    /** The base64 bodies of every {@code label} block, decoded; other blocks and text between them are skipped. */
    private static List<byte[]> blocks(String pem, String label) throws CertificateException {
        String begin = begin(label);
        String end = end(label);
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int b = pem.indexOf(begin, from);
            if (b < 0) {
                return out;
            }
            int e = pem.indexOf(end, b);
            if (e < 0) {
                throw new CertificateException(name(label) + " " + (out.size() + 1) + " has no END line");
            }
            try {
                out.add(Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e)));
            } catch (IllegalArgumentException ex) {
                throw new CertificateException(name(label) + " " + (out.size() + 1) + " is not valid base64");
            }
            from = e + end.length();
        }
    }

    private static String name(String label) {
        return label.equals(CERTIFICATE) ? "certificate" : "CRL";
    }

    private static String begin(String label) {
        return "-----BEGIN " + label + "-----";
    }

    private static String end(String label) {
        return "-----END " + label + "-----";
    }

    private static CertificateFactory factory() throws CertificateException {
        return CertificateFactory.getInstance("X.509");
    }
}
