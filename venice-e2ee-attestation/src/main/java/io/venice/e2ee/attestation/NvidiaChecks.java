package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.nvidia.NrasTrust;
import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.attestation.nvidia.GpuEvidence;
import io.venice.e2ee.attestation.nvidia.NrasCheck;
import io.venice.e2ee.attestation.nvidia.NvidiaChains;
import io.venice.e2ee.attestation.nvidia.NvidiaPayload;
import io.venice.e2ee.attestation.pki.ChainValidator;
import io.venice.e2ee.attestation.pki.EcKeys;
import io.venice.e2ee.attestation.pki.PinnedRoots;
import io.venice.e2ee.attestation.pki.ValidatedChain;
import io.venice.e2ee.crypto.Hex;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static io.venice.e2ee.attestation.CheckRun.Verdict.fail;
import static io.venice.e2ee.attestation.CheckRun.Verdict.pass;
import static io.venice.e2ee.attestation.CheckRun.Verdict.skip;

/**
 * The NVIDIA GPU checks: each GPU's certificate chain validates to the pinned NVIDIA Device Identity CA; each GPU's
 * evidence is signed by its chain's leaf key; the payload and every GPU's signed SPDM request carry our nonce; at
 * level FULL, NVIDIA's remote attestation answer verifies against its key set.
 */
final class NvidiaChecks implements CheckFamily {
    private static final BuiltInCheck NONCE = BuiltInCheck.NVIDIA_NONCE;
    private static final BuiltInCheck CHAIN = BuiltInCheck.NVIDIA_CERT_CHAIN;
    private static final BuiltInCheck SIGNATURE = BuiltInCheck.NVIDIA_EVIDENCE_SIGNATURE;
    private static final BuiltInCheck NRAS = BuiltInCheck.NVIDIA_NRAS_JWT;

    @Override
    public String name() {
        return "nvidia";
    }

    @Override
    public Set<String> measurements() {
        return Set.of("gpu_count");
    }

    @Override
    public void run(VerificationInput input, CheckRun run) {
        EvidenceField<String> served = input.report().nvidiaPayload();
        VerificationContext ctx = input.context();
        if (served instanceof EvidenceField.Absent<String>) {
            CheckRun.Body absent = () -> input.policy().requireGpuEvidence()
                    ? fail("the evidence has no nvidia_payload (GPU evidence is required by the policy)")
                    : skip("the evidence has no nvidia_payload and the policy does not require GPU evidence");
            for (BuiltInCheck check : List.of(CHAIN, SIGNATURE, NONCE, NRAS)) {
                run.run(check, absent);
            }
            return;
        }
        NvidiaPayload payload = null;
        AttestationException malformed = served.malformation().orElse(null);
        if (malformed == null) {
            try {
                payload = NvidiaPayload.parse(served.toOptional().orElseThrow(),
                        input.policy().limits().maxChainCertificates());
                run.measurement("gpu_count", Integer.toString(payload.gpus().size()));
            } catch (AttestationException e) {
                malformed = e;
            }
        }
        NvidiaPayload p = payload;
        AttestationException bad = malformed;
        List<X509Certificate> anchors = new ArrayList<>();
        anchors.add(PinnedRoots.nvidiaDeviceIdentityCa());
        anchors.addAll(input.policy().extraTrustAnchors());

        List<ValidatedChain> chains = new ArrayList<>();
        run.run(CHAIN, () -> {
            rethrow(bad);
            for (int i = 0; i < p.gpus().size(); i++) {
                try {
                    chains.add(ChainValidator.validate(p.gpus().get(i).chain(), NvidiaChains.DEVICE, anchors,
                            ctx.at()));
                } catch (GeneralSecurityException e) {
                    return fail("GPU " + i + ": " + e.getMessage());
                }
            }
            return pass("all " + p.gpus().size() + " GPU certificate chains validate to the NVIDIA Device Identity CA"
                    + " at " + ctx.at());
        });
        run.run(SIGNATURE, () -> {
            for (int i = 0; i < p.gpus().size(); i++) {
                GpuEvidence g = p.gpus().get(i);
                if (!EcKeys.verifyP384(chains.get(i).leaf().getPublicKey(), g.signedBytes(), g.signature())) {
                    return fail("GPU " + i + " SPDM evidence signature does not verify with its device key");
                }
            }
            return pass("all " + p.gpus().size() + " GPU SPDM evidence signatures verify (ECDSA P-384)");
        }, CHAIN);
        // the SPDM request nonce is read from evidence bytes that only the evidence signature vouches for
        run.run(NONCE, () -> {
            rethrow(bad);
            byte[] ours = ctx.expectedNonce();
            if (ours == null) {
                return fail("no expected nonce was given: pass the nonce sent with the request");
            }
            if (p.nonce() == null || !Hex.encode(ours).equalsIgnoreCase(p.nonce())) {
                return fail("the GPU payload nonce is not ours");
            }
            if (!run.passed(SIGNATURE)) {
                String unmet = run.unmet(SIGNATURE);
                return skip((unmet != null ? unmet : "depends on " + SIGNATURE.id() + " which did not run")
                        + ": the payload nonce is ours, but the GPU evidence nonces are unsigned claims");
            }
            for (int i = 0; i < p.gpus().size(); i++) {
                if (!Arrays.equals(p.gpus().get(i).requestNonce(), ours)) {
                    return fail("GPU " + i + " evidence was requested with another nonce");
                }
            }
            // nothing in SPDM evidence names the TD: the shared nonce is the only link, so the report says so
            return pass("the payload and all " + p.gpus().size() + " signed GPU evidence requests carry our nonce;"
                    + " the GPU evidence is bound to the TD only through this nonce (it does not name the TD)");
        });
        run.run(NRAS, () -> {
            if (ctx.nras() == null || ctx.jwks() == null) {
                String missing = ctx.nras() == null && ctx.jwks() == null
                        ? "no NRAS answer and no NRAS key set (JWKS)"
                        : ctx.nras() == null ? "no NRAS answer" : "no NRAS key set (JWKS)";
                return fail(missing + " given: level full needs NVIDIA's remote attestation answer and its key set");
            }
            byte[] ours = ctx.expectedNonce();
            if (ours == null) {
                return fail("no expected nonce was given: pass the nonce sent with the request");
            }
            try {
                return pass(NrasCheck.verify(ctx.nras(), ctx.jwks(), nrasTrust(input.policy()), Hex.encode(ours),
                        p.gpus(), ctx.at()));
            } catch (GeneralSecurityException e) {
                return fail(e.getMessage());
            }
        }, CHAIN);
    }

    private static void rethrow(AttestationException e) {
        if (e != null) {
            throw e;
        }
    }

    /** The policy's NRAS pins, with the extra trust anchors the user opted into (a test NRAS's intermediate). */
    private static NrasTrust nrasTrust(VerificationPolicy policy) {
        if (policy.extraTrustAnchors().isEmpty()) {
            return policy.nrasTrust();
        }
        List<X509Certificate> pins = new ArrayList<>(policy.nrasTrust().anchors());
        pins.addAll(policy.extraTrustAnchors());
        return new NrasTrust(pins, policy.nrasTrust().issuer());
    }
}
