package io.venice.e2ee.client.collateral;

import io.venice.e2ee.attestation.dcap.Collateral;
import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.attestation.nvidia.Jwks;
import io.venice.e2ee.attestation.nvidia.Jwt;
import io.venice.e2ee.attestation.nvidia.NrasAnswer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inputs of a level-{@code full} verification read from the services' answers: Intel's collateral, NVIDIA's
 * remote attestation answer and key set, with the answers themselves (bytes and headers as they arrived, where from,
 * how old). {@link #assemble} reads them the same way for a live session and for an audit bundle re-checked offline.
 *
 * @param collateral Intel's collateral, or null when the evidence gave nothing to ask Intel for
 * @param nras       NVIDIA's answer, or null when the evidence has no GPU evidence for our nonce
 * @param jwks       NVIDIA's key set, or null with {@code nras}
 * @param answers    every answer used, in piece order
 */
public record LiveInputs(Collateral collateral, NrasAnswer nras, Jwks jwks, List<FetchedAnswer> answers) {
    /** Copies the list. */
    public LiveInputs {
        answers = List.copyOf(answers);
    }

    /** No inputs (below level full, or nothing to ask for). */
    public static LiveInputs none() {
        return new LiveInputs(null, null, null, List.of());
    }

    /**
     * Reads the answers into verification inputs: the four Intel pieces into one {@link Collateral} (issuer chains
     * percent-decoded from their headers, CRLs as DER, PEM or hex text), or a dcap-qvl collateral document given
     * offline; NRAS's answer and key set as served.
     *
     * @throws CollateralException.Malformed naming the piece and URL of an answer that cannot be read, or a piece
     *                                       that is missing while the others of its service are there
     */
    public static LiveInputs assemble(List<FetchedAnswer> answers) {
        Map<String, FetchedAnswer> by = new LinkedHashMap<>();
        for (FetchedAnswer a : answers) {
            by.put(a.piece(), a);
        }
        List<FetchedAnswer> ordered = new ArrayList<>(answers);
        ordered.sort(Comparator.comparingInt(a -> Pieces.ALL.indexOf(a.piece())));
        return new LiveInputs(collateral(by), nras(by), jwks(by), ordered);
    }

    private static Collateral collateral(Map<String, FetchedAnswer> by) {
        FetchedAnswer document = by.get(Pieces.COLLATERAL_JSON);
        if (document != null) {
            try {
                return Collateral.parse(text(document));
            } catch (AttestationException e) {
                throw new CollateralException.Malformed(document.piece(), Pieces.describe(document.piece()),
                        document.url(), e.getMessage());
            }
        }
        List<String> intel = List.of(Pieces.TCB_INFO, Pieces.QE_IDENTITY, Pieces.PCK_CRL, Pieces.ROOT_CA_CRL);
        if (intel.stream().noneMatch(by::containsKey)) {
            return null;
        }
        for (String p : intel) {
            if (!by.containsKey(p)) {
                FetchedAnswer any = by.get(intel.stream().filter(by::containsKey).findFirst().orElseThrow());
                throw new CollateralException.Malformed(p, Pieces.describe(p), any.url(), "it is missing");
            }
        }
        FetchedAnswer tcb = by.get(Pieces.TCB_INFO);
        FetchedAnswer qe = by.get(Pieces.QE_IDENTITY);
        FetchedAnswer pck = by.get(Pieces.PCK_CRL);
        FetchedAnswer root = by.get(Pieces.ROOT_CA_CRL);
        try {
            return Collateral.fromIntelPcs()
                    .tcbInfo(text(tcb), Pieces.issuerChain(tcb))
                    .qeIdentity(text(qe), Pieces.issuerChain(qe))
                    .pckCrl(WireForms.crlBytes(pck.body()), Pieces.issuerChain(pck))
                    .rootCaCrl(WireForms.crlBytes(root.body()))
                    .build();
        } catch (AttestationException e) {
            FetchedAnswer culprit = culprit(e.field(), tcb, qe, pck, root);
            throw new CollateralException.Malformed(culprit.piece(), Pieces.describe(culprit.piece()), culprit.url(),
                    e.getMessage());
        }
    }

    private static FetchedAnswer culprit(String field, FetchedAnswer tcb, FetchedAnswer qe, FetchedAnswer pck,
                                         FetchedAnswer root) {
        if (field.startsWith("qe_identity")) {
            return qe;
        }
        if (field.startsWith("pck_crl")) {
            return pck;
        }
        if (field.startsWith("root_ca_crl")) {
            return root;
        }
        return tcb;
    }

    private static NrasAnswer nras(Map<String, FetchedAnswer> by) {
        FetchedAnswer a = by.get(Pieces.NRAS);
        if (a == null) {
            return null;
        }
        try {
            return NrasAnswer.parse(text(a));
        } catch (AttestationException e) {
            throw new CollateralException.Malformed(a.piece(), Pieces.describe(a.piece()), a.url(), e.getMessage());
        }
    }

    private static Jwks jwks(Map<String, FetchedAnswer> by) {
        FetchedAnswer a = by.get(Pieces.JWKS);
        if (a == null) {
            return null;
        }
        try {
            return Jwks.parse(text(a));
        } catch (AttestationException e) {
            throw new CollateralException.Malformed(a.piece(), Pieces.describe(a.piece()), a.url(), e.getMessage());
        }
    }

    private static String text(FetchedAnswer a) {
        return new String(a.body(), StandardCharsets.UTF_8);
    }

    /** The answer of {@code piece}, if used. */
    public Optional<FetchedAnswer> answer(String piece) {
        return answers.stream().filter(a -> a.piece().equals(piece)).findFirst();
    }

    /**
     * Until when what these inputs vouch for holds: the earliest of the Intel answers' keep-until instants (their
     * {@code nextUpdate}, or an issuer certificate's end) and the NRAS tokens' {@code exp}; null when nothing bounds
     * it (no inputs), or {@link Instant#MIN} when an answer was not fit to keep (stale, or not signed as it must be).
     */
    public Instant validUntil() {
        Instant until = null;
        for (FetchedAnswer a : answers) {
            if (a.piece().equals(Pieces.NRAS) || a.piece().equals(Pieces.JWKS)) {
                continue;
            }
            if (a.keptUntil() == null) {
                return Instant.MIN;
            }
            until = earlier(until, a.keptUntil());
        }
        if (nras != null) {
            until = earlier(until, expiry(nras.overall()));
            for (Jwt t : nras.gpus().values()) {
                until = earlier(until, expiry(t));
            }
        }
        return until;
    }

    private static Instant expiry(Jwt t) {
        return t.claims().has("exp") ? Instant.ofEpochSecond(t.claims().path("exp").asLong()) : Instant.MIN;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    /** Short form: the pieces and where they came from. */
    @Override
    public String toString() {
        return "LiveInputs" + answers.stream().map(a -> a.piece() + "=" + a.origin().label()).toList();
    }
}
