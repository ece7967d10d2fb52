package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The shaded jar, through the {@code ./venice-e2ee} launcher: services merged, signatures dropped, commands work. */
class ShadedJarIT {
    @Test
    void jarMergesProviderServicesAndDropsSignatures() throws Exception {
        try (JarFile jar = new JarFile(Launcher.ROOT.resolve("venice-e2ee-cli/target/venice-e2ee.jar").toFile())) {
            var services = jar.getEntry("META-INF/services/io.venice.e2ee.spi.CryptoProvider");
            assertThat(services).isNotNull();
            String lines = new String(jar.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(lines).contains("io.venice.e2ee.crypto.bc.BcCryptoProvider")
                    .contains("io.venice.e2ee.crypto.jca.JcaCryptoProvider");
            List<String> signatures = jar.stream().map(e -> e.getName())
                    .filter(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)")).toList();
            assertThat(signatures).isEmpty();
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Main.class.getName());
        }
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
        Launcher.Result refused = Launcher.cli("00", "decrypt", "--private-key", "11".repeat(32));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err().strip()).doesNotContain("\n").doesNotContain("11".repeat(32));
        assertThat(Launcher.cli("", "--help").exitCode()).isZero();
    }
}
