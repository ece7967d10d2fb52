package io.venice.e2ee.signature;

import io.venice.e2ee.crypto.bc.BcCryptoProvider;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Response signatures as a hostile server may serve them: the answer's JSON on any bytes, and any signature string
 * (with or without {@code 0x}, every length, every v byte) checked against any text and hashes. Parsing throws only
 * its typed error; verifying never throws, and never passes a signature that is not the attested signer's.
 */
class SignatureParsersFuzzTest {
    private static final SignatureVerifier STRICT = new SignatureVerifier(new BcCryptoProvider().signatureRecovery(), true);
    private static final SignatureVerifier LENIENT = new SignatureVerifier(new BcCryptoProvider().signatureRecovery(), false);

    @Provide
    Arbitrary<byte[]> answers() {
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30).map(s -> "\"" + s + "\""),
                Arbitraries.of("null", "1", "[]", "{}", "true"));
        Arbitrary<String> json = Combinators.combine(value, value, value, value).as((t, s, a, g) -> "{\"text\":" + t
                + ",\"signature\":" + s + ",\"signing_address\":" + a + ",\"signing_algo\":" + g + "}");
        return Arbitraries.oneOf(json.map(j -> j.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Arbitraries.strings().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)));
    }

    @Property
    void anAnswerParsesOrIsRefusedAsMalformed(@ForAll("answers") byte[] body) {
        try {
            ResponseSignature.parse(body);
        } catch (ResponseSignatureException.Malformed expected) {
            // typed
        } catch (Throwable t) {
            fail("untyped " + t + " for " + new String(body, StandardCharsets.ISO_8859_1), t);
        }
    }

    @Provide
    Arbitrary<String> signatures() {
        Arbitrary<String> rs = Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(128);
        Arbitrary<String> v = Arbitraries.integers().between(0, 255).map(i -> String.format("%02x", i));
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("", "0x", "0X", "0x0x"), rs, v).as((p, a, b) -> p + a + b),
                Arbitraries.strings().withChars("0123456789abcdefx").ofMaxLength(140),
                Arbitraries.strings().ofMaxLength(140),
                Arbitraries.just(null),
                Arbitraries.just("0x" + "0".repeat(128) + "1b"),
                Arbitraries.just("0x" + "f".repeat(128) + "1c"));
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> hash = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64);
        return Arbitraries.oneOf(Combinators.combine(hash, hash).as((a, b) -> a + ":" + b),
                Combinators.combine(hash, hash).as((a, b) -> "e2ee-glm-5:" + a + ":" + b),
                Arbitraries.strings().ofMaxLength(80), Arbitraries.just(""), Arbitraries.just(":::"));
    }

    @Provide
    Arbitrary<String> hashes() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789abcdef").ofLength(64),
                Arbitraries.strings().ofMaxLength(70), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<String> addresses() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789abcdef").ofLength(40).map(s -> "0x" + s),
                Arbitraries.strings().ofMaxLength(50), Arbitraries.just(null));
    }

    @Property
    void verifyingAnySignatureReportsAndNeverPassesAStranger(@ForAll("signatures") String signature,
                                                               @ForAll("texts") String text,
                                                               @ForAll("addresses") String attested,
                                                               @ForAll("hashes") String request,
                                                               @ForAll("hashes") String response) {
        ResponseSignature sig = new ResponseSignature(text, signature, attested, "ecdsa");
        for (SignatureVerifier verifier : new SignatureVerifier[] {STRICT, LENIENT}) {
            SignatureReport report;
            try {
                report = verifier.verify(sig, attested, "e2ee-glm-5", request, response);
            } catch (Throwable t) {
                throw new AssertionError("verify threw " + t + " for " + sig, t);
            }
            assertThat(report.verdict()).as("%s", sig).isNotEqualTo(SignatureReport.Verdict.PASSED);
            assertThat(report.checks()).isNotEmpty();
        }
    }
}
