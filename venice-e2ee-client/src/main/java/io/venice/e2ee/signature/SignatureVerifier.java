package io.venice.e2ee.signature;

import io.venice.e2ee.crypto.Eip191;
import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.crypto.InvalidHexException;
import io.venice.e2ee.signature.SignatureReport.Check;
import io.venice.e2ee.signature.SignatureReport.Verdict;
import io.venice.e2ee.spi.InvalidSignatureException;
import io.venice.e2ee.spi.SignatureRecovery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks a response signature: an Ethereum {@code personal_sign} (EIP-191) over the signed text, whose recovered
 * signer must be the attested enclave address; and, when the caller knows the SHA-256 of the exact request body and
 * response bytes, that the text's hashes are those. A hash that cannot be checked is reported {@code UNVERIFIABLE} with
 * the reason, never {@code PASSED}.
 */
public final class SignatureVerifier {
    private final SignatureRecovery recovery;
    private final boolean strictHashes;

    /**
     * A verifier.
     *
     * @param strictHashes when true a hash that differs from the kept bytes is {@code FAILED}; when false (for
     *                     Venice, whose gateway may rewrite the stream) it is {@code UNVERIFIABLE} with that reason
     */
    public SignatureVerifier(SignatureRecovery recovery, boolean strictHashes) {
        this.recovery = Objects.requireNonNull(recovery, "recovery");
        this.strictHashes = strictHashes;
    }

    /**
     * Verifies {@code sig}.
     *
     * @param attestedAddress the signing address from the verified attestation
     * @param model           the model the chat went to (checked against a 3-part text), or null
     * @param requestSha256   SHA-256 of the exact request body sent (hex), or null if not known
     * @param responseSha256  SHA-256 of the exact response bytes received (hex), or null if not known
     */
    public SignatureReport verify(ResponseSignature sig, String attestedAddress, String model, String requestSha256,
                                  String responseSha256) {
        List<Check> checks = new ArrayList<>();
        byte[] rsv;
        try {
            rsv = decodeSignature(sig.signature());
        } catch (IllegalArgumentException e) {
            checks.add(new Check("signature.format", Verdict.FAILED, e.getMessage()));
            return new SignatureReport(Verdict.FAILED, null, checks);
        }
        checks.add(new Check("signature.format", Verdict.PASSED, "65 bytes r ‖ s ‖ v"));
        int v = rsv[64] & 0xff;
        int recId = v >= 27 ? v - 27 : v;
        byte[] rs = java.util.Arrays.copyOf(rsv, 64);
        EthAddress signer;
        try {
            signer = EthAddress.ofPublicKey(recovery.recoverPublicKey(Eip191.hash(sig.text()), rs, recId));
        } catch (InvalidSignatureException | IllegalArgumentException e) {
            checks.add(new Check("signature.recover", Verdict.FAILED, "no public key recovers from this signature: "
                    + e.getMessage()));
            return new SignatureReport(Verdict.FAILED, null, checks);
        }
        checks.add(new Check("signature.recover", Verdict.PASSED, "EIP-191 signature recovers signer " + signer));
        if (attestedAddress == null) {
            checks.add(new Check("signature.address", Verdict.UNVERIFIABLE, "no attested signing address to compare"));
        } else if (signer.matches(attestedAddress)) {
            checks.add(new Check("signature.address", Verdict.PASSED, "signer equals the attested address"));
        } else {
            checks.add(new Check("signature.address", Verdict.FAILED, "signer " + signer
                    + " is not the attested address " + attestedAddress));
        }
        hashChecks(sig.text(), model, requestSha256, responseSha256, checks);
        Verdict overall = Verdict.PASSED;
        for (Check c : checks) {
            if (c.verdict() == Verdict.FAILED) {
                overall = Verdict.FAILED;
                break;
            }
            if (c.verdict() == Verdict.UNVERIFIABLE) {
                overall = Verdict.UNVERIFIABLE;
            }
        }
        return new SignatureReport(overall, signer.toLowerCase(), checks);
    }

    private void hashChecks(String text, String model, String requestSha256, String responseSha256, List<Check> checks) {
        int last = text.lastIndexOf(':');
        int middle = last <= 0 ? -1 : text.lastIndexOf(':', last - 1);
        if (last < 0) {
            checks.add(new Check("signature.request_hash", Verdict.FAILED, "signed text is not \"req:resp\" or"
                    + " \"model:req:resp\""));
            return;
        }
        String reqHash = text.substring(middle + 1, last);
        String respHash = text.substring(last + 1);
        if (middle >= 0) {
            String signedModel = text.substring(0, middle);
            if (model == null) {
                checks.add(new Check("signature.model", Verdict.UNVERIFIABLE, "signed for model " + signedModel
                        + "; no model given to compare"));
            } else if (signedModel.equals(model)) {
                checks.add(new Check("signature.model", Verdict.PASSED, "signed for model " + model));
            } else {
                checks.add(new Check("signature.model", Verdict.FAILED, "signed for model " + signedModel
                        + ", not " + model));
            }
        }
        checks.add(hashCheck("signature.request_hash", "request body", reqHash, requestSha256));
        checks.add(hashCheck("signature.response_hash", "response bytes", respHash, responseSha256));
    }

    private Check hashCheck(String id, String what, String signedHash, String actual) {
        if (actual == null) {
            return new Check(id, Verdict.UNVERIFIABLE, "the " + what + " were not hashed, so the signed hash cannot be"
                    + " compared (hash them to check it)");
        }
        if (actual.equalsIgnoreCase(signedHash.strip())) {
            return new Check(id, Verdict.PASSED, "SHA-256 of the " + what + " equals the signed hash");
        }
        String reason = "SHA-256 of the " + what + " (" + actual + ") differs from the signed hash (" + signedHash + ")";
        return strictHashes ? new Check(id, Verdict.FAILED, reason)
                : new Check(id, Verdict.UNVERIFIABLE, reason + "; a gateway between the enclave and this client may"
                + " rewrite the bytes, so this cannot be checked here");
    }

    private static byte[] decodeSignature(String s) {
        if (s == null) {
            throw new IllegalArgumentException("no signature");
        }
        String h = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
        if (h.length() != 130) {
            throw new IllegalArgumentException("signature must be 65 bytes (130 hex digits), got " + h.length()
                    + " digits");
        }
        byte[] b;
        try {
            b = Hex.decode(h);
        } catch (InvalidHexException e) {
            throw new IllegalArgumentException("signature is not hex: " + e.getMessage());
        }
        int v = b[64] & 0xff;
        if (v != 0 && v != 1 && v != 27 && v != 28) {
            throw new IllegalArgumentException("signature recovery byte v must be 27, 28, 0 or 1, got " + v);
        }
        return b;
    }
}
