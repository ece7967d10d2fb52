package io.venice.e2ee.attestation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.aci.AciEnvelope;
import io.venice.e2ee.attestation.aci.AciEvidence;
import io.venice.e2ee.attestation.aci.AciGeneration;
import io.venice.e2ee.attestation.aci.AciStatements;
import io.venice.e2ee.attestation.aci.KeysetKey;
import io.venice.e2ee.attestation.aci.WorkloadKeyset;
import io.venice.e2ee.attestation.ed25519.Ed25519;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

import static io.venice.e2ee.attestation.CheckRun.Verdict.fail;
import static io.venice.e2ee.attestation.CheckRun.Verdict.pass;
import static io.venice.e2ee.attestation.CheckRun.Verdict.skip;

/**
 * Verifies, offline, a gateway's own ACI attestation ({@code GET /v1/aci/attestation?nonce=<64 lower-case hex>} on
 * the gateway that fronts Venice's {@code -p} models), which is what attests its workload keyset: Venice's response
 * binds only the legacy key. The quote passes the same TDX checks as a model quote (DCAP at the policy's level, event
 * log, app compose), its REPORTDATA is {@code SHA-256(statement) ‖ 0³²} where the statement names the keyset's
 * recomputed digest and our nonce, the keyset is not expired, and it is the keyset Venice relayed when that is given.
 * Only then is an {@link AttestedKeyset} issued. Fetching the document is the caller's (any host; the nonce must be
 * fresh, 32 bytes, sent as lower-case hex).
 */
public final class AciGatewayVerification {
    /** The checks only this verification reports (an attestation response's verification never does). */
    static final Set<BuiltInCheck> GATEWAY_CHECKS = java.util.Collections.unmodifiableSet(java.util.EnumSet.of(
            BuiltInCheck.ACI_GATEWAY_ENVELOPE, BuiltInCheck.ACI_GATEWAY_KEYSET_DIGEST,
            BuiltInCheck.ACI_GATEWAY_WORKLOAD_ID, BuiltInCheck.ACI_GATEWAY_REPORTDATA,
            BuiltInCheck.ACI_GATEWAY_KEYSET_EXPIRY, BuiltInCheck.ACI_GATEWAY_KEYSET_MATCH,
            BuiltInCheck.ACI_GATEWAY_ENDORSEMENT));

    private AciGatewayVerification() {
    }

    /**
     * Verifies {@code json} with the nonce and time of {@code ctx} under {@code policy}.
     *
     * @param expectedKeysetDigest the {@code workload_keyset_digest} Venice relayed (checked equal), or null to attest
     *                             the gateway's keyset on its own
     */
    public static AciGatewayReport verify(String json, String expectedKeysetDigest, VerificationPolicy policy,
                                          VerificationContext ctx) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(ctx, "ctx");
        return new Session(json, expectedKeysetDigest, policy, ctx).run();
    }

    /** Verifies {@code json} as {@link #verify(String, String, VerificationPolicy, VerificationContext)} does. */
    public static AciGatewayReport verify(byte[] json, String expectedKeysetDigest, VerificationPolicy policy,
                                          VerificationContext ctx) {
        Objects.requireNonNull(json, "json");
        return verify(new String(json, StandardCharsets.UTF_8), expectedKeysetDigest, policy, ctx);
    }

    /** State of one verification. */
    private static final class Session {
        private final String json;
        private final String expected;
        private final VerificationPolicy policy;
        private final VerificationContext ctx;
        private final Findings findings = new Findings();
        private final CheckRun run;
        private AciEnvelope env;

        Session(String json, String expected, VerificationPolicy policy, VerificationContext ctx) {
            this.json = json;
            this.expected = expected;
            this.policy = policy;
            this.ctx = ctx;
            this.run = new CheckRun(findings, policy.level(), Set.of());
        }

        AciGatewayReport run() {
            run.run(BuiltInCheck.ACI_GATEWAY_ENVELOPE, this::envelope);
            if (env != null) {
                TdxChecks tdx = new TdxChecks();
                tdx.run(new VerificationInput(quoteEvidence(env.evidence().orElseThrow(), policy.limits()), policy, ctx),
                        new CheckRun(findings, policy.level(), tdx.measurements()));
            }
            BuiltInCheck envelope = BuiltInCheck.ACI_GATEWAY_ENVELOPE;
            run.run(BuiltInCheck.ACI_GATEWAY_KEYSET_DIGEST, this::keysetDigest, envelope);
            run.run(BuiltInCheck.ACI_GATEWAY_WORKLOAD_ID, this::workloadId, envelope);
            run.run(BuiltInCheck.ACI_GATEWAY_REPORTDATA, this::reportData, envelope, BuiltInCheck.TDX_QUOTE_PARSE,
                    BuiltInCheck.TDX_QUOTE_SIGNATURE);
            run.run(BuiltInCheck.ACI_GATEWAY_KEYSET_EXPIRY, this::expiry, envelope);
            run.run(BuiltInCheck.ACI_GATEWAY_KEYSET_MATCH, this::match, envelope);
            run.run(BuiltInCheck.ACI_GATEWAY_ENDORSEMENT, this::endorsement, envelope);

            Set<String> required = required();
            Set<String> dropped = new LinkedHashSet<>();
            SecondQuote.REPORTDATA_CHECKS.forEach(c -> dropped.add(c.id()));
            List<VerificationReport.Check> checks = findings.checks().stream()
                    .filter(c -> !dropped.contains(c.id())).toList();
            boolean attested = env != null && run.passed(BuiltInCheck.ACI_GATEWAY_REPORTDATA);
            VerificationReport report = new VerificationReport(policy.level(), required, checks,
                    findings.measurements(), facts(attested));
            attested &= report.passed();
            return new AciGatewayReport(report, attested ? new AttestedKeyset(env.keyset(), ctx.at(),
                    policy.level()) : null);
        }

        private Set<String> required() {
            Set<String> out = new LinkedHashSet<>();
            out.add(BuiltInCheck.ACI_GATEWAY_ENVELOPE.id());
            for (String id : policy.requiredChecks()) {
                if (id.startsWith("tdx.") && SecondQuote.REPORTDATA_CHECKS.stream().noneMatch(c -> c.id().equals(id))) {
                    out.add(id);
                }
            }
            out.add(BuiltInCheck.ACI_GATEWAY_KEYSET_DIGEST.id());
            if (env != null && env.generation() == AciGeneration.EARLIER) {
                out.add(BuiltInCheck.ACI_GATEWAY_WORKLOAD_ID.id());
            }
            if (policy.level().includes(BuiltInCheck.ACI_GATEWAY_REPORTDATA.level())) {
                out.add(BuiltInCheck.ACI_GATEWAY_REPORTDATA.id());
            }
            out.add(BuiltInCheck.ACI_GATEWAY_KEYSET_EXPIRY.id());
            if (expected != null) {
                out.add(BuiltInCheck.ACI_GATEWAY_KEYSET_MATCH.id());
            }
            return out;
        }

        private EvidenceFacts facts(boolean attested) {
            EvidenceFacts.Builder b = new EvidenceFacts.Builder();
            if (env == null) {
                return b.build();
            }
            b.aci(new EvidenceFacts.Aci(env.generation().label(), env.keyset().digest(),
                    !env.keyset().repairs().isEmpty(), attested ? "the ACI statement of this keyset with our nonce"
                    : "not shown: the checks above did not pass", attested));
            env.evidence().flatMap(AciEvidence::vmConfigValue).ifPresent(v -> {
                OptionalLong gpus = v.numGpus();
                if (gpus.isPresent()) {
                    b.decryption(new EvidenceFacts.Decryption(gpus.getAsLong() == 0 ? EvidenceFacts.Site.TEE_GATEWAY
                            : EvidenceFacts.Site.GPU_TD, gpus, "attestation.evidence.vm_config"));
                }
            });
            return b.build();
        }

        /** The quote's evidence as the TDX family reads a model's: quote, event log, app compose. */
        private static AttestationReport quoteEvidence(AciEvidence ev, EvidenceLimits limits) {
            ObjectNode o = Json.object().put("intel_quote", ev.quote());
            if (ev.eventLog() != null) {
                o.set("event_log", ev.eventLog());
            }
            if (ev.appCompose() != null) {
                o.putObject("info").putObject("tcb_info").put("app_compose", ev.appCompose());
            }
            return AttestationReport.parse(o.toString(), limits);
        }

        private CheckRun.Verdict envelope() {
            JsonNode root;
            try {
                root = Json.read(json);
            } catch (JsonProcessingException e) {
                return fail("the gateway's attestation is not JSON: " + Json.problem(e));
            }
            if (root == null || !root.isObject()) {
                return fail("the gateway's attestation is not a JSON object");
            }
            AciEnvelope e = AciEnvelope.read(root);
            if (e == null) {
                return fail("the document is not an ACI attestation (no api_version, no attestation)");
            }
            AciEvidence ev = e.evidence().orElse(null);
            if (ev == null || ev.quote() == null) {
                return fail("the ACI attestation has no attestation.evidence.quote");
            }
            String tee = e.teeType().orElse("tdx");
            if (!tee.equals("tdx")) {
                return fail("attestation.tee_type is '" + tee + "'; only tdx quotes are verified");
            }
            env = e;
            return pass(AciEnvelope.API_VERSION + " attestation, " + e.generation().label() + " form: "
                    + e.keyset().receiptSigningKeys().size() + " receipt, " + e.keyset().e2eePublicKeys().size()
                    + " E2EE and " + e.keyset().tlsPublicKeys().size() + " TLS keys");
        }

        private CheckRun.Verdict keysetDigest() {
            String computed = env.keyset().digest();
            String repaired = env.keyset().repairs().isEmpty() ? "" : " (after putting back u64::MAX at "
                    + String.join(", ", env.keyset().repairs()) + ")";
            return computed.equals(env.servedKeysetDigest())
                    ? pass("workload_keyset_digest is the keyset's digest " + computed + repaired)
                    : fail("workload_keyset_digest " + env.servedKeysetDigest() + " is not the keyset's digest "
                    + computed + repaired);
        }

        private CheckRun.Verdict workloadId() {
            if (env.generation() != AciGeneration.EARLIER) {
                return skip("the current form has no workload id: the keyset is the identity");
            }
            String computed = AciStatements.workloadId(env.keyset().identity().orElseThrow());
            String served = env.workloadId().orElseThrow();
            return computed.equals(served) ? pass("workload_id is the digest of the identity key " + computed)
                    : fail("workload_id " + served + " is not the digest of the identity key " + computed);
        }

        private CheckRun.Verdict reportData() {
            byte[] nonce = ctx.expectedNonce();
            if (nonce == null) {
                return fail("no expected nonce was given: pass the nonce sent with the request");
            }
            String nonceHex = Hex.encode(nonce);
            byte[] statement = env.generation() == AciGeneration.CURRENT
                    ? AciStatements.current(env.keyset().digest(), nonceHex)
                    : AciStatements.earlier(env.workloadId().orElseThrow(), env.keyset().digest(), nonceHex);
            byte[] expect = AciStatements.reportData(statement);
            byte[] rd = TdxQuote.parse(quoteEvidence(env.evidence().orElseThrow(), policy.limits()).intelQuote()
                    .read().orElseThrow()).body().reportData();
            String text = new String(statement, StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(Arrays.copyOf(rd, 32), expect)) {
                return fail("REPORTDATA[0..32] is not SHA-256(" + text + "): the quote binds another keyset or another"
                        + " nonce (not made for this request)");
            }
            if (!Arrays.equals(Arrays.copyOfRange(rd, 32, 64), new byte[32])) {
                return fail("REPORTDATA[32..64] is not zero");
            }
            byte[] served = env.reportData().orElse(null);
            if (served != null && !MessageDigest.isEqual(served, served.length == 32 ? expect : rd)) {
                return fail("attestation.report_data is not the statement's hash");
            }
            byte[] qrd = env.evidence().orElseThrow().quoteReportData();
            if (qrd != null && !MessageDigest.isEqual(qrd, qrd.length == 64 ? rd : expect)) {
                return fail("attestation.evidence.quote_report_data is not the quote's REPORTDATA");
            }
            return pass("REPORTDATA is SHA-256(" + text + ") ‖ 32 zero bytes: the quote binds this keyset and our"
                    + " nonce");
        }

        private CheckRun.Verdict expiry() {
            Instant at = ctx.at();
            WorkloadKeyset ks = env.keyset();
            return ks.expiredAt(at) ? fail("the keyset expired at not_after " + ks.notAfter() + " (verified at " + at
                    + ")") : pass("the keyset is valid until not_after " + ks.notAfter() + " (verified at " + at + ")");
        }

        private CheckRun.Verdict match() {
            if (expected == null) {
                return skip("no keyset digest to match was given");
            }
            return expected.equals(env.keyset().digest())
                    ? pass("the gateway's keyset is the one Venice relayed (" + expected + ")")
                    : fail("the gateway's keyset is " + env.keyset().digest() + ", Venice relayed " + expected
                    + ": the keys Venice relayed are not this gateway's");
        }

        private CheckRun.Verdict endorsement() {
            if (env.generation() != AciGeneration.EARLIER) {
                return skip("the current form has no keyset endorsement");
            }
            String algo = env.endorsementAlgo().orElse(null);
            byte[] value = env.endorsement().orElse(null);
            if (algo == null || value == null) {
                return skip("the attestation serves no keyset_endorsement");
            }
            KeysetKey identity = env.keyset().identity().orElseThrow();
            if (!algo.equals("ed25519") || !identity.algo().equals("ed25519")) {
                return skip("a " + algo + " endorsement is not checked: the statement in the quote binds the keyset"
                        + " digest itself");
            }
            byte[] key;
            try {
                key = Hex.decode(identity.publicKey());
            } catch (IllegalArgumentException e) {
                return fail("the identity key is not hex");
            }
            return Ed25519.verify(key, AciStatements.endorsementPayload(env.keyset().digest()), value)
                    ? pass("keyset_endorsement is the identity key's Ed25519 signature of the keyset digest")
                    : fail("keyset_endorsement is not the identity key's signature of the keyset digest");
        }
    }

}
