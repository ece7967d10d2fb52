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
            CliRun dec = CliRun.run("\n  " + enc.out().toUpperCase() + "  \n", "decrypt", "--private-key",
                    key.get("privateKey").asText());
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
            CliRun r = CliRun.run(v.get("envelope").asText() + "\n", "decrypt", "--private-key",
                    v.get("recipientPrivateKey").asText());
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
        Case[] cases = {
            new Case("tampered", tampered, new String[] {"decrypt", "--private-key", privateKey}, "tag"),
            new Case("not hex", "0x" + envelope, new String[] {"decrypt", "--private-key", privateKey}, "not hex"),
            new Case("too short", envelope.substring(0, 100), new String[] {"decrypt", "--private-key", privateKey}, "minimum"),
            new Case("bad private key", envelope, new String[] {"decrypt", "--private-key", "12zz"}, "64 hex digits"),
            new Case("zero private key", envelope, new String[] {"decrypt", "--private-key", "0".repeat(64)}, "range"),
            new Case("bad public key", "hi", new String[] {"encrypt", "--public-key", "04" + "1".repeat(128)}, "not a point"),
            new Case("unknown provider", "hi", new String[] {"keygen", "--provider", "nosuch"}, "not installed"),
            new Case("provider without key agreement", envelope,
                    new String[] {"decrypt", "--private-key", privateKey, "--provider", "jca"}, "secp256k1 key agreement"),
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
