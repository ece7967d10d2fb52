package io.venice.e2ee.client.collateral;

import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.dcap.SgxExtensions;
import io.venice.e2ee.attestation.nvidia.Jwks;
import io.venice.e2ee.attestation.nvidia.NrasAnswer;
import io.venice.e2ee.attestation.nvidia.NvidiaPayload;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.client.progress.ProgressListener;
import io.venice.e2ee.crypto.Hex;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Fetches what verifying one attestation at level {@code full} needs: from the evidence it reads what the answers
 * depend on (the platform's FMSPC and PCK CA from the quote's PCK certificate; the GPU evidence and its nonce), asks
 * the source for every piece at once, and reads the answers into {@link LiveInputs}. Evidence that cannot be read
 * that far asks for nothing of that service (its checks then fail, naming why); GPU evidence carrying another nonce
 * is never sent to NVIDIA. A key set that lacks the key a token names, when it was kept from earlier, is fetched
 * again once.
 */
public final class CollateralFetcher {
    private final CollateralSource source;
    private final Clock clock;
    private final ProgressListener progress;

    /**
     * A fetcher.
     *
     * @param source   where the pieces come from (usually a {@link CachingSource})
     * @param clock    times the steps
     * @param progress hears each fetch start and end
     */
    public CollateralFetcher(CollateralSource source, Clock clock, ProgressListener progress) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** The pieces {@code report}, requested with {@code nonce}, needs (see the class). */
    public static List<CollateralRequest> plan(AttestationReport report, byte[] nonce) {
        List<CollateralRequest> out = new ArrayList<>();
        X509Certificate pck = pckCertificate(report);
        String fmspc = null;
        try {
            fmspc = pck == null ? null : Hex.encode(SgxExtensions.of(pck).fmspc());
        } catch (RuntimeException e) {
            // a PCK certificate without a readable SGX extension: verification names it
        }
        if (fmspc != null) {
            out.add(new CollateralRequest.TcbInfo(fmspc));
            out.add(new CollateralRequest.QeIdentity());
            out.add(new CollateralRequest.PckCrl(caType(pck)));
            out.add(new CollateralRequest.RootCaCrl());
        }
        String payload = report.nvidiaPayload().toOptional().orElse(null);
        if (payload != null && ourNonce(payload, nonce)) {
            out.add(new CollateralRequest.NrasAttestation(Hex.encode(nonce), payload.getBytes(StandardCharsets.UTF_8)));
            out.add(new CollateralRequest.NrasKeySet());
        }
        return out;
    }

    /**
     * Fetches every piece {@code report} needs and reads the answers.
     *
     * @return the inputs; fails with a {@link CollateralException} naming the first piece (in report order) that
     *         could not be fetched or read
     */
    public CompletableFuture<LiveInputs> fetch(AttestationReport report, byte[] nonce) {
        List<CollateralRequest> plan = plan(report, nonce);
        if (plan.isEmpty()) {
            return CompletableFuture.completedFuture(LiveInputs.none());
        }
        List<CompletableFuture<FetchedAnswer>> fetches = new ArrayList<>();
        for (CollateralRequest r : plan) {
            fetches.add(step(r));
        }
        return CompletableFuture.allOf(fetches.toArray(new CompletableFuture<?>[0])).handle((v, e) -> {
            List<FetchedAnswer> answers = new ArrayList<>();
            CollateralException first = null;
            for (int i = 0; i < fetches.size(); i++) {
                try {
                    answers.add(fetches.get(i).join());
                } catch (CompletionException x) {
                    Throwable c = x.getCause();
                    if (first == null) {
                        CollateralRequest r = plan.get(i);
                        first = c instanceof CollateralException ce ? ce
                                : new CollateralException.FetchFailed(r, source.locate(r), 0, String.valueOf(c), c);
                    }
                }
            }
            if (first != null) {
                throw new CompletionException(first);
            }
            return answers;
        }).thenCompose(this::refreshKeySetIfNeeded).thenApply(LiveInputs::assemble);
    }

    /** One fetch, told to the progress listener as it starts and ends. */
    private CompletableFuture<FetchedAnswer> step(CollateralRequest r) {
        String what = "fetching the " + r.description() + " from " + source.locate(r);
        Instant start = clock.instant();
        progress.started(what);
        CompletableFuture<FetchedAnswer> f;
        try {
            f = source.fetch(r);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.whenComplete((a, e) -> progress.finished(what, Duration.between(start, clock.instant()),
                e != null ? "failed" : switch (a.origin()) {
                    case NETWORK -> "fetched";
                    case MEMORY -> "kept in memory, fetched " + a.fetchedAt();
                    case DISK -> "kept on disk, fetched " + a.fetchedAt();
                }));
    }

    /** Fetches the key set again when a token names a key it lacks and it was kept from earlier. */
    private CompletableFuture<List<FetchedAnswer>> refreshKeySetIfNeeded(List<FetchedAnswer> answers) {
        FetchedAnswer nras = find(answers, Pieces.NRAS);
        FetchedAnswer jwks = find(answers, Pieces.JWKS);
        if (nras == null || jwks == null || jwks.origin() == FetchedAnswer.Origin.NETWORK
                || !(source instanceof CachingSource cache)) {
            return CompletableFuture.completedFuture(answers);
        }
        try {
            String kid = NrasAnswer.parse(new String(nras.body(), StandardCharsets.UTF_8)).overall().header()
                    .path("kid").asText("");
            if (Jwks.parse(new String(jwks.body(), StandardCharsets.UTF_8)).key(kid).isPresent()) {
                return CompletableFuture.completedFuture(answers);
            }
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(answers);
        }
        cache.forget(new CollateralRequest.NrasKeySet());
        return step(new CollateralRequest.NrasKeySet()).thenApply(fresh -> {
            List<FetchedAnswer> out = new ArrayList<>(answers);
            out.replaceAll(a -> a.piece().equals(Pieces.JWKS) ? fresh : a);
            return out;
        });
    }

    private static FetchedAnswer find(List<FetchedAnswer> answers, String piece) {
        return answers.stream().filter(a -> a.piece().equals(piece)).findFirst().orElse(null);
    }

    /** The PCK certificate of the quote, or null when the evidence has no readable quote or chain. */
    private static X509Certificate pckCertificate(AttestationReport report) {
        byte[] quote = report.intelQuote().toOptional().orElse(null);
        if (quote == null) {
            return null;
        }
        try {
            return Pem.certificates(TdxQuote.parse(quote).pckChainPem()).get(0);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The PCK CA's type from the PCK certificate's issuer: Intel names them {@code Intel SGX PCK Platform CA} and
     * {@code Intel SGX PCK Processor CA}; an issuer naming neither is taken as the processor CA, as Intel's and
     * dcap-qvl's clients do (a wrong guess fails verification: the CRL must be the PCK issuer's).
     */
    static String caType(X509Certificate pck) {
        String issuer = pck.getIssuerX500Principal().getName().toLowerCase(Locale.ROOT);
        return issuer.contains("platform") ? "platform" : "processor";
    }

    private static boolean ourNonce(String payload, byte[] nonce) {
        try {
            String n = NvidiaPayload.parse(payload).nonce();
            return n != null && n.equalsIgnoreCase(Hex.encode(nonce));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
