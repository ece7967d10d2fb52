package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The canonical bytes of a JSON document that ACI hashes and signs (RFC 8785 JCS): keyset digests, report-data
 * statements, workload ids, keyset endorsements and receipts. One method, so the simulator signs with whichever
 * implementation it is given.
 */
@FunctionalInterface
interface Canonicalizer {
    /** The canonical UTF-8 bytes of {@code document}. */
    byte[] canonicalize(JsonNode document);
}
