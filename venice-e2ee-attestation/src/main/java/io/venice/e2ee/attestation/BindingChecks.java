package io.venice.e2ee.attestation;

import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.crypto.Secp256k1;

import java.util.Map;
import java.util.Set;

/**
 * The basic checks: the server's own verdict, the nonce echo (every echoed field), a signing key on secp256k1, and the address derived
 * from it equal to {@code signing_address}.
 */
final class BindingChecks implements CheckFamily {
    @Override
    public String name() {
        return "binding";
    }

    @Override
    public Set<String> measurements() {
        return Set.of();
    }

    @Override
    public void run(VerificationInput input, CheckRun run) {
        AttestationReport r = input.report();
        run.run(BuiltInCheck.SERVER_VERIFIED, () -> {
            Boolean verified = r.verified().read().orElse(null);
            return Boolean.TRUE.equals(verified)
                    ? CheckRun.Verdict.pass("the server reports verified: true (its own verdict, display only)")
                    : CheckRun.Verdict.fail("the server does not report verified: true (" + verified + ")");
        });
        run.run(BuiltInCheck.NONCE_ECHO, () -> {
            r.nonce().read();
            r.requestNonce().read();
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
        run.run(BuiltInCheck.KEY_PRESENT, () -> {
            SigningKey key = r.signingKey().read().orElse(null);
            if (key == null) {
                return CheckRun.Verdict.fail("the evidence has no signing_key / signing_public_key");
            }
            return Secp256k1.isValidPublicKey(key.bytes())
                    ? CheckRun.Verdict.pass("signing key is a valid secp256k1 point")
                    : CheckRun.Verdict.fail("signing key is not a point on secp256k1");
        });
        run.run(BuiltInCheck.KEY_ADDRESS, () -> {
            String served = r.signingAddress().read().orElse(null);
            if (served == null) {
                return CheckRun.Verdict.fail("the evidence has no signing_address");
            }
            EthAddress derived = r.signingKey().read().orElseThrow().address();
            return derived.matches(served)
                    ? CheckRun.Verdict.pass("address of the key is signing_address " + derived)
                    : CheckRun.Verdict.fail("address of the key is " + derived + ", not signing_address " + served);
        }, BuiltInCheck.KEY_PRESENT);
    }
}
