package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.aci.AciEnvelope;
import io.venice.e2ee.attestation.aci.AciEvidence;
import io.venice.e2ee.attestation.aci.AciStatements;
import io.venice.e2ee.attestation.aci.KeysetKey;
import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Set;

import static io.venice.e2ee.attestation.CheckRun.Verdict.fail;
import static io.venice.e2ee.attestation.CheckRun.Verdict.pass;
import static io.venice.e2ee.attestation.CheckRun.Verdict.skip;

/**
 * The checks of an ACI envelope in Venice's attestation response ({@code -p} models): its keyset digest recomputes,
 * and its copy of the quote and report data is the verified quote's. What that quote binds is stated in the facts: the
 * legacy address ‖ zeros ‖ nonce, never the keyset, so the keyset's keys are reported as not attested here (the
 * gateway's own ACI attestation, verified with our nonce by {@link AciGatewayVerification}, attests them).
 */
final class AciChecks implements CheckFamily {
    @Override
    public String name() {
        return "aci";
    }

    @Override
    public Set<String> measurements() {
        return Set.of();
    }

    @Override
    public void run(VerificationInput input, CheckRun run) {
        AttestationReport r = input.report();
        run.run(BuiltInCheck.ACI_KEYSET_DIGEST, () -> {
            AciEnvelope aci = r.aci().read().orElse(null);
            if (aci == null) {
                return skip("the evidence is not an ACI envelope (no api_version)");
            }
            String computed = aci.keyset().digest();
            run.facts().aci(new EvidenceFacts.Aci(aci.generation().label(), computed,
                    !aci.keyset().repairs().isEmpty(), quoteBinds(r, aci, input.context()), false));
            String repaired = aci.keyset().repairs().isEmpty() ? "" : " (after putting back u64::MAX, which a"
                    + " JavaScript relay had rounded, at " + String.join(", ", aci.keyset().repairs()) + ")";
            return computed.equals(aci.servedKeysetDigest())
                    ? pass("workload_keyset_digest is the SHA-256 of the JCS of the " + aci.generation().label()
                    + "-form keyset" + repaired + "; the keyset is not attested by this response")
                    : fail("workload_keyset_digest " + aci.servedKeysetDigest() + " is not the keyset's digest "
                    + computed + repaired + ": the keyset served is not the one the gateway described");
        });
        run.run(BuiltInCheck.ACI_QUOTE_BINDING, () -> {
            AciEnvelope aci = r.aci().read().orElse(null);
            if (aci == null) {
                return skip("the evidence is not an ACI envelope (no api_version)");
            }
            byte[] quote = r.intelQuote().read().orElse(null);
            if (quote == null) {
                return fail("the evidence has no intel_quote");
            }
            byte[] rd = TdxQuote.parse(quote).body().reportData();
            AciEvidence ev = aci.evidence().orElse(null);
            if (ev != null && ev.quote() != null) {
                byte[] nested = AttestationReport.parse(Json.object().put("intel_quote", ev.quote()).toString(),
                        input.policy().limits())
                        .intelQuote().toOptional().orElse(null);
                if (nested == null) {
                    return fail("attestation.evidence.quote is neither hex nor base64");
                }
                if (!Arrays.equals(nested, quote)) {
                    return fail("attestation.evidence.quote is not the intel_quote that was verified");
                }
            }
            byte[] served = aci.reportData().orElse(null);
            if (served != null && !MessageDigest.isEqual(served, served.length == 64 ? rd : Arrays.copyOf(rd, 32))) {
                return fail("attestation.report_data is not the quote's REPORTDATA");
            }
            byte[] qrd = ev == null ? null : ev.quoteReportData();
            if (qrd != null && !MessageDigest.isEqual(qrd, qrd.length == 64 ? rd : Arrays.copyOf(rd, 32))) {
                return fail("attestation.evidence.quote_report_data is not the quote's REPORTDATA");
            }
            return pass("the envelope's quote and report data are the verified quote's, which binds "
                    + quoteBinds(r, aci, input.context()) + legacyKeyListed(r, aci));
        }, BuiltInCheck.TDX_QUOTE_PARSE, BuiltInCheck.TDX_QUOTE_SIGNATURE);
    }

    /** What the response's quote binds, in words. */
    static String quoteBinds(AttestationReport r, AciEnvelope aci, VerificationContext ctx) {
        byte[] quote = r.intelQuote().toOptional().orElse(null);
        if (quote == null) {
            return "nothing: the response has no quote";
        }
        byte[] rd;
        try {
            rd = TdxQuote.parse(quote).body().reportData();
        } catch (AttestationException e) {
            return "nothing readable: the quote does not parse";
        }
        SigningKey key = r.signingKey().toOptional().orElse(null);
        if (key != null && Arrays.equals(Arrays.copyOf(rd, 20), key.address().bytes())
                && Arrays.equals(Arrays.copyOfRange(rd, 20, 32), new byte[12])) {
            return "the legacy secp256k1 key's address ‖ zeros ‖ nonce, not the workload keyset: its receipt,"
                    + " X25519 and TLS keys are not attested by this response";
        }
        byte[] nonce = ctx.expectedNonce();
        if (nonce != null && aci.generation() == io.venice.e2ee.attestation.aci.AciGeneration.CURRENT
                && Arrays.equals(Arrays.copyOfRange(rd, 32, 64), new byte[32])) {
            byte[] statement = AciStatements.current(aci.keyset().digest(), Hex.encode(nonce));
            if (MessageDigest.isEqual(Arrays.copyOf(rd, 32), AciStatements.reportData(statement))) {
                return "the ACI statement of this keyset with our nonce (verify the gateway's attestation to use the"
                        + " keyset)";
            }
        }
        return "neither the legacy key's address nor an ACI statement of this keyset with our nonce";
    }

    private static String legacyKeyListed(AttestationReport r, AciEnvelope aci) {
        SigningKey key = r.signingKey().toOptional().orElse(null);
        if (key == null) {
            return "";
        }
        for (KeysetKey k : aci.keyset().e2eePublicKeys()) {
            String pub = k.publicKey().toLowerCase(java.util.Locale.ROOT);
            if (pub.equals(key.hex()) || pub.equals(key.hex().substring(2))) {
                return "; the keyset lists the legacy key as " + k.keyId();
            }
        }
        return "; the keyset does not list the legacy key";
    }
}
