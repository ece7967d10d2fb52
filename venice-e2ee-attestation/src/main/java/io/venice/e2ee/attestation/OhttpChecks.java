package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.attestation.ohttp.OhttpAttestation;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Set;

import static io.venice.e2ee.attestation.CheckRun.Verdict.fail;
import static io.venice.e2ee.attestation.CheckRun.Verdict.pass;
import static io.venice.e2ee.attestation.CheckRun.Verdict.skip;

/**
 * The OHTTP check: {@code ohttp_attestation} is an Ed25519 signature of the raw key configuration by its signing key,
 * and the flat {@code ohttp_key_config} is the configuration signed. Whether the quote binds that key is a fact, not a
 * pass: a quote requested with {@code signing_algo=ecdsa} (Venice's) binds the secp256k1 key instead.
 */
final class OhttpChecks implements CheckFamily {
    @Override
    public String name() {
        return "ohttp";
    }

    @Override
    public Set<String> measurements() {
        return Set.of();
    }

    @Override
    public void run(VerificationInput input, CheckRun run) {
        AttestationReport r = input.report();
        run.run(BuiltInCheck.OHTTP_SIGNATURE, () -> {
            OhttpAttestation o = r.ohttpAttestation().read().orElse(null);
            if (o == null) {
                return skip("the evidence serves no ohttp_attestation");
            }
            boolean valid = o.signatureValid();
            EvidenceFacts.Ohttp fact = binding(r, o, valid);
            run.facts().ohttp(fact);
            if (!valid) {
                return fail("ohttp_attestation.signature is not signing_key's Ed25519 signature of the key"
                        + " configuration");
            }
            byte[] flat = r.ohttpKeyConfig().read().orElse(null);
            if (flat != null && !Arrays.equals(flat, o.keyConfigBytes())) {
                return fail("the flat ohttp_key_config differs from the key configuration ohttp_attestation signs");
            }
            return pass("ohttp_attestation signs the key configuration (key id " + o.keyConfig().keyId() + ") with"
                    + " Ed25519 key " + Hex.encode(o.signingKey()) + "; " + (fact.binding()
                    == EvidenceFacts.Binding.BOUND_BY_QUOTE ? "" : "NOT ") + "bound by the quote: " + fact.why());
        });
    }

    /** Whether the quote's REPORTDATA binds the OHTTP signing key, and why (not) in one sentence. */
    private static EvidenceFacts.Ohttp binding(AttestationReport r, OhttpAttestation o, boolean valid) throws Exception {
        String key = Hex.encode(o.signingKey());
        String algo = r.signingAlgo().toOptional().orElse(null);
        if ("ecdsa".equalsIgnoreCase(algo)) {
            return new EvidenceFacts.Ohttp(key, valid, EvidenceFacts.Binding.NOT_BOUND, "the quote was requested with"
                    + " signing_algo ecdsa and binds the secp256k1 key's address, not this Ed25519 key");
        }
        byte[] quote = r.intelQuote().toOptional().orElse(null);
        if (quote == null) {
            return new EvidenceFacts.Ohttp(key, valid, EvidenceFacts.Binding.NOT_BOUND, "the evidence has no quote");
        }
        byte[] bound;
        try {
            bound = Arrays.copyOf(TdxQuote.parse(quote).body().reportData(), 32);
        } catch (AttestationException e) {
            return new EvidenceFacts.Ohttp(key, valid, EvidenceFacts.Binding.NOT_BOUND, "the quote cannot be read");
        }
        if (MessageDigest.isEqual(bound, o.signingKey())) {
            return new EvidenceFacts.Ohttp(key, valid, EvidenceFacts.Binding.BOUND_BY_QUOTE,
                    "REPORTDATA[0..32] is this key");
        }
        String fingerprint = r.tlsCertFingerprint().toOptional().orElse(null);
        if (fingerprint != null && Hex.isHex(fingerprint)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(o.signingKey());
            sha.update(Hex.decode(fingerprint));
            if (MessageDigest.isEqual(bound, sha.digest())) {
                return new EvidenceFacts.Ohttp(key, valid, EvidenceFacts.Binding.BOUND_BY_QUOTE,
                        "REPORTDATA[0..32] is SHA-256(this key ‖ tls_cert_fingerprint)");
            }
        }
        return new EvidenceFacts.Ohttp(key, valid, EvidenceFacts.Binding.NOT_BOUND,
                "REPORTDATA[0..32] binds neither this key nor SHA-256(this key ‖ tls_cert_fingerprint)");
    }
}
