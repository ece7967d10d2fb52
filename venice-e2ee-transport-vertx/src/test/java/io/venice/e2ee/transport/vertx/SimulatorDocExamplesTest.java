package io.venice.e2ee.transport.vertx;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.client.SessionException;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.simulator.Fault;
import io.venice.e2ee.simulator.VeniceSimulator;
import io.venice.e2ee.testing.ReadmeSnippets;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The Java examples of docs/simulator.md: embedding the simulator runs here as written, and the JUnit 5 example is
 * two test classes of this module ({@link SimulatorExtensionDocExampleTest},
 * {@link ConfiguredSimulatorExtensionDocExampleTest}) that the build runs; each is checked against the page.
 */
class SimulatorDocExamplesTest {
    private static final Path PAGE = ReadmeSnippets.page("docs/simulator.md");

    @Test
    void embedIt() {
        Throwable refused;
        ChatCompletion answer;
        // DOC:embed begin
        try (VeniceSimulator sim = VeniceSimulator.builder().port(0).host("127.0.0.1").build()) {
            URI base = sim.start();                              // http://127.0.0.1:PORT/api/v1
            List<X509Certificate> roots = sim.trustAnchors();    // [TDX, NVIDIA and NRAS test roots]
            VerificationPolicy.Builder policy = VerificationPolicy.builder().level(VerificationPolicy.Level.DCAP);
            roots.forEach(policy::extraTrustAnchor);             // opt in, for this client only
            try (VeniceClient client = VeniceClient.builder().baseUrl(base).apiKey("any").policy(policy.build())
                    .freshAttestation(true).build()) {        // each session attests anew: the fault is seen at once
                answer = client.chat("e2ee-glm-5", ChatRequest.ofUser("Hi")).readAll(); // DOC: client.chat("e2ee-glm-5", ChatRequest.ofUser("Hi")).readAll();   // "Echo: Hi (1 word)"
                sim.faults().enable(Fault.DEBUG_QUOTE);          // server-wide, until disabled
                refused = catchThrowable(() -> client.openSession("e2ee-glm-5")); // DOC: client.openSession("e2ee-glm-5");                // SessionException.AttestationRejected naming tdx.debug
            }
        }
        // DOC:embed end
        assertThat(answer.content()).isEqualTo("Echo: Hi (1 word)");
        assertThat(refused).isInstanceOf(SessionException.AttestationRejected.class).hasMessageContaining("tdx.debug");
        ReadmeSnippets.assertInSync(ReadmeSnippets.block(PAGE, "## Embed it", "java", 0),
                ReadmeSnippets.region(Path.of("src/test/java/io/venice/e2ee/transport/vertx/SimulatorDocExamplesTest.java"),
                        "embed"));
    }

    @Test
    void theJUnitExampleIsTheCodeTheBuildRuns() {
        ReadmeSnippets.assertInSync(ReadmeSnippets.block(PAGE, "### In JUnit 5 tests", "java", 0),
                ReadmeSnippets.region(Path.of("src/test/java/io/venice/e2ee/transport/vertx/SimulatorJUnitDocExample.java"),
                        "junit"));
    }
}
