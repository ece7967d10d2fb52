package io.venice.e2ee.attestation.aci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.error.AttestationException.MalformedEvidence;
import io.venice.e2ee.attestation.internal.JsonFields;
import io.venice.e2ee.attestation.jcs.CanonicalizationException;
import io.venice.e2ee.attestation.jcs.Jcs;
import io.venice.e2ee.crypto.Hex;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ACI workload keyset: the receipt-signing, E2EE and TLS keys a gateway serves under, in either generation, and its
 * digest {@code "sha256:" + hex(SHA-256(JCS(keyset)))} over the keyset as parsed (unknown members included).
 *
 * <p>Integers are read exactly. A relay that parsed the JSON as JavaScript numbers turns u64::MAX
 * (18446744073709551615, the gateway's "no expiry") into 18446744073709552000, which no gateway writes; that one value
 * of a u64 member ({@code not_after}, {@code keyset_epoch.not_after}, {@code keyset_epoch.version}) is put back before
 * hashing and reported ({@link #repairs()}). Any other value outside 0..u64::MAX, and any number with a fraction or an
 * exponent, is refused. Immutable.
 */
public final class WorkloadKeyset {
    /** u64::MAX, the gateway's "no expiry". */
    public static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    /** u64::MAX as a JavaScript relay writes it after reading it as a double. */
    public static final BigInteger U64_MAX_AS_JAVASCRIPT_WRITES_IT = new BigInteger("18446744073709552000");

    private static final JsonFields FIELDS = new JsonFields(MalformedEvidence::new);

    private final AciGeneration generation;
    private final JsonNode node;
    private final String digest;
    private final String subject;
    private final BigInteger notAfter;
    private final BigInteger epochVersion;
    private final KeysetKey identity;
    private final List<KeysetKey> receiptSigningKeys;
    private final List<KeysetKey> e2eePublicKeys;
    private final List<TlsKey> tlsPublicKeys;
    private final List<String> repairs;

    private WorkloadKeyset(AciGeneration generation, JsonNode node, String digest, String subject, BigInteger notAfter,
                           BigInteger epochVersion, KeysetKey identity, List<KeysetKey> receiptSigningKeys,
                           List<KeysetKey> e2eePublicKeys, List<TlsKey> tlsPublicKeys, List<String> repairs) {
        this.generation = generation;
        this.node = node;
        this.digest = digest;
        this.subject = subject;
        this.notAfter = notAfter;
        this.epochVersion = epochVersion;
        this.identity = identity;
        this.receiptSigningKeys = receiptSigningKeys;
        this.e2eePublicKeys = e2eePublicKeys;
        this.tlsPublicKeys = tlsPublicKeys;
        this.repairs = repairs;
    }

    /**
     * Reads the keyset object {@code keyset} found at {@code path}: the earlier form when it has
     * {@code workload_identity} or {@code keyset_epoch}, the current form otherwise.
     *
     * @throws MalformedEvidence naming the member that cannot be read, or an integer that is not exact
     */
    public static WorkloadKeyset read(JsonNode keyset, String path) {
        if (keyset == null || !keyset.isObject()) {
            throw new MalformedEvidence(path, "must be an object");
        }
        ObjectNode copy = keyset.deepCopy();
        List<String> repairs = new ArrayList<>();
        boolean earlier = copy.has("workload_identity") || copy.has("keyset_epoch");
        KeysetKey identity = null;
        BigInteger notAfter;
        BigInteger version = null;
        if (earlier) {
            JsonNode wi = required(copy, "workload_identity", path);
            JsonNode pk = required(wi, "public_key", path + ".workload_identity");
            identity = new KeysetKey("", FIELDS.requiredText(pk, "algo", path + ".workload_identity.public_key.algo"),
                    FIELDS.requiredText(pk, "public_key", path + ".workload_identity.public_key.public_key"));
            ObjectNode epoch = (ObjectNode) required(copy, "keyset_epoch", path);
            version = u64(epoch, "version", path + ".keyset_epoch.version", repairs);
            notAfter = u64(epoch, "not_after", path + ".keyset_epoch.not_after", repairs);
        } else {
            notAfter = u64(copy, "not_after", path + ".not_after", repairs);
        }
        String subject = earlier ? FIELDS.text(copy.path("workload_identity"), "subject", path
                + ".workload_identity.subject") : FIELDS.text(copy, "subject", path + ".subject");
        List<KeysetKey> receipt = keys(copy, "receipt_signing_keys", path);
        List<KeysetKey> e2ee = keys(copy, "e2ee_public_keys", path);
        List<TlsKey> tls = new ArrayList<>();
        JsonNode t = FIELDS.array(copy, "tls_public_keys", path + ".tls_public_keys");
        if (t != null) {
            for (int i = 0; i < t.size(); i++) {
                String at = path + ".tls_public_keys[" + i + "]";
                if (!t.get(i).isObject()) {
                    throw new MalformedEvidence(at, "must be an object");
                }
                tls.add(new TlsKey(FIELDS.requiredText(t.get(i), "spki_sha256", at + ".spki_sha256"),
                        FIELDS.text(t.get(i), "domain", at + ".domain")));
            }
        }
        String digest;
        try {
            digest = "sha256:" + Hex.encode(sha256(Jcs.canonicalize(copy, Jcs.Numbers.EXACT_INTEGERS)));
        } catch (CanonicalizationException e) {
            throw new MalformedEvidence(path, "has no canonical form: " + e.getMessage());
        }
        return new WorkloadKeyset(earlier ? AciGeneration.EARLIER : AciGeneration.CURRENT, copy, digest, subject,
                notAfter, version, identity, List.copyOf(receipt), List.copyOf(e2ee), List.copyOf(tls),
                List.copyOf(repairs));
    }

    private static JsonNode required(JsonNode node, String key, String path) {
        JsonNode v = FIELDS.object(node, key, path + "." + key);
        if (v == null) {
            throw new MalformedEvidence(path + "." + key, "is missing");
        }
        return v;
    }

    /** An exact unsigned 64-bit integer, with the one JavaScript rounding of u64::MAX put back. */
    private static BigInteger u64(ObjectNode node, String key, String path, List<String> repairs) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            throw new MalformedEvidence(path, "is missing");
        }
        if (!v.isIntegralNumber()) {
            throw new MalformedEvidence(path, "must be an exact integer (" + v.asText() + " is not one: the document"
                    + " was re-written on the way, so its digest cannot be recomputed)");
        }
        BigInteger b = v.bigIntegerValue();
        if (b.equals(U64_MAX_AS_JAVASCRIPT_WRITES_IT)) {
            node.put(key, U64_MAX);
            repairs.add(path);
            return U64_MAX;
        }
        if (b.signum() < 0 || b.compareTo(U64_MAX) > 0) {
            throw new MalformedEvidence(path, "must be an integer from 0 to 18446744073709551615, got " + b);
        }
        return b;
    }

    private static List<KeysetKey> keys(JsonNode keyset, String key, String path) {
        List<KeysetKey> out = new ArrayList<>();
        JsonNode a = FIELDS.array(keyset, key, path + "." + key);
        if (a == null) {
            return out;
        }
        for (int i = 0; i < a.size(); i++) {
            String at = path + "." + key + "[" + i + "]";
            JsonNode k = a.get(i);
            if (!k.isObject()) {
                throw new MalformedEvidence(at, "must be an object");
            }
            out.add(new KeysetKey(FIELDS.requiredText(k, "key_id", at + ".key_id"),
                    FIELDS.requiredText(k, "algo", at + ".algo"), FIELDS.requiredText(k, "public_key",
                    at + ".public_key")));
        }
        return out;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The generation of its form. */
    public AciGeneration generation() {
        return generation;
    }

    /** The keyset as hashed (after any repair; a copy). */
    public JsonNode json() {
        return node.deepCopy();
    }

    /** {@code "sha256:" + hex(SHA-256(JCS(keyset)))}, recomputed here. */
    public String digest() {
        return digest;
    }

    /** {@code subject} (the earlier form's {@code workload_identity.subject}), when served. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** The first second the keyset is no longer accepted ({@code not_after}, or {@code keyset_epoch.not_after}). */
    public BigInteger notAfter() {
        return notAfter;
    }

    /** Whether the keyset is expired at {@code time}: {@code time >= not_after}, as the gateway decides. */
    public boolean expiredAt(Instant time) {
        return BigInteger.valueOf(time.getEpochSecond()).compareTo(notAfter) >= 0;
    }

    /** The earlier form's {@code keyset_epoch.version}. */
    public Optional<BigInteger> epochVersion() {
        return Optional.ofNullable(epochVersion);
    }

    /** The earlier form's identity key ({@code workload_identity.public_key}, no key id). */
    public Optional<KeysetKey> identity() {
        return Optional.ofNullable(identity);
    }

    /** {@code receipt_signing_keys}. */
    public List<KeysetKey> receiptSigningKeys() {
        return receiptSigningKeys;
    }

    /** {@code e2ee_public_keys}. */
    public List<KeysetKey> e2eePublicKeys() {
        return e2eePublicKeys;
    }

    /** {@code tls_public_keys}. */
    public List<TlsKey> tlsPublicKeys() {
        return tlsPublicKeys;
    }

    /** The receipt key {@code keyId}, when the keyset lists one. */
    public Optional<KeysetKey> receiptKey(String keyId) {
        return receiptSigningKeys.stream().filter(k -> k.keyId().equals(keyId)).findFirst();
    }

    /** The paths of the u64 members whose JavaScript-rounded u64::MAX was put back before hashing. */
    public List<String> repairs() {
        return repairs;
    }
}
