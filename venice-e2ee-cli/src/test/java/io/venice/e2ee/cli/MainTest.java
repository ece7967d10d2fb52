package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.venice.e2ee.spi.TimingGuarantee;
import io.venice.e2ee.testing.TestVectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode goldenEnvelope(int i) {
        return TestVectors.json("venice/e2ee_vectors.json").get("envelopes").get(i);
    }

    @Test
    void helpOnEveryCommandExitsZero() {
        for (String[] args : new String[][] {{"--help"}, {"providers", "--help"}, {"keygen", "--help"},
                {"encrypt", "--help"}, {"decrypt", "--help"}, {"help", "encrypt"}}) {
            CliRun r = CliRun.run("", args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage: venice-e2ee");
        }
        assertThat(CliRun.run("", "--version").out()).startsWith("venice-e2ee ");
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        for (String[] args : new String[][] {{}, {"nosuchcommand"}, {"encrypt"}, {"decrypt"},
                {"providers", "--nosuchoption"}, {"encrypt", "--public-key"}}) {
            CliRun r = CliRun.run("", args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.oneErrorLine()).as("stderr of %s: %s", String.join(" ", args), r.err()).isTrue();
            assertThat(r.err()).contains("--help");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void providersReportsWhatWasFoundAndChosen() throws Exception {
        CliRun text = CliRun.run("", "providers");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).containsPattern("Crypto providers found: .*bc").containsPattern("found: .*jca")
                .contains("Chosen")
                .contains("no installed JCA provider offers secp256k1")
                .contains(TimingGuarantee.BLINDED_VARIABLE_TIME.label())
                .contains(TimingGuarantee.PUBLIC_INPUTS_ONLY.label());
        CliRun json = CliRun.run("", "providers", "--json");
        assertThat(json.exitCode()).isZero();
        JsonNode root = JSON.readTree(json.out());
        assertThat(root.get("providers").findValuesAsText("name")).contains("bc", "jca");
        String bestKeyAgreement = null;
        int bestPriority = Integer.MIN_VALUE;
        for (JsonNode p : root.get("providers")) {
            for (JsonNode primitive : p.get("primitives")) {
                // every available primitive states its timing guarantee, and only those do
                assertThat(primitive.has("timing")).as("%s", primitive).isEqualTo(primitive.get("available").asBoolean());
                if (primitive.has("timing")) {
                    assertThat(TimingGuarantee.valueOf(primitive.get("timing").asText())).isNotNull();
                }
            }
            JsonNode ka = p.get("primitives").get("KEY_AGREEMENT");
            if (p.get("name").asText().equals("jca")) {
                assertThat(ka.get("available").asBoolean()).isFalse();
                assertThat(ka.get("detail").asText()).contains("secp256k1");
            }
            if (ka.get("available").asBoolean() && ka.get("priority").asInt() > bestPriority) {
                bestPriority = ka.get("priority").asInt();
                bestKeyAgreement = p.get("name").asText();
            }
        }
        assertThat(root.get("chosen").get("KEY_AGREEMENT").asText()).isEqualTo(bestKeyAgreement);
        assertThat(root.get("chosen").get("AEAD").asText()).isEqualTo("jca");
        assertThat(root.get("chosen").get("KDF").asText()).isEqualTo("jca");
        assertThat(root.get("error").isNull()).isTrue();
    }

    @Test
    void providersShowsTheImpostorOnTheClassPathRefusedAndTheBuiltInProvidersTrusted() throws Exception {
        CliRun text = CliRun.run("", "providers");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("REFUSED native (" + NativeImpostor.class.getName() + "): it claims the"
                        + " built-in name 'native', which belongs to io.venice.e2ee.crypto.nativesecp.NativeCryptoProvider")
                .contains("bc (io.venice.e2ee.crypto.bc.BcCryptoProvider): built in, chosen automatically")
                .contains("known-answer test passed")
                .doesNotContain("FAILED");
        JsonNode root = JSON.readTree(CliRun.run("", "providers", "--json").out());
        assertThat(root.get("refused").findValuesAsText("class")).containsExactly(NativeImpostor.class.getName());
        for (JsonNode p : root.get("providers")) {
            assertThat(p.get("built_in").asBoolean()).as(p.get("name").asText()).isTrue();
            assertThat(p.get("class").asText()).isNotEqualTo(NativeImpostor.class.getName());
        }
        assertThat(root.get("chosen").get("KEY_AGREEMENT").asText()).isEqualTo("native");
        // named, the name still means the built-in class (the impostor fails any test that reaches it)
        io.venice.e2ee.crypto.CryptoSuite named = io.venice.e2ee.crypto.CryptoSuite.builder()
                .use(io.venice.e2ee.spi.Primitive.KEY_AGREEMENT, "native").build();
        try (var pair = named.keyAgreement().generateKeyPair()) {
            assertThat(pair.publicKey()).hasSize(65);
        }
        CliRun keygen = CliRun.run("", "keygen", "--json");
        assertThat(keygen.exitCode()).as(keygen.err()).isZero();
    }

    @Test
    void providersFailsWhenTheForcedProviderCannotServeAnEnvelope() throws Exception {
        System.setProperty("venice.e2ee.provider", "jca");
        try {
            CliRun r = CliRun.run("", "providers", "--json");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(JSON.readTree(r.out()).get("forced").asText()).isEqualTo("jca");
            assertThat(r.err()).contains("secp256k1 key agreement");
            assertThat(r.oneErrorLine()).isTrue();
        } finally {
            System.clearProperty("venice.e2ee.provider");
        }
    }

    @Test
    void keygenThenEncryptThenDecryptRoundTrips() throws Exception {
        CliRun keygen = CliRun.run("", "keygen", "--json");
        assertThat(keygen.exitCode()).isZero();
        JsonNode key = JSON.readTree(keygen.out());
        assertThat(key.get("privateKey").asText()).matches("[0-9a-f]{64}");
        assertThat(key.get("publicKey").asText()).matches("04[0-9a-f]{128}");
        assertThat(key.get("address").asText()).matches("0x[0-9a-fA-F]{40}");
        String text = "h\u00e9llo \ud83d\udd10\nsecond line\n";
        for (String publicKey : new String[] {key.get("publicKey").asText(), key.get("publicKey").asText().substring(2)}) {
            CliRun enc = CliRun.run(text, "encrypt", "--public-key", publicKey, "--provider", "bc");
            assertThat(enc.exitCode()).as(enc.err()).isZero();
            assertThat(enc.out()).matches("04[0-9a-f]+\n");
            CliRun dec = CliRun.run(key.get("privateKey").asText() + "\n\n  " + enc.out().toUpperCase() + "  \n",
                    "decrypt", "--private-key", "-");
            assertThat(dec.exitCode()).as(dec.err()).isZero();
            assertThat(dec.out()).isEqualTo(text);
        }
        CliRun textKeygen = CliRun.run("", "keygen");
        assertThat(textKeygen.out()).contains("private key: ").contains("public key:  04").contains("address:     0x");
    }

    @Test
    void decryptOpensTheGoldenEnvelopes() {
        for (int i = 0; i < 5; i++) {
            JsonNode v = goldenEnvelope(i);
            CliRun r = CliRun.run(v.get("recipientPrivateKey").asText() + "\n" + v.get("envelope").asText() + "\n",
                    "decrypt", "--private-key", "-");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo(v.get("plaintext").asText());
        }
    }

    @Test
    void refusedInputExitsOneWithOneLineAndNoKeyMaterial() {
        JsonNode v = goldenEnvelope(0);
        String privateKey = v.get("recipientPrivateKey").asText();
        String envelope = v.get("envelope").asText();
        String tampered = envelope.substring(0, envelope.length() - 1) + (envelope.endsWith("0") ? "1" : "0");
        record Case(String name, String stdin, String[] args, String expected) {
        }
        String[] decrypt = {"decrypt", "--private-key", "-"};
        String keyLine = privateKey + "\n";
        Case[] cases = {
            new Case("tampered", keyLine + tampered, decrypt, "tag"),
            new Case("not hex", keyLine + "0x" + envelope, decrypt, "not hex"),
            new Case("too short", keyLine + envelope.substring(0, 100), decrypt, "minimum"),
            new Case("bad private key", "12zz\n" + envelope, decrypt, "64 hex digits"),
            new Case("zero private key", "0".repeat(64) + "\n" + envelope, decrypt, "range"),
            new Case("bad public key", "hi", new String[] {"encrypt", "--public-key", "04" + "1".repeat(128)}, "not a point"),
            new Case("unknown provider", "hi", new String[] {"keygen", "--provider", "nosuch"}, "not installed"),
            new Case("provider without key agreement", keyLine + envelope,
                    new String[] {"decrypt", "--private-key", "-", "--provider", "jca"}, "secp256k1 key agreement"),
        };
        for (Case c : cases) {
            CliRun r = CliRun.run(c.stdin(), c.args());
            assertThat(r.exitCode()).as(c.name() + ": " + r.err()).isEqualTo(1);
            assertThat(r.oneErrorLine()).as(c.name() + ": " + r.err()).isTrue();
            assertThat(r.err()).as(c.name()).contains(c.expected()).doesNotContain(privateKey);
            assertThat(r.out()).as(c.name()).isEmpty();
        }
    }

    @Test
    void encryptRefusesStdinThatIsNotUtf8() {
        JsonNode v = goldenEnvelope(0);
        CliRun r = CliRun.run(new byte[] {'o', 'k', (byte) 0xc3, (byte) 0x28}, "encrypt", "--public-key",
                v.get("recipientPublicKey").asText());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("not valid UTF-8");
    }
}
