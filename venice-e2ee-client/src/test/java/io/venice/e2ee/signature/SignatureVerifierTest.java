package io.venice.e2ee.signature;

import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.crypto.Eip191;
import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.crypto.Secp256k1;
import io.venice.e2ee.signature.SignatureReport.Verdict;
import io.venice.e2ee.spi.SignatureRecovery;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class SignatureVerifierTest {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);
    private static final BigInteger PRIVATE = new BigInteger("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", 16);
    private static final byte[] PUBLIC = DOMAIN.getG().multiply(PRIVATE).normalize().getEncoded(false);
    private static final String ADDRESS = EthAddress.ofPublicKey(PUBLIC).toLowerCase();
    private final SignatureRecovery recovery = CryptoSuite.defaults().signatureRecovery();
    private final byte[] request = "{\"model\":\"e2ee-m\"}".getBytes(StandardCharsets.UTF_8);
    private final byte[] response = "data: {}\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    /** personal_sign of {@code text} with the test key, as 0x r ‖ s ‖ v (v = 27/28). */
    private String sign(String text) throws Exception {
        byte[] hash = Eip191.hash(text);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(PRIVATE, DOMAIN));
        BigInteger[] rs = signer.generateSignature(hash);
        BigInteger s = rs[1].min(DOMAIN.getN().subtract(rs[1]));
        byte[] sig = new byte[64];
        Secp256k1.writeFixed32(rs[0], sig, 0);
        Secp256k1.writeFixed32(s, sig, 32);
        for (int recId = 0; recId < 2; recId++) {
            if (Arrays.equals(recovery.recoverPublicKey(hash, sig, recId), PUBLIC)) {
                return "0x" + Hex.encode(sig) + (recId == 0 ? "1b" : "1c");
            }
        }
        throw new AssertionError("no recovery id reproduces the key");
    }

    private static String sha(byte[] b) throws Exception {
        return Hex.encode(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void aThreePartSignatureWithKnownHashesPassesEveryCheck() throws Exception {
        String text = "e2ee-m:" + sha(request) + ":" + sha(response);
        SignatureReport r = new SignatureVerifier(recovery, true).verify(
                new ResponseSignature(text, sign(text), ADDRESS, "ecdsa"), ADDRESS.toUpperCase().replace("0X", "0x"),
                "e2ee-m", sha(request), sha(response));
        assertThat(r.verdict()).as(r.summary()).isEqualTo(Verdict.PASSED);
        assertThat(r.recoveredAddress()).isEqualTo(ADDRESS);
        assertThat(r.checks()).extracting(SignatureReport.Check::id).contains("signature.model",
                "signature.request_hash", "signature.response_hash");
    }

    @Test
    void withoutHashesTheHashChecksAreUnverifiableNeverPassed() throws Exception {
        String text = sha(request) + ":" + sha(response);
        SignatureReport r = new SignatureVerifier(recovery, false).verify(
                new ResponseSignature(text, sign(text), null, null), ADDRESS, null, null, null);
        assertThat(r.verdict()).isEqualTo(Verdict.UNVERIFIABLE);
        assertThat(r.check("signature.address").orElseThrow().verdict()).isEqualTo(Verdict.PASSED);
        assertThat(r.check("signature.response_hash").orElseThrow().reason()).contains("not hashed");
    }

    @Test
    void aRewrittenResponseIsUnverifiableByDefaultAndFailedWhenStrict() throws Exception {
        String text = sha(request) + ":" + sha("other".getBytes(StandardCharsets.UTF_8));
        ResponseSignature sig = new ResponseSignature(text, sign(text), null, null);
        assertThat(new SignatureVerifier(recovery, false).verify(sig, ADDRESS, null, sha(request), sha(response)).verdict())
                .isEqualTo(Verdict.UNVERIFIABLE);
        assertThat(new SignatureVerifier(recovery, true).verify(sig, ADDRESS, null, sha(request), sha(response)).verdict())
                .isEqualTo(Verdict.FAILED);
    }

    @Test
    void anotherSignerOrAnAlteredTextFails() throws Exception {
        String text = sha(request) + ":" + sha(response);
        String sig = sign(text);
        SignatureReport other = new SignatureVerifier(recovery, false).verify(new ResponseSignature(text, sig, null, null),
                "0x0000000000000000000000000000000000000001", null, null, null);
        assertThat(other.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(other.check("signature.address").orElseThrow().reason()).contains("is not the attested address");
        SignatureReport altered = new SignatureVerifier(recovery, false).verify(
                new ResponseSignature(text + "0", sig, null, null), ADDRESS, null, null, null);
        assertThat(altered.verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void aMalformedSignatureOrModelMismatchFails() throws Exception {
        String text = "e2ee-a:" + sha(request) + ":" + sha(response);
        SignatureVerifier v = new SignatureVerifier(recovery, false);
        assertThat(v.verify(new ResponseSignature(text, "0x1234", null, null), ADDRESS, "e2ee-a", null, null)
                .check("signature.format").orElseThrow().verdict()).isEqualTo(Verdict.FAILED);
        String bad = sign(text);
        bad = bad.substring(0, bad.length() - 2) + "05";
        assertThat(v.verify(new ResponseSignature(text, bad, null, null), ADDRESS, "e2ee-a", null, null).verdict())
                .isEqualTo(Verdict.FAILED);
        assertThat(v.verify(new ResponseSignature(text, sign(text), null, null), ADDRESS, "e2ee-b", null, null)
                .check("signature.model").orElseThrow().verdict()).isEqualTo(Verdict.FAILED);
    }

    @Test
    void aSignatureAnswerWithoutTextIsMalformed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ResponseSignature.parse(
                "{\"signature\":\"0x00\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ResponseSignatureException.Malformed.class).hasMessageContaining("text");
    }
}
