package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded jar, through the {@code ./venice-e2ee} launcher: services merged, signatures dropped, the manifest that
 * enables the constant-time engine, commands work.
 */
class ShadedJarIT {
    private static final Path JAR = Launcher.ROOT.resolve("venice-e2ee-cli/target/venice-e2ee.jar");

    @Test
    void jarMergesProviderServicesAndDropsSignatures() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            var services = jar.getEntry("META-INF/services/io.venice.e2ee.spi.CryptoProvider");
            assertThat(services).isNotNull();
            String lines = new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(lines).contains("io.venice.e2ee.crypto.bc.BcCryptoProvider")
                    .contains("io.venice.e2ee.crypto.jca.JcaCryptoProvider");
            List<String> signatures = jar.stream().map(e -> e.getName())
                    .filter(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)")).toList();
            assertThat(signatures).isEmpty();
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Main.class.getName());
            assertThat(jar.getManifest().getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
            assertThat(jar.getManifest().getMainAttributes().getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
        }
    }

    /**
     * On JDK 22+ the jar (java -jar, whose manifest enables native access) runs the constant-time engine; the same
     * jar on the class path without native access falls back to the JNI engine and says how to enable it.
     */
    @Test
    @EnabledForJreRange(min = JRE.JAVA_22)
    void onJdk22TheJarRunsTheConstantTimeEngineAndSaysHowToEnableItWhenNativeAccessIsOff() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = JAR.toString();
        JsonNode withManifest = nativeKeyAgreement(Launcher.exec(List.of(java, "-jar", jar, "providers", "--json"), ""));
        assertThat(withManifest.get("timing").asText()).isEqualTo("CONSTANT_TIME");
        assertThat(withManifest.get("detail").asText()).contains("secp256k1_ecdh").contains("java.lang.foreign");

        JsonNode classPath = nativeKeyAgreement(Launcher.exec(
                List.of(java, "-cp", jar, Main.class.getName(), "providers", "--json"), ""));
        assertThat(classPath.get("timing").asText()).isEqualTo("BLINDED_VARIABLE_TIME");
        assertThat(classPath.get("detail").asText()).contains("native access is not enabled")
                .contains("--enable-native-access=ALL-UNNAMED");
    }

    private static JsonNode nativeKeyAgreement(Launcher.Result r) throws Exception {
        assertThat(r.exitCode()).as(r.err()).isZero();
        for (JsonNode p : new ObjectMapper().readTree(r.out()).get("providers")) {
            if (p.get("name").asText().equals("native")) {
                return p.get("primitives").get("KEY_AGREEMENT");
            }
        }
        throw new AssertionError("no native provider in " + r.out());
    }

    @Test
    void providersListsBcAndJcaFromTheJar() throws Exception {
        Launcher.Result r = Launcher.cli("", "providers", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("providers").findValuesAsText("name")).contains("bc", "jca");
        assertThat(root.get("chosen").get("KEY_AGREEMENT").isNull()).isFalse();
    }

    @Test
    void exitCodesFromTheJar() {
        Launcher.Result usage = Launcher.cli("", "encrypt");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err().strip()).doesNotContain("\n").contains("--public-key");
        Launcher.Result refused = Launcher.cli("11".repeat(32) + "\n00", "decrypt", "--private-key", "-");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err().strip()).doesNotContain("\n").doesNotContain("11".repeat(32));
        assertThat(Launcher.cli("", "--help").exitCode()).isZero();
    }
}
