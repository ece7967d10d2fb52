package io.venice.e2ee.attestation.aci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.attestation.jcs.Jcs;
import io.venice.e2ee.crypto.Hex;

import java.util.Objects;

/**
 * The byte strings an ACI gateway hashes into its quote and signs, in both generations: the report-data statement
 * (whose SHA-256 is REPORTDATA[0..32], the other 32 bytes zero), the earlier form's workload id and keyset endorsement.
 * Each is the JCS of a small object, so it is built as one and canonicalized.
 */
public final class AciStatements {
    /** The statement's {@code purpose}. */
    public static final String REPORT_DATA_PURPOSE = "aci.report_data.v1";
    /** The earlier form's endorsement {@code purpose}. */
    public static final String ENDORSEMENT_PURPOSE = "aci.keyset.endorsement.v1";

    private AciStatements() {
    }

    /**
     * The current statement {@code {"keyset_digest":…,"nonce":…,"purpose":"aci.report_data.v1"}}.
     *
     * @param keysetDigest {@code sha256:} and 64 lower-case hex digits
     * @param nonceHex     64 lower-case hex digits (the gateway accepts no other form), or null for a statement made
     *                     without a nonce (JSON {@code null}: no freshness)
     * @throws IllegalArgumentException for a digest or nonce of another form, which the gateway would refuse to state
     */
    public static byte[] current(String keysetDigest, String nonceHex) {
        if (!isDigest(keysetDigest)) {
            throw new IllegalArgumentException("a keyset digest is 'sha256:' and 64 lower-case hex digits");
        }
        if (nonceHex != null && !isLowerHex(nonceHex, 64)) {
            throw new IllegalArgumentException("an ACI nonce is 64 lower-case hex digits (32 bytes)");
        }
        ObjectNode o = Json.object().put("keyset_digest", keysetDigest).put("purpose", REPORT_DATA_PURPOSE);
        if (nonceHex == null) {
            o.putNull("nonce");
        } else {
            o.put("nonce", nonceHex);
        }
        return Jcs.canonicalize(o, Jcs.Numbers.EXACT_INTEGERS);
    }

    /**
     * The earlier statement {@code JCS({"nonce","purpose","workload_id","workload_keyset_digest"})}; its nonce is the
     * query string's value as given (any string), or null.
     */
    public static byte[] earlier(String workloadId, String keysetDigest, String nonce) {
        Objects.requireNonNull(workloadId, "workloadId");
        Objects.requireNonNull(keysetDigest, "keysetDigest");
        ObjectNode o = Json.object().put("purpose", REPORT_DATA_PURPOSE).put("workload_id", workloadId)
                .put("workload_keyset_digest", keysetDigest);
        if (nonce == null) {
            o.putNull("nonce");
        } else {
            o.put("nonce", nonce);
        }
        return Jcs.canonicalize(o, Jcs.Numbers.EXACT_INTEGERS);
    }

    /** {@code report_data}: SHA-256 of a statement (the quote's REPORTDATA[0..32]). */
    public static byte[] reportData(byte[] statement) {
        return WorkloadKeyset.sha256(statement);
    }

    /** The earlier form's {@code workload_id}: {@code "sha256:" + hex(SHA-256(JCS({algo, public_key})))}. */
    public static String workloadId(KeysetKey identity) {
        ObjectNode o = Json.object().put("algo", identity.algo()).put("public_key", identity.publicKey());
        return "sha256:" + Hex.encode(WorkloadKeyset.sha256(Jcs.canonicalize(o, Jcs.Numbers.EXACT_INTEGERS)));
    }

    /** The bytes the earlier form's identity key signs to endorse a keyset. */
    public static byte[] endorsementPayload(String keysetDigest) {
        ObjectNode o = Json.object().put("purpose", ENDORSEMENT_PURPOSE).put("workload_keyset_digest", keysetDigest);
        return Jcs.canonicalize(o, Jcs.Numbers.EXACT_INTEGERS);
    }

    /** Whether {@code s} is {@code sha256:} and 64 lower-case hex digits. */
    public static boolean isDigest(String s) {
        return s != null && s.startsWith("sha256:") && isLowerHex(s.substring(7), 64);
    }

    private static boolean isLowerHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

}
