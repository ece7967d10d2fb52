package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-checks with Venice's Python reference code (Debian's python3-cryptography and python3-ecdsa): fresh vectors
 * made there with a new seed open with {@code ./venice-e2ee decrypt} on every provider that serves a whole envelope,
 * and envelopes made by {@code ./venice-e2ee encrypt} open in the reference decrypt code. Never skipped: a missing
 * Python package fails the test, and {@code .ci/run} installs them.
 */
class ReferenceClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = "venice-e2ee-cli/src/test/python/reference_e2ee.py";

    private static List<String> fullProviders;

    @BeforeAll
    static void checkPythonAndProviders() throws Exception {
        Launcher.Result probe = Launcher.exec(List.of(Launcher.python(), "-c", "import cryptography, ecdsa"), "");
        assertThat(probe.exitCode())
                .as("the Python reference libraries are missing (apt-get install -y python3-cryptography"
                        + " python3-ecdsa): %s", probe.err())
                .isZero();
        Launcher.Result providers = Launcher.cli("", "providers", "--json");
        assertThat(providers.exitCode()).as(providers.err()).isZero();
        fullProviders = new ArrayList<>();
        for (JsonNode p : JSON.readTree(providers.out()).get("providers")) {
            JsonNode prim = p.get("primitives");
            if (prim.get("KEY_AGREEMENT").get("available").asBoolean() && prim.get("KDF").get("available").asBoolean()
                    && prim.get("AEAD").get("available").asBoolean()) {
                fullProviders.add(p.get("name").asText());
            }
        }
        assertThat(fullProviders).contains("bc");
    }

    @Test
    void freshPythonVectorsOpenWithTheCliOnEveryFullProvider() throws Exception {
        long seed = 2 + (new SecureRandom().nextLong() >>> 1);   // never the golden file's seed 1
        Launcher.Result gen = Launcher.exec(List.of(Launcher.python(), SCRIPT, "generate", "--seed",
                Long.toString(seed), "--count", "5"), "");
        assertThat(gen.exitCode()).as(gen.err()).isZero();
        JsonNode vectors = JSON.readTree(gen.out());
        assertThat(vectors.size()).isEqualTo(5);
        List<List<String>> choices = new ArrayList<>();
        choices.add(List.of());                                   // the default choice per primitive
        fullProviders.forEach(name -> choices.add(List.of("--provider", name)));
        for (JsonNode v : vectors) {
            for (List<String> choice : choices) {
                // --raw: the plaintext byte for byte, whatever characters the reference chose
                List<String> args = new ArrayList<>(List.of("decrypt", "--private-key", "-", "--raw"));
                args.addAll(choice);
                Launcher.Result r = Launcher.cli(v.get("recipientPrivateKey").asText() + "\n"
                        + v.get("envelope").asText() + "\n", args.toArray(String[]::new));
                assertThat(r.exitCode()).as("seed %d, %s: %s", seed, choice, r.err()).isZero();
                assertThat(r.out()).as("seed %d, %s", seed, choice).isEqualTo(v.get("plaintext").asText());
            }
        }
    }

    @Test
    void cliEnvelopesOpenInThePythonReference() throws Exception {
        Launcher.Result keygen = Launcher.cli("", "keygen", "--json");
        assertThat(keygen.exitCode()).as(keygen.err()).isZero();
        JsonNode key = JSON.readTree(keygen.out());
        String publicKey = key.get("publicKey").asText();
        List<String> plaintexts = List.of("What is 2+2? Answer briefly.", "", "h\u00e9llo \ud83d\udd10 \u4e16\u754c\n",
                "y".repeat(3000));
        ArrayNode batch = JSON.createArrayNode();
        List<String> expected = new ArrayList<>();
        List<String> providers = new ArrayList<>(fullProviders);
        for (int i = 0; i < plaintexts.size(); i++) {
            String provider = providers.get(i % providers.size());
            String given = i % 2 == 0 ? publicKey : publicKey.substring(2);
            Launcher.Result enc = Launcher.cli(plaintexts.get(i), "encrypt", "--public-key", given, "--provider", provider);
            assertThat(enc.exitCode()).as(enc.err()).isZero();
            batch.addObject().put("privateKey", key.get("privateKey").asText()).put("envelope", enc.out().strip());
            expected.add(plaintexts.get(i));
        }
        Launcher.Result dec = Launcher.exec(List.of(Launcher.python(), SCRIPT, "decrypt"), JSON.writeValueAsString(batch));
        assertThat(dec.exitCode()).as(dec.err()).isZero();
        JsonNode results = JSON.readTree(dec.out());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(results.get(i).isTextual()).as("reference decrypt of envelope %d: %s", i, results.get(i)).isTrue();
            assertThat(results.get(i).asText()).isEqualTo(expected.get(i));
        }
    }
}
