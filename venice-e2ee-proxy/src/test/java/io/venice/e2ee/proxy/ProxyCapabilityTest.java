package io.venice.e2ee.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.envelope.E2eeHeaders;
import io.venice.e2ee.simulator.Fault;
import io.venice.e2ee.simulator.ModelSpec;
import io.venice.e2ee.simulator.ReceivedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.List;

import static io.venice.e2ee.proxy.ProxyHarness.chat;
import static io.venice.e2ee.proxy.ProxyHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy chooses a request's mode by the upstream model list's capabilities, never by a model's name, against a
 * simulator that lists an E2EE-capable model, a TEE-only one and a model with a private-looking id but no capability.
 * Each test speaks with its own API key, so its client fetches the model list afresh.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyCapabilityTest {
    private static final String MODEL = "e2ee-glm-5";
    private static final String TEE_ONLY = "e2ee-attested-only";
    /** Listed with neither capability, whatever its id suggests. */
    private static final String LOOKS_PRIVATE = "e2ee-looks-private";
    private ProxyHarness h;

    @BeforeAll
    void start() {
        h = new ProxyHarness(ProxyHarness.simulator().models(ModelSpec.e2ee(MODEL), ModelSpec.teeOnly(TEE_ONLY),
                ModelSpec.plain(LOOKS_PRIVATE)).build(), b -> b.allowTeeOnly(true));
    }

    @AfterAll
    void stop() {
        h.close();
    }

    @BeforeEach
    void reset() {
        h.sim.faults().clear();
        h.sim.clearReceived();
    }

    private List<ReceivedRequest> upstream(String path) {
        return h.sim.received().stream().filter(r -> r.path().endsWith(path)).toList();
    }

    private HttpResponse<String> post(String key, String model, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + key;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return h.post("/chat/completions", chat(model, "my secret", false), all);
    }

    private static JsonNode error(HttpResponse<String> r) {
        return json(r.body()).path("error");
    }

    @Test
    void aModelListedAsE2eeCapableIsUsedEndToEnd() {
        HttpResponse<String> r = post("key-e2ee", MODEL);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue(Responses.MODE)).hasValue("verified");
        assertThat(upstream("/chat/completions")).singleElement().satisfies(c -> {
            assertThat(c.header(E2eeHeaders.CLIENT_PUBLIC_KEY)).as("sent end to end").isNotBlank();
            assertThat(c.bodyText()).doesNotContain("my secret");
        });
    }

    @Test
    void aPrivateLookingIdListedWithoutCapabilitiesIsNotTreatedAsE2ee() {
        for (String[] mode : new String[][] {{}, {ModeSelector.MODE_HEADER, "tee-only"}}) {
            HttpResponse<String> r = post("key-looks-private", LOOKS_PRIVATE, mode);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(error(r).path("code").asText()).isEqualTo("model_not_private");
            assertThat(error(r).path("param").asText()).isEqualTo("model");
        }
        HttpResponse<String> report = h.get("/e2ee/attestation?model=" + LOOKS_PRIVATE, "Authorization",
                "Bearer key-looks-private");
        assertThat(error(report).path("code").asText()).isEqualTo("model_not_private");
        assertThat(upstream("/tee/attestation")).as("not even attested").isEmpty();
        assertThat(upstream("/chat/completions")).as("nothing was sent").isEmpty();
    }

    @Test
    void aModelListedWithAttestationOnlyIsServedTeeOnlyOnlyWhenAskedFor() {
        HttpResponse<String> refused = post("key-tee", TEE_ONLY);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(error(refused).path("code").asText()).isEqualTo("e2ee_unavailable");
        assertThat(upstream("/chat/completions")).isEmpty();
        HttpResponse<String> r = post("key-tee", TEE_ONLY, ModeSelector.MODE_HEADER, "tee-only");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue(Responses.MODE)).hasValue("tee-only");
        assertThat(upstream("/chat/completions")).singleElement().satisfies(c -> {
            assertThat(c.header(E2eeHeaders.CLIENT_PUBLIC_KEY)).as("no E2EE headers").isNull();
            assertThat(json(c.bodyText()).path("venice_parameters").path("enable_e2ee").isBoolean())
                    .as("TEE-only is stated, not left to the missing headers").isTrue();
            assertThat(json(c.bodyText()).path("venice_parameters").path("enable_e2ee").asBoolean()).isFalse();
        });
        assertThat(json(h.get("/e2ee/attestation?model=" + TEE_ONLY, "Authorization", "Bearer key-tee").body())
                .path("mode").asText()).isEqualTo("tee-only");
    }

    @Test
    void aModelTheListDoesNotNameIsNotFound() {
        HttpResponse<String> r = post("key-unlisted", "e2ee-not-listed");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(error(r).path("code").asText()).isEqualTo("model_not_found");
        assertThat(upstream("/chat/completions")).isEmpty();
    }

    @Test
    void capabilitiesThatCannotBeFetchedRefuseTheRequestAndNothingIsSent() {
        h.sim.faults().enable(Fault.SERVER_ERROR);
        HttpResponse<String> r = post("key-list-down", MODEL);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
        assertThat(error(r).path("code").asText()).isEqualTo("capabilities_unknown");
        assertThat(error(r).path("message").asText()).contains("could not be fetched", "nothing was sent");
        assertThat(upstream("/models")).as("the list was asked for").isNotEmpty();
        assertThat(upstream("/tee/attestation")).isEmpty();
        assertThat(upstream("/chat/completions")).as("nothing was sent").isEmpty();
    }
}
