package io.venice.e2ee.proxy;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.client.VeniceClient;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.simulator.Fault;
import io.venice.e2ee.simulator.VeniceSimulator;
import io.venice.e2ee.testing.LogCapture;
import io.venice.e2ee.testing.SecretRecordingProvider;
import io.venice.e2ee.testing.SecretScan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

import static io.venice.e2ee.proxy.ProxyHarness.chat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy keeps secrets and conversations out of its logs and its errors: over every fault the simulator can inject
 * (the whole {@link Fault} enum), bad OpenAI requests, wrong and missing API keys and clients that leave mid-answer,
 * every log record at every level (the proxy's, Vert.x's and Netty's, through {@code java.util.logging}) and every
 * error body the proxy answers are searched for the callers' API keys, the proxy's own key and every private key,
 * ECDH shared secret, HKDF output and AES key its sessions made ({@link SecretRecordingProvider},
 * {@link SecretScan#inText}); and the logs for the prompt and the answer. The proxy has no option to log bodies, so
 * none may ever appear there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyNoSecretInLogsTest {
    private static final String MODEL = "e2ee-glm-5";
    private static final String GATEWAY_MODEL = "e2ee-glm-5-2-p";
    private static final String PROXY_KEY = "vk-proxy-own-7d3e9a1c5b2f4e60";
    /** Distinctive: the simulator echoes it in the answer, so it stands for the request's and the answer's text. */
    private static final String PROMPT = "zebra-quartz-lantern-9471 says hello";

    private final SecretRecordingProvider recorder = new SecretRecordingProvider(CryptoSuite.defaults());
    private final List<String> keysUsed = new ArrayList<>(List.of(PROXY_KEY));
    private ProxyHarness h;
    private LogCapture logs;
    /** Every error body (and error event) the proxy answered in this test. */
    private final StringBuilder errors = new StringBuilder();

    @BeforeAll
    void start() {
        CryptoSuite suite = recorder.suite();
        VeniceSimulator sim = ProxyHarness.simulator().build();
        h = new ProxyHarness(sim, b -> {
            // policy dcap: the collateral faults' paths are the client's, searched in NoSecretInLogsOrMessagesTest
            VerificationPolicy.Builder p = VerificationPolicy.builder().level(VerificationPolicy.Level.DCAP);
            sim.trustAnchors().forEach(p::extraTrustAnchor);
            VerificationPolicy policy = p.build();
            b.client(key -> VeniceClient.builder().policy(policy).crypto(suite)).apiKey(PROXY_KEY).maxApiKeys(1_000)
                    .verifySignatures(true);
        });
    }

    @AfterAll
    void stop() {
        h.close();
    }

    @BeforeEach
    void capture() {
        errors.setLength(0);
        logs = LogCapture.start();
    }

    @AfterEach
    void release() {
        logs.close();
        h.sim.faults().clear();
    }

    /** A caller's own API key, new for each use so that each gets fresh sessions (faults reach the attestation). */
    private String freshKey() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String key = "vk-caller-" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        keysUsed.add(key);
        return key;
    }

    /** Sends {@code r}; keeps its body if it is an error, or if it is a stream that carries an error event. */
    private HttpResponse<String> send(HttpRequest r) {
        HttpResponse<String> resp = ProxyHarness.send(r);
        if (resp.statusCode() >= 400 || resp.body().contains("\"error\"")) {
            errors.append(resp.statusCode()).append(' ').append(resp.body()).append('\n');
        }
        return resp;
    }

    private HttpResponse<String> postChat(String body, String... headers) {
        return send(h.request("/chat/completions", headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A streamed chat with the caller's key, an aggregated one with the proxy's, and the attestation. */
    private void everyRoute(String model) {
        String key = freshKey();
        postChat(chat(model, PROMPT, true).toString(), "Authorization", "Bearer " + key);
        postChat(chat(model, PROMPT, false).toString());
        send(h.request("/e2ee/attestation?model=" + model, "Authorization", "Bearer " + key).GET().build());
    }

    /** Nothing recorded and no key in the logs or the error bodies; neither the prompt nor the answer in the logs. */
    private void assertNothingShown(String what) {
        String logged = logs.text();
        List<byte[]> secrets = new ArrayList<>(List.of(recorder.secretBytes()));
        keysUsed.forEach(k -> secrets.add(k.getBytes(StandardCharsets.US_ASCII)));
        byte[][] all = secrets.toArray(byte[][]::new);
        assertThat(SecretScan.inText(logged, all)).as(what + ": secrets in the logs:\n" + logged).isEmpty();
        assertThat(SecretScan.inText(errors, all)).as(what + ": secrets in the error bodies:\n" + errors).isEmpty();
        assertThat(logged).as(what + ": the logs hold the conversation").doesNotContain("zebra-quartz-lantern");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    void noFaultTheSimulatorCanInjectShowsASecretOrTheConversation(Fault fault) {
        h.sim.faults().enable(fault);
        everyRoute(MODEL);
        postChat(chat(GATEWAY_MODEL, PROMPT, true).toString(), "Authorization", "Bearer " + freshKey());
        assertNothingShown(fault.headerName());
    }

    @Test
    void aCleanRunMakesEverySecretAndLogsItsWorkWithoutAny() {
        everyRoute(MODEL);
        send(h.request("/models").GET().build());
        for (SecretRecordingProvider.Kind kind : SecretRecordingProvider.Kind.values()) {
            assertThat(recorder.recorded(kind)).as(kind.name()).isTrue();
        }
        // the proxy did log (its verifications and signatures): the search looked at real records
        assertThat(logs.text()).contains("verified " + MODEL).contains("signature of");
        assertNothingShown("a clean run");
    }

    @Test
    void badRequestsAndApiKeysShowNoSecretOrTheirBody() {
        String key = freshKey();
        String p = PROMPT.replace(" ", "_");
        String[] contentOnly = {
            "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + p + "\"}",   // cut short
            "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + p + "\"}],\"tools\":[{}]}",
            "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + p + "\"}],\"n\":2}",
        };
        for (String body : contentOnly) {
            postChat(body, "Authorization", "Bearer " + key);
        }
        assertThat(errors).contains("400").as("an error repeats a message's content")
                .doesNotContain("zebra-quartz-lantern");
        // the text elsewhere: an error may name a field's value back to its sender, but the log never holds it
        String[] bodies = {
            "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":" + p + "}]}",     // bare word
            "{\"model\":\"" + MODEL + "\",\"messages\":\"" + p + "\"}",
            "{\"model\":\"" + p + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + p + "\"}]}",
            "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"" + p + "\",\"content\":\"x\"}]}",
            "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":\"" + p + "\"}",
            p,
            "[\"" + p + "\"]",
        };
        for (String body : bodies) {
            postChat(body, "Authorization", "Bearer " + key);
        }
        // keys in the wrong shape or a header in the wrong form: refused without being repeated
        for (String auth : new String[] {"Basic " + key, "Bearer", key, "Bearer " + key + " " + key}) {
            postChat(chat(MODEL, PROMPT, true).toString(), "Authorization", auth);
        }
        assertThat(errors).contains("400").contains("401");
        assertNothingShown("bad requests");
    }

    @Test
    void aWrongApiKeyUpstreamIsA401ThatRepeatsNoKey() {
        try (LogCapture own = LogCapture.start();
             ProxyHarness keyed = new ProxyHarness(ProxyHarness.simulator().apiKey("vk-upstream-right-51c0e").build(),
                     b -> b.apiKey(null))) {
            String wrong = freshKey();
            HttpResponse<String> r = send(keyed.request("/chat/completions", "Authorization", "Bearer " + wrong)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(chat(MODEL, PROMPT, true).toString())).build());
            assertThat(r.statusCode()).isEqualTo(401);
            keysUsed.add("vk-upstream-right-51c0e");
            assertThat(SecretScan.inText(own.text() + errors, wrong.getBytes(StandardCharsets.US_ASCII))).isEmpty();
        }
        assertNothingShown("a wrong key upstream");
    }

    @Test
    void clientsThatLeaveMidAnswerLeaveNoSecretOrConversationInTheLogs() throws Exception {
        h.sim.faults().enable(Fault.SLOW_DRIP);
        String key = freshKey();
        for (boolean stream : new boolean[] {true, false}) {
            try (RawHttp c = RawHttp.post(h.proxy.port(), "/v1/chat/completions",
                    chat(MODEL, PROMPT + " " + "word ".repeat(40), stream).toString(), 0,
                    "Authorization", "Bearer " + key)) {
                if (stream) {
                    assertThat(c.readSome()).isNotEmpty();
                }
            }
        }
        // a request to the same proxy after both left completes: their ends were handled (and logged, if at all)
        h.sim.faults().clear();
        assertThat(postChat(chat(MODEL, PROMPT, false).toString(), "Authorization", "Bearer " + key).statusCode())
                .isEqualTo(200);
        assertNothingShown("clients that leave");
    }

    @Test
    void theSearchFindsWhatWouldLeak() {
        everyRoute(MODEL);
        byte[] aesKey = recorder.secrets().stream().filter(s -> s.kind() == SecretRecordingProvider.Kind.AES_KEY)
                .reduce((a, b) -> b).orElseThrow().bytes();
        Logger.getLogger(VeniceProxy.class.getName()).fine("key "
                + java.util.Base64.getEncoder().encodeToString(aesKey));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> assertNothingShown("planted key")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("secrets in the logs");
        logs.clear();
        System.getLogger(VeniceProxy.class.getName()).log(System.Logger.Level.INFO, "body: " + PROMPT);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> assertNothingShown("planted body")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the logs hold the conversation");
        logs.clear();
        Logger.getLogger("x").info("Authorization: Bearer " + keysUsed.get(keysUsed.size() - 1));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> assertNothingShown("planted api key")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("secrets in the logs");
    }
}
