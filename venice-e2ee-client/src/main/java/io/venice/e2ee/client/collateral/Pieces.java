package io.venice.e2ee.client.collateral;

import java.util.List;
import java.util.Map;

/** The pieces' names as answers carry them, what they are for people, and the issuer-chain headers of Intel's. */
final class Pieces {
    static final String TCB_INFO = "tcb_info";
    static final String QE_IDENTITY = "qe_identity";
    static final String PCK_CRL = "pck_crl";
    static final String ROOT_CA_CRL = "root_ca_crl";
    static final String NRAS = "nras";
    static final String JWKS = "jwks";
    /** Intel's collateral given as one dcap-qvl {@code QuoteCollateralV3} document (offline verification). */
    static final String COLLATERAL_JSON = "collateral_json";

    /** Every piece, in the order reports list them. */
    static final List<String> ALL = List.of(TCB_INFO, QE_IDENTITY, PCK_CRL, ROOT_CA_CRL, COLLATERAL_JSON, NRAS, JWKS);

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            TCB_INFO, "Intel TCB info", QE_IDENTITY, "Intel TD QE identity", PCK_CRL, "Intel PCK CRL",
            ROOT_CA_CRL, "Intel root CA CRL", NRAS, "NVIDIA remote attestation answer",
            JWKS, "NVIDIA remote attestation key set", COLLATERAL_JSON, "Intel collateral document");

    /**
     * The issuer-chain header names of each signed piece, current first: API v4's, then API v3's where it differed
     * ({@code SGX-TCB-Info-Issuer-Chain}).
     */
    private static final Map<String, List<String>> CHAIN_HEADERS = Map.of(
            TCB_INFO, List.of("TCB-Info-Issuer-Chain", "SGX-TCB-Info-Issuer-Chain"),
            QE_IDENTITY, List.of("SGX-Enclave-Identity-Issuer-Chain"),
            PCK_CRL, List.of("SGX-PCK-CRL-Issuer-Chain"));

    private Pieces() {
    }

    static String describe(String piece) {
        return DESCRIPTIONS.getOrDefault(piece, piece);
    }

    /** The decoded PEM issuer chain of {@code answer}, from the first of its piece's headers present. */
    static String issuerChain(FetchedAnswer answer) {
        for (String name : CHAIN_HEADERS.getOrDefault(answer.piece(), List.of())) {
            var value = answer.header(name);
            if (value.isPresent()) {
                try {
                    return WireForms.percentDecode(value.get());
                } catch (IllegalArgumentException e) {
                    throw new CollateralException.Malformed(answer.piece(), describe(answer.piece()), answer.url(),
                            "its " + name + " header is not percent-encoded text: " + e.getMessage());
                }
            }
        }
        throw new CollateralException.Malformed(answer.piece(), describe(answer.piece()), answer.url(),
                "the answer has no " + CHAIN_HEADERS.get(answer.piece()).get(0) + " header (the issuer chain)");
    }
}
