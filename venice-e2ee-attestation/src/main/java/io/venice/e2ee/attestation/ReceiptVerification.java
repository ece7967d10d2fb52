package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.aci.AciEnvelope;
import io.venice.e2ee.attestation.aci.AciGeneration;
import io.venice.e2ee.attestation.aci.KeysetKey;
import io.venice.e2ee.attestation.aci.WorkloadKeyset;
import io.venice.e2ee.attestation.ReceiptReport.Check;
import io.venice.e2ee.attestation.ReceiptReport.Status;
import io.venice.e2ee.attestation.ed25519.Ed25519;
import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.attestation.receipt.LegacySignedText;
import io.venice.e2ee.attestation.receipt.Receipt;
import io.venice.e2ee.attestation.receipt.ReceiptEvent;
import io.venice.e2ee.attestation.receipt.SignatureResponse;
import io.venice.e2ee.crypto.Hex;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Checks the receipt in a {@code /tee/signature} answer (either generation) against what the session attested: its
 * Ed25519 signature over the JCS bytes its generation signs, by the key {@code key_id} names in the keyset (an
 * {@link AttestedKeyset} when the gateway's own attestation was verified, else the keyset Venice relayed, whose keys
 * are then reported as not attested), that keyset's digest, the model and completion it is for, its legacy text's
 * hashes, and where the completion ran. The legacy EIP-191 signature's signer is recovered elsewhere (it needs a
 * secp256k1 recovery engine); this checks that the answer names the attested address and that the signed text agrees
 * with the receipt.
 */
public final class ReceiptVerification {

    private ReceiptVerification() {
    }

    private static String sha256(byte[] bytes) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** What the receipt is checked against. Build with {@link #inputs()}. */
    public static final class Inputs {
        private final AttestationReport attestation;
        private final AttestedKeyset attestedKeyset;
        private final String requestedModel;
        private final String requestId;
        private final String requestSha256;
        private final String responseSha256;

        private Inputs(Builder b) {
            this.attestation = b.attestation;
            this.attestedKeyset = b.attestedKeyset;
            this.requestedModel = b.requestedModel;
            this.requestId = b.requestId;
            this.requestSha256 = b.requestSha256;
            this.responseSha256 = b.responseSha256;
        }

        /** Builds {@link Inputs}. */
        public static final class Builder {
            private AttestationReport attestation;
            private AttestedKeyset attestedKeyset;
            private String requestedModel;
            private String requestId;
            private String requestSha256;
            private String responseSha256;

            private Builder() {
            }

            /**
             * The attestation the session verified: its signing address, the model it names and, for gateway-fronted
             * models, the keyset Venice relayed.
             */
            public Builder attestation(AttestationReport attestation) {
                this.attestation = Objects.requireNonNull(attestation, "attestation");
                return this;
            }

            /** The keyset the gateway's own attestation attested ({@link AciGatewayVerification}). */
            public Builder attestedKeyset(AttestedKeyset keyset) {
                this.attestedKeyset = Objects.requireNonNull(keyset, "keyset");
                return this;
            }

            /** The model id the completion was requested for. */
            public Builder requestedModel(String model) {
                this.requestedModel = Objects.requireNonNull(model, "model");
                return this;
            }

            /** The completion id the signature was asked for ({@code request_id}). */
            public Builder requestId(String id) {
                this.requestId = Objects.requireNonNull(id, "id");
                return this;
            }

            /**
             * The exact bytes the gateway hashed: the request body it processed and the bytes it returned. Only a
             * client that speaks to the gateway directly (or through a relay that forwards bytes unchanged) has them;
             * through Venice, which re-serializes both, leave them out and {@code receipt.body_hashes} is
             * {@code UNVERIFIABLE}. Given, the receipt's hashes must be theirs.
             */
            public Builder gatewayBodies(byte[] requestBody, byte[] returnedBytes) {
                this.requestSha256 = sha256(Objects.requireNonNull(requestBody, "requestBody"));
                this.responseSha256 = sha256(Objects.requireNonNull(returnedBytes, "returnedBytes"));
                return this;
            }

            /** The inputs. */
            public Inputs build() {
                return new Inputs(this);
            }
        }
    }

    /** A builder of the inputs. */
    public static Inputs.Builder inputs() {
        return new Inputs.Builder();
    }

    /**
     * Parses the answer of {@code /tee/signature} ({@code signatureJson}, as received) and checks it against
     * {@code inputs}.
     *
     * @throws AttestationException.MalformedReceipt naming the member of the answer or receipt that cannot be read
     */
    public static ReceiptReport verify(String signatureJson, Inputs inputs) {
        return verify(SignatureResponse.parse(signatureJson), inputs);
    }

    /** Checks {@code answer} against {@code inputs}. */
    public static ReceiptReport verify(SignatureResponse answer, Inputs inputs) {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(inputs, "inputs");
        return new Session(answer, inputs).run();
    }

    /** State of one check. */
    private static final class Session {
        private final SignatureResponse answer;
        private final Inputs in;
        private final Receipt receipt;
        private final List<Check> checks = new ArrayList<>();

        Session(SignatureResponse answer, Inputs in) {
            this.answer = answer;
            this.in = in;
            this.receipt = answer.receipt().orElse(null);
        }

        ReceiptReport run() {
            signingAddress();
            model();
            if (receipt == null) {
                add("receipt.present", Status.UNVERIFIABLE, "the answer carries no receipt: only the legacy"
                        + " signature speaks for this completion");
                return new ReceiptReport(checks, null);
            }
            add("receipt.present", Status.PASS, receipt.generation().label() + "-form receipt "
                    + receipt.receiptId().orElse("(no receipt_id)"));
            apiVersion();
            events();
            WorkloadKeyset keyset = keyset();
            KeysetKey key = key(keyset);
            keysetDigest(keyset);
            signature(key);
            attested(keyset, key);
            chatId();
            legacyText();
            bodyHashes();
            upstream();
            return new ReceiptReport(checks, receipt);
        }

        private void add(String id, Status status, String reason) {
            checks.add(new Check(id, status, reason));
        }

        private void signingAddress() {
            String served = answer.signingAddress().orElse(null);
            SigningKey key = in.attestation == null ? null : in.attestation.signingKey().toOptional().orElse(null);
            String algo = answer.signingAlgo().orElse("ecdsa");
            if (!algo.equalsIgnoreCase("ecdsa")) {
                add("receipt.signing_address", Status.UNVERIFIABLE, "the legacy signature is " + algo
                        + "; only an ecdsa signer is compared with the attested key");
            } else if (served == null || key == null) {
                add("receipt.signing_address", Status.UNVERIFIABLE, served == null ? "the answer names no"
                        + " signing_address" : "no attested key was given to compare with");
            } else if (key.address().matches(served)) {
                add("receipt.signing_address", Status.PASS, "the answer's signing_address is the attested key's "
                        + key.address());
            } else {
                add("receipt.signing_address", Status.FAIL, "the answer's signing_address " + served + " is not the"
                        + " attested key's " + key.address());
            }
        }

        private void model() {
            String requested = in.requestedModel;
            if (requested == null) {
                add("receipt.model", Status.UNVERIFIABLE, "no requested model was given to compare with");
                return;
            }
            String venice = answer.model().orElse(null);
            if (venice != null && !venice.equals(requested)) {
                add("receipt.model", Status.FAIL, "the answer is for model '" + venice + "', not the requested '"
                        + requested + "'");
                return;
            }
            String signed = receipt == null ? null : receipt.model().orElse(null);
            if (signed == null) {
                add("receipt.model", Status.PASS, venice == null ? "no model is named" : "the answer is for the"
                        + " requested model '" + requested + "'");
                return;
            }
            Set<String> allowed = new LinkedHashSet<>();
            allowed.add(requested.toLowerCase(Locale.ROOT));
            if (in.attestation != null) {
                in.attestation.modelName().toOptional().ifPresent(m -> allowed.add(m.toLowerCase(Locale.ROOT)));
                in.attestation.upstreamModel().toOptional().ifPresent(m -> allowed.add(m.toLowerCase(Locale.ROOT)));
            }
            if (allowed.contains(signed.toLowerCase(Locale.ROOT))) {
                add("receipt.model", Status.PASS, "the receipt is for model '" + signed + "', the one requested"
                        + (signed.equalsIgnoreCase(requested) ? "" : " as the attestation names it upstream"));
            } else {
                add("receipt.model", Status.FAIL, "the receipt is for model '" + signed + "', neither the requested '"
                        + requested + "' nor the attested upstream model: a substituted model");
            }
        }

        private void apiVersion() {
            if (AciEnvelope.API_VERSION.equals(receipt.apiVersion())) {
                add("receipt.api_version", Status.PASS, "api_version " + AciEnvelope.API_VERSION);
            } else {
                add("receipt.api_version", Status.FAIL, "api_version is '" + receipt.apiVersion() + "'; only "
                        + AciEnvelope.API_VERSION + " is defined");
            }
        }

        private void events() {
            List<ReceiptEvent> events = receipt.events();
            if (events.isEmpty() || !events.get(0).type().equals(ReceiptEvent.REQUEST_RECEIVED)) {
                add("receipt.events", Status.FAIL, "the first event is not " + ReceiptEvent.REQUEST_RECEIVED);
            } else if (receipt.event(ReceiptEvent.RESPONSE_RETURNED).isEmpty()) {
                add("receipt.events", Status.FAIL, "no " + ReceiptEvent.RESPONSE_RETURNED + " event: the receipt does"
                        + " not account for an answer");
            } else {
                add("receipt.events", Status.PASS, events.size() + " events from " + ReceiptEvent.REQUEST_RECEIVED
                        + " to " + ReceiptEvent.RESPONSE_RETURNED);
            }
        }

        /** The keyset the receipt key is looked up in: the attested one, else the one Venice relayed. */
        private WorkloadKeyset keyset() {
            if (in.attestedKeyset != null) {
                return in.attestedKeyset.keyset();
            }
            if (in.attestation == null) {
                return null;
            }
            try {
                return in.attestation.aci().read().map(AciEnvelope::keyset).orElse(null);
            } catch (AttestationException e) {
                return null;
            }
        }

        private KeysetKey key(WorkloadKeyset keyset) {
            if (keyset == null) {
                add("receipt.key", Status.UNVERIFIABLE, "no keyset was given (neither an attested keyset nor an"
                        + " attestation with an ACI envelope) to find key '" + receipt.keyId() + "' in");
                return null;
            }
            KeysetKey key = keyset.receiptKey(receipt.keyId()).orElse(null);
            if (key == null) {
                add("receipt.key", Status.FAIL, "the keyset lists no receipt key '" + receipt.keyId() + "'");
                return null;
            }
            if (!key.algo().equals("ed25519")) {
                add("receipt.key", Status.FAIL, "receipt key '" + key.keyId() + "' is " + key.algo() + "; only ed25519"
                        + " is defined");
                return null;
            }
            String claimed = receipt.algo().orElse(key.algo());
            if (!claimed.equals(key.algo())) {
                add("receipt.key", Status.FAIL, "the receipt says " + claimed + ", the keyset lists '" + key.keyId()
                        + "' as " + key.algo());
                return null;
            }
            add("receipt.key", Status.PASS, "'" + key.keyId() + "' is an ed25519 receipt key of keyset "
                    + keyset.digest());
            return key;
        }

        private void keysetDigest(WorkloadKeyset keyset) {
            if (keyset == null) {
                add("receipt.keyset", Status.UNVERIFIABLE, "no keyset was given to compare the receipt's with");
                return;
            }
            if (!receipt.workloadKeysetDigest().equals(keyset.digest())) {
                add("receipt.keyset", Status.FAIL, "the receipt names keyset " + receipt.workloadKeysetDigest()
                        + ", not " + keyset.digest());
                return;
            }
            if (receipt.generation() == AciGeneration.EARLIER && in.attestation != null) {
                String workloadId = in.attestation.aci().toOptional().flatMap(AciEnvelope::workloadId).orElse(null);
                String named = receipt.workloadId().orElse(null);
                if (workloadId != null && named != null && !workloadId.equals(named)) {
                    add("receipt.keyset", Status.FAIL, "the receipt names workload " + named + ", not " + workloadId);
                    return;
                }
            }
            add("receipt.keyset", Status.PASS, "the receipt names keyset " + keyset.digest());
        }

        private void signature(KeysetKey key) {
            if (key == null) {
                add("receipt.signature", Status.UNVERIFIABLE, "no receipt key to verify the signature with");
                return;
            }
            byte[] pub;
            try {
                pub = Hex.decode(key.publicKey());
            } catch (IllegalArgumentException e) {
                add("receipt.signature", Status.FAIL, "receipt key '" + key.keyId() + "' is not hex");
                return;
            }
            String over = receipt.generation() == AciGeneration.EARLIER
                    ? "the JCS of the receipt without signature.value" : "the JCS of the receipt without signature";
            if (Ed25519.verify(pub, receipt.signedBytes(), receipt.signature())) {
                add("receipt.signature", Status.PASS, "an Ed25519 signature by '" + key.keyId() + "' over " + over);
            } else {
                add("receipt.signature", Status.FAIL, "the signature is not '" + key.keyId() + "''s Ed25519"
                        + " signature over " + over);
            }
        }

        private void attested(WorkloadKeyset keyset, KeysetKey key) {
            if (in.attestedKeyset != null && keyset == in.attestedKeyset.keyset() && key != null
                    && receipt.workloadKeysetDigest().equals(in.attestedKeyset.digest())) {
                add("receipt.attested", Status.PASS, "the key is in keyset " + in.attestedKeyset.digest() + ", which"
                        + " the gateway's own attestation attested with our nonce");
            } else if (in.attestedKeyset != null) {
                add("receipt.attested", Status.UNVERIFIABLE, "the receipt's key or keyset is not the attested keyset "
                        + in.attestedKeyset.digest() + "'s");
            } else {
                add("receipt.attested", Status.UNVERIFIABLE, "the key is in the keyset Venice relayed, which Venice's"
                        + " quote does not bind: verify the gateway's /v1/aci/attestation with a fresh nonce to attest"
                        + " it");
            }
        }

        private void chatId() {
            if (in.requestId == null) {
                add("receipt.chat_id", Status.UNVERIFIABLE, "no completion id was given to compare with");
                return;
            }
            String chat = receipt.chatId().orElse(null);
            String id = receipt.receiptId().orElse(null);
            if (in.requestId.equals(chat) || in.requestId.equals(id)) {
                add("receipt.chat_id", Status.PASS, "the receipt is for completion " + in.requestId);
            } else {
                add("receipt.chat_id", Status.FAIL, "the receipt is for completion " + chat + " (receipt " + id
                        + "), not " + in.requestId);
            }
        }

        private void legacyText() {
            String text = answer.text().orElse(null);
            if (text == null) {
                add("receipt.legacy_text", Status.UNVERIFIABLE, "the answer has no legacy text");
                return;
            }
            LegacySignedText t;
            try {
                t = LegacySignedText.parse(text);
            } catch (AttestationException e) {
                add("receipt.legacy_text", Status.FAIL, e.getMessage());
                return;
            }
            String received = receipt.event(ReceiptEvent.REQUEST_RECEIVED).map(ReceiptEvent::bodyHash).orElse(null);
            String returned = receipt.event(ReceiptEvent.RESPONSE_RETURNED).map(ReceiptEvent::returnedHash)
                    .orElse(null);
            if (received == null || returned == null) {
                add("receipt.legacy_text", Status.UNVERIFIABLE, "the receipt lacks the request or response hash to"
                        + " compare the legacy text with");
            } else if (!bare(received).equals(t.requestHash()) || !bare(returned).equals(t.responseHash())) {
                add("receipt.legacy_text", Status.FAIL, "the legacy text's hashes are not the receipt's request"
                        + " and response hashes: the two signatures describe different exchanges");
            } else {
                add("receipt.legacy_text", Status.PASS, "the legacy text signs the receipt's request and response"
                        + " hashes" + t.modelPrefix().map(m -> " (for model " + m + ")").orElse(""));
            }
        }

        private void bodyHashes() {
            if (in.requestSha256 == null) {
                add("receipt.body_hashes", Status.UNVERIFIABLE, "not reproducible through Venice: the gateway hashes"
                        + " the request it decrypted and re-serialized and the bytes it sent to Venice, which Venice"
                        + " re-serializes; neither is what this client sent or received");
                return;
            }
            String received = receipt.event(ReceiptEvent.REQUEST_RECEIVED).map(ReceiptEvent::bodyHash).orElse(null);
            String returned = receipt.event(ReceiptEvent.RESPONSE_RETURNED).map(ReceiptEvent::returnedHash)
                    .orElse(null);
            if (received == null || !bare(received).equals(in.requestSha256)) {
                add("receipt.body_hashes", Status.FAIL, "the receipt's request.received hash is not the SHA-256 of"
                        + " the request body given (" + in.requestSha256 + ")");
            } else if (returned == null || !bare(returned).equals(in.responseSha256)) {
                add("receipt.body_hashes", Status.FAIL, "the receipt's response.returned hash is not the SHA-256 of"
                        + " the returned bytes given (" + in.responseSha256 + ")");
            } else {
                add("receipt.body_hashes", Status.PASS, "the receipt's request and response hashes are the SHA-256 of"
                        + " the bytes given");
            }
        }

        private void upstream() {
            List<ReceiptEvent> ups = receipt.events().stream()
                    .filter(e -> e.type().equals(ReceiptEvent.UPSTREAM_VERIFIED)).toList();
            if (ups.isEmpty()) {
                add("receipt.upstream", Status.UNVERIFIABLE, "the receipt does not say where the completion ran");
                return;
            }
            List<String> where = new ArrayList<>();
            for (ReceiptEvent u : ups) {
                String place = u.urlOrigin() != null ? u.urlOrigin() : u.upstreamName() != null ? u.upstreamName()
                        : "an unnamed upstream";
                if (!"verified".equals(u.result())) {
                    add("receipt.upstream", Status.FAIL, "the completion ran at " + place + ", which the gateway"
                            + " reports " + (u.result() == null ? "without a result" : "as " + u.result())
                            + (u.reason() == null ? "" : " (" + u.reason() + ")"));
                    return;
                }
                where.add(place + (u.modelId() == null ? "" : " (model " + u.modelId() + ")")
                        + (u.verifierId() == null ? "" : " verified by " + u.verifierId()));
            }
            add("receipt.upstream", Status.PASS, "the completion ran at " + String.join(", ", where)
                    + ", as the gateway states it (its own verification of the upstream, signed in the receipt)");
        }

        private static String bare(String hash) {
            String h = hash.startsWith("sha256:") ? hash.substring(7) : hash;
            return h.toLowerCase(Locale.ROOT);
        }
    }

}
