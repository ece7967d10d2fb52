package io.venice.e2ee.client;

import com.sun.net.httpserver.HttpServer;
import io.venice.e2ee.VeniceE2eeException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile server answers outside the chat stream: any model list (over real loopback HTTP, through the
 * client's public call) and any error body or Retry-After header. A model list is read or refused as a protocol
 * error; an error answer always becomes one of the library's exceptions, whatever its body.
 */
class ServerAnswersFuzzTest {
    private static HttpServer server;
    private static final AtomicReference<byte[]> MODELS = new AtomicReference<>(new byte[0]);
    private static VeniceClient client;

    @BeforeContainer
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/models", ex -> {
            try (ex) {
                byte[] body = MODELS.get();
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(body);
                }
            }
        });
        server.start();
        client = VeniceClient.builder().apiKey("k")
                .baseUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1"))
                .retryPolicy(RetryPolicy.none()).build();
    }

    @AfterContainer
    static void stop() {
        client.close();
        server.stop(0);
    }

    @Provide
    Arbitrary<String> modelLists() {
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20).map(s -> "\"" + s + "\""),
                Arbitraries.of("null", "1", "true", "[]", "{}", "{\"capabilities\":{\"supportsE2EE\":\"yes\"}}"));
        Arbitrary<String> model = Combinators.combine(value, value, value).as((id, type, spec) ->
                "{\"id\":" + id + ",\"type\":" + type + ",\"model_spec\":" + spec + "}");
        return Arbitraries.oneOf(model.list().ofMaxSize(4).map(ms -> "{\"data\":[" + String.join(",", ms) + "]}"),
                value.map(v -> "{\"data\":" + v + "}"), Arbitraries.strings().ofMaxLength(100),
                Arbitraries.just("[" .repeat(5000)), Arbitraries.just(""));
    }

    @Property(tries = 100)
    void anyModelListIsReadOrRefusedAsAProtocolError(@ForAll("modelLists") String body) {
        MODELS.set(body.getBytes(StandardCharsets.UTF_8));
        try {
            List<ModelInfo> models = client.listModels();
            assertThat(models).allSatisfy(m -> assertThat(m.id()).isNotBlank());
        } catch (VeniceE2eeException typed) {
            // refused by name
        } catch (Throwable t) {
            throw new AssertionError("untyped " + t + " for the model list " + body, t);
        }
    }

    @Provide
    Arbitrary<byte[]> errorBodies() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.strings().ofMaxLength(300).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().ofMaxLength(50).map(s -> ("{\"error\":\"" + s + "\"}").getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().ofMaxLength(50).map(s -> ("{\"error\":{\"message\":" + s + "}}")
                        .getBytes(StandardCharsets.UTF_8)),
                Arbitraries.just("{\"error\":".repeat(3000).getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<String> retryAfter() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), Arbitraries.just(null),
                Arbitraries.longs().map(l -> Long.toString(l)), Arbitraries.just("Wed, 21 Oct 2015 07:28:00 GMT"),
                Arbitraries.just("99999999999999999999999"), Arbitraries.just("-1"));
    }

    @Property
    void anyErrorAnswerBecomesOneOfTheLibrarysExceptions(@ForAll("errorBodies") byte[] body,
                                                         @ForAll("retryAfter") String retryAfter,
                                                         @ForAll int status) {
        Clock clock = Clock.fixed(Instant.parse("2026-04-24T01:58:41Z"), ZoneOffset.UTC);
        VeniceE2eeException e;
        try {
            e = HttpErrors.of(URI.create("http://127.0.0.1/api/v1/chat/completions"), status, retryAfter, body, clock);
        } catch (Throwable t) {
            throw new AssertionError("HttpErrors threw " + t + " for status " + status, t);
        }
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isNotBlank();
    }
}
