package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.compose.ActionsHash;
import io.venice.e2ee.attestation.compose.ComposeManagerEvidence;
import io.venice.e2ee.attestation.internal.Json;
import io.venice.e2ee.attestation.jcs.CanonicalizationException;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.venice.e2ee.attestation.CheckRun.Verdict.fail;
import static io.venice.e2ee.attestation.CheckRun.Verdict.pass;
import static io.venice.e2ee.attestation.CheckRun.Verdict.skip;

/**
 * The compose-manager checks: its quote passes the model quote's TDX checks at the policy's level (the same DCAP rules,
 * run by the same family); it comes from the same TD; its REPORTDATA is {@code actions_hash ‖ our nonce};
 * {@code actions_hash} is recomputed in each form seen in real evidence; its event log replays to its RTMRs. The
 * actions are added to the facts. Absent evidence skips every check (the policy may require it).
 */
final class ComposeManagerChecks implements CheckFamily {
    private static final String FIELD = "compose_manager_attestation";
    private static final List<BuiltInCheck> CHECKS = List.of(BuiltInCheck.COMPOSE_QUOTE, BuiltInCheck.COMPOSE_SAME_TD,
            BuiltInCheck.COMPOSE_REPORTDATA, BuiltInCheck.COMPOSE_ACTIONS_HASH, BuiltInCheck.COMPOSE_EVENTLOG);
    /**
     * Not counted in {@code compose.quote}: the replay is reported as {@code compose.eventlog}, and the allow-lists
     * hold for the compose-manager's quote when {@code compose.same_td} passes (the model quote is checked against
     * them).
     */
    private static final Set<BuiltInCheck> LEFT_OUT = EnumSet.of(BuiltInCheck.TDX_EVENTLOG_RTMR,
            BuiltInCheck.TDX_MEASUREMENTS_POLICY);

    @Override
    public String name() {
        return "compose";
    }

    @Override
    public Set<String> measurements() {
        return Set.of();
    }

    @Override
    public void run(VerificationInput input, CheckRun run) {
        EvidenceField<ComposeManagerEvidence> field = input.report().composeManager();
        if (field instanceof EvidenceField.Absent) {
            for (BuiltInCheck c : CHECKS) {
                run.run(c, () -> skip("the evidence serves no " + FIELD));
            }
            return;
        }
        if (field instanceof EvidenceField.Malformed<ComposeManagerEvidence> m) {
            for (BuiltInCheck c : CHECKS) {
                run.run(c, () -> fail(m.error().getMessage()));
            }
            return;
        }
        ComposeManagerEvidence cm = field.toOptional().orElseThrow();
        new Session(input, run, cm).run();
    }

    /** State of one verification. */
    private static final class Session {
        private final VerificationInput input;
        private final CheckRun run;
        private final ComposeManagerEvidence cm;
        private SecondQuote.Result second;

        Session(VerificationInput input, CheckRun run, ComposeManagerEvidence cm) {
            this.input = input;
            this.run = run;
            this.cm = cm;
        }

        void run() {
            ObjectNode evidence = Json.object().put("intel_quote", cm.quote());
            cm.eventLog().ifPresent(log -> evidence.set("event_log", log));
            second = SecondQuote.run(evidence, input.policy(), input.context(), LEFT_OUT);
            // judged with the same collateral as the model quote: when that fails, it is reported once, there
            run.run(BuiltInCheck.COMPOSE_QUOTE, this::quote, BuiltInCheck.TDX_COLLATERAL_SIGNATURES);
            run.run(BuiltInCheck.COMPOSE_SAME_TD, this::sameTd, BuiltInCheck.COMPOSE_QUOTE,
                    BuiltInCheck.TDX_QUOTE_PARSE, BuiltInCheck.TDX_QUOTE_SIGNATURE);
            run.run(BuiltInCheck.COMPOSE_REPORTDATA, this::reportData, BuiltInCheck.COMPOSE_QUOTE);
            run.run(BuiltInCheck.COMPOSE_ACTIONS_HASH, this::actionsHash);
            run.run(BuiltInCheck.COMPOSE_EVENTLOG, this::eventLog, BuiltInCheck.COMPOSE_QUOTE);
        }

        private CheckRun.Verdict quote() {
            String problem = second.problem().orElse(null);
            if (problem != null) {
                return fail("the compose-manager quote fails the model quote's checks: " + problem);
            }
            return pass("the compose-manager quote passes the model quote's checks at level "
                    + input.policy().level().label() + " (" + String.join(", ", second.passed()) + ")");
        }

        private TdxQuote composeQuote() {
            return TdxQuote.parse(second.evidence().intelQuote().read().orElseThrow());
        }

        private CheckRun.Verdict sameTd() {
            TdReport mine = composeQuote().body();
            byte[] modelQuote = input.report().intelQuote().read().orElse(null);
            if (modelQuote == null) {
                return fail("the evidence has no model quote to compare with");
            }
            TdReport model = TdxQuote.parse(modelQuote).body();
            if (mine.isTd15() != model.isTd15()) {
                return fail("the compose-manager quote has a TD " + (mine.isTd15() ? "1.5" : "1.0")
                        + " body and the model quote a TD " + (model.isTd15() ? "1.5" : "1.0") + " body");
            }
            for (TdReport.Field f : TdReport.Field.values()) {
                if (f == TdReport.Field.REPORTDATA || f.td15Only() && !mine.isTd15()) {
                    continue;
                }
                if (!Arrays.equals(mine.get(f), model.get(f))) {
                    return fail("the compose-manager quote's " + f.name() + " is " + Hex.encode(mine.get(f))
                            + ", the model quote's " + Hex.encode(model.get(f)) + ": it is not from the same TD");
                }
            }
            return pass("the compose-manager quote is from the same TD: every TD report field but REPORTDATA is equal"
                    + " (MRTD, MRCONFIGID, RTMR0..3 among them)");
        }

        private CheckRun.Verdict reportData() throws Exception {
            byte[] ours = input.context().expectedNonce();
            if (ours == null) {
                return fail("no expected nonce was given: pass the nonce sent with the request");
            }
            byte[] rd = composeQuote().body().reportData();
            byte[] hash = cm.actionsHash();
            if (!MessageDigest.isEqual(Arrays.copyOf(rd, 32), hash)) {
                return fail("REPORTDATA[0..32] is " + Hex.encode(rd, 0, 32) + ", not actions_hash "
                        + Hex.encode(hash) + ": the quote does not attest these actions");
            }
            byte[] bound = Arrays.copyOfRange(rd, 32, 64);
            String how;
            if (MessageDigest.isEqual(bound, ours)) {
                how = "our nonce";
            } else if (MessageDigest.isEqual(bound, MessageDigest.getInstance("SHA-256").digest(ours))) {
                if (!input.policy().allowSha256NonceBinding()) {
                    return fail("REPORTDATA[32..64] is SHA-256(our nonce); the policy requires the raw nonce");
                }
                how = "SHA-256(our nonce), allowed by the policy";
            } else {
                return fail("REPORTDATA[32..64] is not our nonce: this compose-manager quote was not made for this"
                        + " request");
            }
            byte[] served = cm.reportData().orElse(null);
            if (served != null && !MessageDigest.isEqual(served, rd)) {
                return fail(FIELD + ".report_data differs from the quote's REPORTDATA");
            }
            String echo = cm.nonce().orElse(null);
            if (echo != null && !Hex.encode(ours).equalsIgnoreCase(echo.strip())) {
                return fail("the echoed " + FIELD + ".nonce is not ours (possible replay)");
            }
            return pass("REPORTDATA is actions_hash ‖ " + how);
        }

        private CheckRun.Verdict actionsHash() {
            List<ActionsHash.Form> matched;
            try {
                matched = ActionsHash.matching(cm.actionsJson(), cm.actionsHash());
            } catch (CanonicalizationException e) {
                return fail(FIELD + ".actions cannot be hashed: " + e.getMessage());
            }
            run.facts().composeManager(new EvidenceFacts.ComposeManager(cm.actions(), matched));
            if (matched.isEmpty()) {
                return fail("actions_hash " + Hex.encode(cm.actionsHash()) + " is the SHA-256 of the "
                        + cm.actions().size() + " actions in none of the forms seen ("
                        + Arrays.stream(ActionsHash.Form.values()).map(ActionsHash.Form::description)
                        .collect(Collectors.joining("; ")) + "): the actions served are not the ones attested");
            }
            return pass("actions_hash is the SHA-256 of the " + cm.actions().size() + " actions with "
                    + matched.get(0).description());
        }

        private CheckRun.Verdict eventLog() {
            VerificationReport.Check replay = second.check(BuiltInCheck.TDX_EVENTLOG_RTMR).orElse(null);
            if (replay == null) {
                return fail("the event log was not replayed");
            }
            if (replay.status() == Outcome.SKIP) {
                return second.evidence().eventLog().toOptional().map(l -> !l.isEmpty()).orElse(false)
                        ? fail("the compose-manager event log could not be replayed: " + replay.reason())
                        : skip("the evidence serves no " + FIELD + ".event_log");
            }
            String reason = "compose-manager: " + replay.reason();
            return replay.status() == Outcome.PASS ? pass(reason) : fail(reason);
        }
    }
}
