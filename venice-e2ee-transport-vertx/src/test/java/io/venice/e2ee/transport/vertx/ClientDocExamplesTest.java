package io.venice.e2ee.transport.vertx;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatDelta;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.chat.ChunkDecryptor;
import io.venice.e2ee.client.E2eeSession;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.sse.SseDecoder;
import io.venice.e2ee.testing.ReadmeSnippets;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java examples of docs/client.md, as written there, against the simulator over loopback (the only differences:
 * the lines that say where Venice is, and a wait where the page leaves an answer to arrive later); each test also
 * checks that the page still shows exactly the code it ran.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientDocExamplesTest {
    private static final Path SOURCE = Path.of("src/test/java/io/venice/e2ee/transport/vertx/ClientDocExamplesTest.java");
    private static final Path PAGE = ReadmeSnippets.page("docs/client.md");

    private final SimulatorServer server = new SimulatorServer();
    private final Vertx vertx = Vertx.vertx();
    private final StringBuffer rendered = new StringBuffer();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private long index;

    @AfterAll
    void stop() {
        server.close();
        vertx.close().await();
    }

    private VeniceClient.Builder builder() {
        VerificationPolicy.Builder policy = VerificationPolicy.builder();
        server.trustAnchors().forEach(policy::extraTrustAnchor);
        return VeniceClient.builder().apiKey("test-key").baseUrl(server.baseUrl().toString()).policy(policy.build());
    }

    @Test
    void blocking() throws Exception {
        String printed = printedBy(() -> {
            // DOC:blocking begin
            try (VeniceClient client = builder().build(); // DOC: try (VeniceClient client = VeniceClient.builder().apiKey(System.getenv("API_KEY_VENICE")).build();
                 E2eeSession session = client.openSession("e2ee-qwen3-5-122b-a10b");      // attest + verify + fresh key pair
                 ChatStream answer = session.chat(ChatRequest.builder()
                         .system("Answer briefly.").user("What is 2+2?").build())) {
                for (ChatDelta d : answer) {
                    System.out.print(d.text());                     // decrypted; d.reasoning() for reasoning models
                }
                ChatCompletion done = answer.completion().join();   // id, joined text, finish_reason, usage
            }
            // DOC:blocking end
        });
        assertThat(printed).isEqualTo("Echo: What is 2+2? (3 words)");
        inSync("## Java: blocking", "blocking");
    }

    @Test
    void async() throws Exception {
        CompletableFuture<String> subscribed = new CompletableFuture<>();
        Flow.Subscriber<ChatDelta> mySubscriber = collectingInto(subscribed);
        String printed;
        try (VeniceClient client = builder().build()) {
            printed = printedBy(() -> {
                // DOC:async begin
                client.openSessionAsync("e2ee-glm-5")
                      .thenCompose(s -> s.chatAsync(ChatRequest.ofUser("Hello")))
                      .thenAccept(stream -> stream.subscribe(mySubscriber));   // Flow.Publisher<ChatDelta>, back-pressure by request(n)
                client.chatAsync("e2ee-glm-5", ChatRequest.ofUser("Hello")).thenCompose(ChatStream::collect)
                      .thenAccept(done -> System.out.println(done.content())).toCompletableFuture().join(); // DOC: .thenAccept(done -> System.out.println(done.content()));
                // DOC:async end
            });
            assertThat(subscribed.get(30, TimeUnit.SECONDS)).isEqualTo("Echo: Hello (1 word)");
        }
        assertThat(printed).isEqualTo("Echo: Hello (1 word)" + System.lineSeparator());
        inSync("## Java: async", "async");
    }

    @Test
    void vertx() throws Exception {
        String printed = printedBy(() -> {
            // DOC:vertx begin
            VertxVeniceClient venice = VertxVeniceClient.create(vertx, builder()); // DOC: VertxVeniceClient venice = VertxVeniceClient.create(vertx, VeniceClient.builder().apiKey(key));
            venice.complete("e2ee-glm-5", ChatRequest.ofUser("What is 2+2?"))
                  .onSuccess(done -> System.out.println(done.content())).await(); // DOC: .onSuccess(done -> System.out.println(done.content()));
            venice.openSession("e2ee-glm-5").compose(s -> venice.chat(s, ChatRequest.ofUser("Hi")));   // Future<ChatStream>
            venice.chatReadStream("e2ee-glm-5", ChatRequest.ofUser("Hi"))                               // Future<ChatReadStream>
                  .onSuccess(deltas -> deltas.handler(d -> render(d.text())).endHandler(v -> done()));
            // DOC:vertx end
            assertThat(ended.get(30, TimeUnit.SECONDS)).isEqualTo("Echo: Hi (1 word)");
            venice.close();
        });
        assertThat(printed).isEqualTo("Echo: What is 2+2? (3 words)" + System.lineSeparator());
        inSync("## Java: Vert.x", "vertx");
    }

    @Test
    void benchmarkEntryPoint() {
        CryptoSuite suite = CryptoSuite.defaults();
        List<String> texts = new ArrayList<>();
        Consumer<String> sink = texts::add;
        try (EcdhKeyPair sessionKeyPair = suite.keyAgreement().generateKeyPair()) {
            EnvelopeCipher enclave = new EnvelopeCipher(suite);
            StringBuilder stream = new StringBuilder();
            for (String piece : List.of("Four", ", as ", "asked.")) {
                stream.append("data: {\"choices\":[{\"delta\":{\"content\":\"")
                        .append(enclave.seal(sessionKeyPair.publicKey(), piece)).append("\"}}]}\n\n");
            }
            byte[] bytes = stream.append("data: [DONE]\n\n").toString().getBytes(StandardCharsets.UTF_8);
            // DOC:bench begin
            ChunkDecryptor d = ChunkDecryptor.e2ee(new EnvelopeCipher(suite), sessionKeyPair, false);   // thread-safe
            SseDecoder sse = new SseDecoder((type, data, off, len) -> {
                if (!ChunkDecryptor.isDone(data, off, len)) sink.accept(d.decrypt(data, off, len, index++).text());
            });
            sse.feed(bytes, 0, bytes.length);   // or feed(ByteBuffer); finish() at the end of the stream
            // DOC:bench end
        }
        assertThat(texts).containsExactly("Four", ", as ", "asked.");
        assertThat(index).isEqualTo(3);
        inSync("## Benchmark entry point: one SSE data line in, UTF-8 text out", "bench");
    }

    private void render(String text) {
        rendered.append(text);
    }

    private void done() {
        ended.complete(rendered.toString());
    }

    private static void inSync(String heading, String region) {
        ReadmeSnippets.assertInSync(ReadmeSnippets.block(PAGE, heading, "java", 0),
                ReadmeSnippets.region(SOURCE, region));
    }

    /** What {@code example} printed on standard output, which is swapped for a buffer while it runs. */
    static String printedBy(ThrowingRunnable example) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            example.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A subscriber that joins the deltas' text and completes {@code text} with it at the end of the stream. */
    static Flow.Subscriber<ChatDelta> collectingInto(CompletableFuture<String> text) {
        return new Flow.Subscriber<>() {
            private final StringBuilder sb = new StringBuilder();

            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ChatDelta d) {
                sb.append(d.text());
            }

            @Override
            public void onError(Throwable t) {
                text.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                text.complete(sb.toString());
            }
        };
    }

    /** An example that may throw. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
