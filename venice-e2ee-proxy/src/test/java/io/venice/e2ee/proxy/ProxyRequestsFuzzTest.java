package io.venice.e2ee.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.proxy.openai.OpenAiRequestFuzzTest;
import io.venice.e2ee.testing.JsonMutations;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile chat requests over real loopback HTTP to a proxy in front of the embedded simulator: every answer is a
 * success or a 4xx whose body is an OpenAI error object naming what failed (never a 500, never a stack trace), and
 * the proxy keeps serving: a valid chat after each hostile one is answered. Few tries: each is a real exchange.
 */
class ProxyRequestsFuzzTest {
    private static final String MODEL = "e2ee-glm-5";
    private static ProxyHarness h;

    @BeforeContainer
    static void start() {
        h = new ProxyHarness(ProxyHarness.simulator().build());
    }

    @AfterContainer
    static void stop() {
        h.close();
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> mutated = Arbitraries.oneOf(OpenAiRequestFuzzTest.REQUESTS.stream()
                .map(r -> JsonMutations.of(r, 4)).toList()).map(s -> s.getBytes(StandardCharsets.UTF_8))
                // a multi-megabyte prompt is a real chat of that size (over a minute on a loaded machine), not a
                // hostile form: huge strings are OpenAiRequestFuzzTest's
                .filter(b -> b.length < (1 << 20));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, mutated),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)));
    }

    @Property(tries = 30)
    void everyHostileRequestIsAnsweredWithAnOpenAiErrorOrASuccessAndTheProxyKeepsServing(
            @ForAll("bodies") byte[] body) {
        String shown = new String(body, StandardCharsets.UTF_8);
        HttpResponse<String> r = ProxyHarness.send(h.request("/chat/completions")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
        assertThat(r.statusCode()).as("status for %s: %s", shown, r.body()).isIn(200, 400, 401, 403, 404, 409, 413,
                415, 422, 429);
        assertThat(r.body()).as(shown).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("internal_error");
        if (r.statusCode() != 200) {
            JsonNode error = ProxyHarness.json(r.body()).path("error");
            assertThat(error.path("message").isTextual()).as(r.body()).isTrue();
            assertThat(error.path("message").asText()).as(r.body()).isNotBlank();
            assertThat(error.path("type").asText()).as(r.body()).isNotBlank();
        }
        // both kinds of answer must occur, or the property checked nothing
        Statistics.label("answer").collect(r.statusCode() == 200 ? "success" : "refused");
        Statistics.label("answer").coverage(c -> {
            c.check("success").count(n -> n > 0);
            c.check("refused").count(n -> n > 0);
        });
        HttpResponse<String> after = h.post("/chat/completions", ProxyHarness.chat(MODEL, "still there?", false));
        assertThat(after.statusCode()).as("a valid chat after %s: %s", shown, after.body()).isEqualTo(200);
        assertThat(ProxyHarness.json(after.body()).path("choices").path(0).path("message").path("content").asText())
                .isNotEmpty();
    }
}
