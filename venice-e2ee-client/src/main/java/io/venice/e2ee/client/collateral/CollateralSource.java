package io.venice.e2ee.client.collateral;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Where the pieces of collateral come from: Intel PCS, a PCCS or any PCS-compatible service ({@link PcsSource}),
 * NVIDIA's remote attestation service ({@link NrasSource}), both ({@link #routing}), or a cache in front of any of
 * them ({@link CachingSource}). Answers are returned as they arrived; whether they count is decided by verification
 * alone, against the pinned roots, wherever they came from.
 */
public interface CollateralSource {
    /**
     * Where {@code request} is fetched from (the URL names everything the answer depends on, and keys caches).
     *
     * @throws IllegalArgumentException if this source does not serve that piece
     */
    URI locate(CollateralRequest request);

    /**
     * Fetches {@code request}: completes with the answer as it arrived, or fails with a
     * {@link CollateralException.FetchFailed} naming the piece and the URL (an error status is a failure, not an
     * answer).
     */
    CompletableFuture<FetchedAnswer> fetch(CollateralRequest request);

    /** A source that asks {@code intel} for Intel's pieces and {@code nvidia} for NVIDIA's. */
    static CollateralSource routing(CollateralSource intel, CollateralSource nvidia) {
        return new CollateralSource() {
            private CollateralSource route(CollateralRequest r) {
                return r instanceof CollateralRequest.NrasAttestation || r instanceof CollateralRequest.NrasKeySet
                        ? nvidia : intel;
            }

            @Override
            public URI locate(CollateralRequest request) {
                return route(request).locate(request);
            }

            @Override
            public CompletableFuture<FetchedAnswer> fetch(CollateralRequest request) {
                return route(request).fetch(request);
            }
        };
    }
}
