package io.venice.e2ee.proxy;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static io.venice.e2ee.proxy.ProxyHarness.chat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With signature checking on, each answer's response signature is fetched once it is complete and checked against
 * the attested address and the exchange's hashes: in a header of a non-streamed answer, in a trailer of a streamed one
 * that asked for trailers, and in the metrics.
 */
class ProxySignatureTest {
    private static final String MODEL = "e2ee-glm-5";

    @Test
    void signaturesAreCheckedAndReported() throws Exception {
        try (ProxyHarness h = new ProxyHarness(ProxyHarness.simulator().build(), b -> b.verifySignatures(true))) {
            HttpResponse<String> whole = h.post("/chat/completions", chat(MODEL, "sign this", false));
            assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
            assertThat(whole.headers().firstValue(Responses.SIGNATURE)).hasValue("passed");

            try (RawHttp c = RawHttp.post(h.proxy.port(), "/v1/chat/completions", chat(MODEL, "sign this", true)
                    .toString(), 0, "TE", "trailers")) {
                RawHttp.Response r = c.read();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.headers().get("trailer")).isEqualToIgnoringCase(Responses.SIGNATURE);
                assertThat(r.body()).contains("data: [DONE]");
                assertThat(r.trailers()).containsEntry(Responses.SIGNATURE.toLowerCase(java.util.Locale.ROOT),
                        "passed");
            }
            // without TE: trailers the stream ends at once; the check still runs and is counted
            HttpResponse<String> streamed = h.post("/chat/completions", chat(MODEL, "sign this", true));
            assertThat(streamed.statusCode()).isEqualTo(200);
            assertThat(streamed.headers().firstValue("Trailer")).isEmpty();
            assertThat(ProxyHarness.streamedText(streamed.body())).isEqualTo("Echo: sign this (2 words)");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (h.metric("venice_proxy_signatures_total{verdict=\"passed\"}") < 3 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(h.metric("venice_proxy_signatures_total{verdict=\"passed\"}")).isEqualTo(3);
        }
    }
}
