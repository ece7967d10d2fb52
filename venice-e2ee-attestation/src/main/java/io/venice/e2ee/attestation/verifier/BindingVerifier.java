package io.venice.e2ee.attestation.verifier;

import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.VerificationPolicy.Level;
import io.venice.e2ee.attestation.VerificationInput;
import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.spi.AttestationVerifier;

import java.util.Map;

/**
 * The basic checks: the server's own verdict, the nonce echo (every echoed field), a signing key on secp256k1, and the address derived
 * from it equal to {@code signing_address}.
 */
public final class BindingVerifier implements AttestationVerifier<VerificationInput> {
    @Override
    public String name() {
        return "binding";
    }

    @Override
    public int order() {
        return 0;
    }

    @Override
    public Class<VerificationInput> inputType() {
        return VerificationInput.class;
    }

    @Override
    public void verify(VerificationInput input, CheckSink sink) {
        AttestationReport r = input.report();
        CheckRun run = new CheckRun(sink, input.policy().level());
        run.run("server.verified", Level.BASIC, () -> {
            r.requireWellFormed("verified");
            return Boolean.TRUE.equals(r.verified())
                    ? CheckRun.Verdict.pass("the server reports verified: true (its own verdict, display only)")
                    : CheckRun.Verdict.fail("the server does not report verified: true (" + r.verified() + ")");
        });
        run.run("nonce.echo", Level.BASIC, () -> {
            r.requireWellFormed("nonce", "request_nonce");
            byte[] ours = input.context().expectedNonce();
            if (ours == null) {
                return CheckRun.Verdict.fail("no expected nonce was given: pass the nonce sent with the request");
            }
            if (r.echoedNonces().isEmpty()) {
                return CheckRun.Verdict.fail("the evidence echoes no nonce (neither nonce nor request_nonce)");
            }
            // any echo that differs is a sign of replay, even when another field carries our nonce
            for (Map.Entry<String, String> echo : r.echoedNonces().entrySet()) {
                if (!Hex.encode(ours).equalsIgnoreCase(echo.getValue().strip())) {
                    return CheckRun.Verdict.fail("the echoed " + echo.getKey()
                            + " is not ours (possible replay): request a fresh attestation");
                }
            }
            return CheckRun.Verdict.pass("the echoed " + String.join(" and ", r.echoedNonces().keySet())
                    + " " + (r.echoedNonces().size() == 1 ? "is" : "are") + " ours");
        });
        run.run("key.present", Level.BASIC, () -> {
            r.requireWellFormed("signing_key", "signing_public_key");
            byte[] key = r.signingPublicKey();
            if (key == null) {
                return CheckRun.Verdict.fail("the evidence has no signing_key / signing_public_key");
            }
            return Secp256k1.isValidPublicKey(key)
                    ? CheckRun.Verdict.pass("signing key is a valid secp256k1 point")
                    : CheckRun.Verdict.fail("signing key is not a point on secp256k1");
        });
        run.run("key.address", Level.BASIC, () -> {
            r.requireWellFormed("signing_address");
            if (r.signingAddress() == null) {
                return CheckRun.Verdict.fail("the evidence has no signing_address");
            }
            EthAddress derived = EthAddress.ofPublicKey(r.signingPublicKey());
            return derived.matches(r.signingAddress())
                    ? CheckRun.Verdict.pass("address of the key is signing_address " + derived)
                    : CheckRun.Verdict.fail("address of the key is " + derived + ", not signing_address "
                    + r.signingAddress());
        }, "key.present");
    }
}
