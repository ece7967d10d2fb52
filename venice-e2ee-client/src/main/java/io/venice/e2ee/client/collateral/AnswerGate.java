package io.venice.e2ee.client.collateral;

import io.venice.e2ee.attestation.dcap.PcsAnswers;
import io.venice.e2ee.attestation.nvidia.Jwks;
import io.venice.e2ee.attestation.pki.Pem;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether an answer may be kept for later sessions, and until when, by checking it on its own before it is
 * kept: Intel's pieces must be signed by a certificate chaining to the trust anchors and current now (kept until
 * their {@code nextUpdate}, or an issuer certificate's end if sooner); NVIDIA's key set must read as one (kept for a
 * fixed time, as it carries no date, and fetched again when a token names a key it lacks); NVIDIA's remote
 * attestation answers are never kept here (each answers one nonce: they live as long as the attestation they belong
 * to). An answer that fails is not kept, and still goes to verification, which names what is wrong with it.
 */
public final class AnswerGate {
    private final List<X509Certificate> intelAnchors;
    private final Duration keySetLifetime;

    /**
     * A gate.
     *
     * @param intelAnchors   the roots Intel's pieces must chain to (the pinned Intel root and any extra anchors of the
     *                       policy: the same the verification uses)
     * @param keySetLifetime how long NVIDIA's key set is kept
     */
    public AnswerGate(Collection<X509Certificate> intelAnchors, Duration keySetLifetime) {
        this.intelAnchors = List.copyOf(intelAnchors);
        this.keySetLifetime = Objects.requireNonNull(keySetLifetime, "keySetLifetime");
    }

    /**
     * Until when {@code answer} may be kept, checked at {@code now}.
     *
     * @throws GeneralSecurityException saying why it may not be kept
     */
    public Instant keepUntil(FetchedAnswer answer, Instant now) throws GeneralSecurityException {
        try {
            return switch (answer.piece()) {
                case Pieces.TCB_INFO -> PcsAnswers.signedJson("tcbInfo", text(answer), Pieces.issuerChain(answer),
                        intelAnchors, now);
                case Pieces.QE_IDENTITY -> PcsAnswers.signedJson("enclaveIdentity", text(answer),
                        Pieces.issuerChain(answer), intelAnchors, now);
                case Pieces.PCK_CRL -> PcsAnswers.crl("PCK CRL", crl(answer), Pieces.issuerChain(answer),
                        intelAnchors, now);
                case Pieces.ROOT_CA_CRL -> PcsAnswers.rootCrl("root CA CRL", crl(answer), intelAnchors, now);
                case Pieces.JWKS -> {
                    if (Jwks.parse(text(answer)).size() == 0) {
                        throw new GeneralSecurityException("the key set has no P-384 key");
                    }
                    yield now.plus(keySetLifetime);
                }
                default -> throw new GeneralSecurityException("the " + Pieces.describe(answer.piece())
                        + " answers one request and is not kept");
            };
        } catch (RuntimeException e) {
            // a malformed answer is not kept; verification reports it
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static String text(FetchedAnswer a) {
        return new String(a.body(), StandardCharsets.UTF_8);
    }

    private static X509CRL crl(FetchedAnswer a) throws GeneralSecurityException {
        return Pem.crl(WireForms.crlBytes(a.body()));
    }
}
