package io.venice.e2ee.transport.vertx;

import io.venice.e2ee.attestation.AttestationReport;
import io.venice.e2ee.attestation.AttestationVerification;
import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.attestation.VerificationContext;
import io.venice.e2ee.attestation.VerificationReport;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatDelta;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.client.E2eeSession;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.envelope.PublicKeyHex;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.testing.ReadmeSnippets;
import io.venice.e2ee.testing.TestVectors;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Java examples, as written there, run against the simulator over loopback (the only differences: the
 * lines that say where Venice is, waits where the README leaves an answer to arrive later, and keys made up front
 * where the README's come from a server); each test also checks that the README still shows exactly the code it ran.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeExamplesTest {
    private static final Path SOURCE = Path.of("src/test/java/io/venice/e2ee/transport/vertx/ReadmeExamplesTest.java");
    private final SimulatorServer server = new SimulatorServer();
    private final Vertx vertx = Vertx.vertx();

    @AfterAll
    void stop() {
        server.close();
        vertx.close().await();
    }

    private VeniceClient.Builder builder() {
        VerificationPolicy.Builder policy = VerificationPolicy.builder();
        server.trustAnchors().forEach(policy::extraTrustAnchor);
        return VeniceClient.builder().apiKey("test-key").baseUrl(server.baseUrl()).policy(policy.build());
    }

    @Test
    void blocking() throws Exception {
        String printed = ClientDocExamplesTest.printedBy(() -> {
            // README:blocking begin
            try (VeniceClient client = builder().build(); // README: try (VeniceClient client = VeniceClient.builder().apiKey(System.getenv("API_KEY_VENICE")).build();
                 E2eeSession session = client.openSession("e2ee-qwen3-5-122b-a10b");   // attest + verify + fresh key pair
                 ChatStream answer = session.chat(ChatRequest.builder()
                         .system("Answer briefly.").user("What is 2+2?").build())) {
                for (ChatDelta delta : answer) {
                    System.out.print(delta.text());                  // decrypted as it arrives
                }
                ChatCompletion done = answer.completion().join();    // id, whole text, finish_reason, usage
                System.out.println(session.report().summary());     // what was verified, check by check
            }
            // README:blocking end
        });
        assertThat(printed).startsWith("Echo: What is 2+2? (3 words)PASSED at level dcap:")
                .contains("All 15 required checks passed");
        inSync("### Blocking", "blocking");
    }

    @Test
    void async() throws Exception {
        CompletableFuture<String> text = new CompletableFuture<>();
        Flow.Subscriber<ChatDelta> mySubscriber = ClientDocExamplesTest.collectingInto(text);
        try (VeniceClient client = builder().build()) {
            // README:async begin
            client.openSessionAsync("e2ee-glm-5")
                  .thenCompose(s -> s.chatAsync(ChatRequest.ofUser("Hello")))
                  .thenAccept(stream -> stream.subscribe(mySubscriber));   // Flow.Publisher<ChatDelta>, back-pressure by request(n)
            // README:async end
            assertThat(text.get(30, TimeUnit.SECONDS)).isEqualTo("Echo: Hello (1 word)");
        }
        inSync("### Async", "async");
    }

    @Test
    void vertx() throws Exception {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        String printed = ClientDocExamplesTest.printedBy(() -> {
            // README:vertx begin
            VertxVeniceClient venice = VertxVeniceClient.create(vertx, builder()); // README: VertxVeniceClient venice = VertxVeniceClient.create(vertx, VeniceClient.builder().apiKey(key));
            venice.complete("e2ee-glm-5", ChatRequest.ofUser("What is 2+2?"))
                  .onSuccess(done -> System.out.println(done.content())).await(); // README: .onSuccess(done -> System.out.println(done.content()));
            venice.chatReadStream("e2ee-glm-5", ChatRequest.ofUser("Count to three."))   // a ReadStream<ChatDelta>
                  .onSuccess(deltas -> deltas.handler(d -> System.out.print(d.text()))   // on this context
                                             .endHandler(v -> { System.out.println(); ended.complete(null); })); // README: .endHandler(v -> System.out.println()));      // pause(), fetch(n), pipeTo(...)
            // README:vertx end
            ended.get(30, TimeUnit.SECONDS);
            venice.close();
        });
        assertThat(printed).isEqualTo("Echo: What is 2+2? (3 words)" + System.lineSeparator()
                + "Echo: Count to three. (3 words)" + System.lineSeparator());
        inSync("### Vert.x", "vertx");
    }

    @Test
    void verifyingEvidenceYourself() {
        String json = new String(TestVectors.bytes(
                "venice/capture-2026-04-24/0001_api.venice.ai_api_v1_tee_attestation.body"), StandardCharsets.UTF_8);
        byte[] nonce = Hex.decode(TestVectors.json("venice/capture-2026-04-24/manifest.json").get("nonce_hex").asText());
        // README:evidence begin
        AttestationReport report = AttestationReport.parse(json);
        VerificationReport result = AttestationVerification.verify(report, VerificationPolicy.defaults(),
                VerificationContext.builder().expectedNonce(nonce).at(Instant.parse("2026-04-24T01:58:41Z")).build());
        result.passed();                              // the verdict: every check the level requires ran and passed
        result.failures();                            // why not: failed checks, required checks skipped or missing
        result.checks();                              // every check: id, pass / fail / skip, one-line reason
        // README:evidence end
        assertThat(result.passed()).as(result.summary()).isTrue();
        assertThat(result.failures()).isEmpty();
        assertThat(result.checks()).isNotEmpty();
        inSync("### Verifying evidence yourself", "evidence");
    }

    @Test
    void oneEnvelope() {
        String modelKeyHex;
        String envelopeFromTheStream;
        try (EcdhKeyPair model = new EnvelopeCipher(CryptoSuite.defaults()).keyAgreement().generateKeyPair();
             EcdhKeyPair sessionKey = new EnvelopeCipher(CryptoSuite.defaults()).keyAgreement().generateKeyPair()) {
            modelKeyHex = PublicKeyHex.format(model.publicKey()).substring(2);   // as some servers send it
            envelopeFromTheStream = new EnvelopeCipher(CryptoSuite.defaults()).seal(sessionKey.publicKey(), "Four");
            // README:envelope begin
            EnvelopeCipher cipher = new EnvelopeCipher(CryptoSuite.defaults());
            String envelope = cipher.seal(PublicKeyHex.parse(modelKeyHex), "What is 2+2?");   // fresh ephemeral key and nonce
            try (EcdhKeyPair session = sessionKey) { // README: try (EcdhKeyPair session = cipher.keyAgreement().generateKeyPair()) {
                String text = cipher.openToString(session, envelopeFromTheStream); assertThat(text).isEqualTo("Four"); // README: String text = cipher.openToString(session, envelopeFromTheStream);   // EnvelopeException names the failed check
            }
            // README:envelope end
            assertThat(cipher.openToString(model, envelope)).isEqualTo("What is 2+2?");
        }
        inSync("### One envelope", "envelope");
    }

    @Test
    void pickingACryptoProvider() {
        // README:providers begin
        CryptoSuite best   = CryptoSuite.defaults();                        // best per primitive
        CryptoSuite onlyBc = CryptoSuite.builder().provider("bc").build();  // one provider for everything
        CryptoSuite mixed  = CryptoSuite.builder()                          // chosen per primitive
                .use(Primitive.KEY_AGREEMENT, "native")
                .use(Primitive.AEAD, "jca")
                .build();
        VeniceClient.builder().crypto(mixed);
        // README:providers end
        assertThat(best.providerName(Primitive.KEY_AGREEMENT)).isEqualTo("native");
        assertThat(onlyBc.providerName(Primitive.AEAD)).isEqualTo("bc");
        assertThat(onlyBc.providerName(Primitive.KEY_AGREEMENT)).isEqualTo("bc");
        assertThat(mixed.providerName(Primitive.KEY_AGREEMENT)).isEqualTo("native");
        assertThat(mixed.providerName(Primitive.AEAD)).isEqualTo("jca");
        try (VeniceClient client = builder().crypto(mixed).build();
             ChatStream answer = client.chat("e2ee-glm-5", ChatRequest.ofUser("Mixed?"))) {
            assertThat(answer.collect().join().content()).isEqualTo("Echo: Mixed? (1 word)");
        }
        inSync("## Picking a crypto provider", "providers");
    }

    @Test
    void theDependencyIsTheBomAndTheAggregateOfThisVersion() throws Exception {
        String block = String.join("\n", ReadmeSnippets.block(ReadmeSnippets.readme(), "## Java", "xml", 0));
        Path root = ReadmeSnippets.repositoryRoot();
        String version = firstElement(Files.readString(root.resolve("pom.xml")), "version");
        assertThat(block).contains("<artifactId>venice-e2ee-bom</artifactId>", "<version>" + version + "</version>",
                "<type>pom</type>", "<scope>import</scope>", "<artifactId>venice-e2ee-all</artifactId>");
        assertThat(firstElement(Files.readString(root.resolve("venice-e2ee-bom/pom.xml")).replaceFirst(
                "(?s)<parent>.*?</parent>", ""), "artifactId")).isEqualTo("venice-e2ee-bom");
        String all = Files.readString(root.resolve("venice-e2ee-all/pom.xml"));
        assertThat(all).as("client + native + jca + bc, as the README says").contains(
                "<artifactId>venice-e2ee-client</artifactId>", "<artifactId>venice-e2ee-crypto-native</artifactId>",
                "<artifactId>venice-e2ee-crypto-jca</artifactId>", "<artifactId>venice-e2ee-crypto-bc</artifactId>");
    }

    private static String firstElement(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(xml);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    private static void inSync(String heading, String region) {
        ReadmeSnippets.assertInSync(ReadmeSnippets.block(heading, "java"), ReadmeSnippets.region(SOURCE, region));
    }
}
