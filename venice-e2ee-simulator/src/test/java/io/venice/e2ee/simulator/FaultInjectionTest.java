package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.envelope.EnvelopeException;
import io.venice.e2ee.spi.EcdhKeyPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.venice.e2ee.simulator.ChatEndpointTest.assertError;
import static io.venice.e2ee.simulator.SimHttp.CIPHER;
import static io.venice.e2ee.simulator.SimHttp.chatBody;
import static io.venice.e2ee.simulator.SimHttp.seal;
import static io.venice.e2ee.simulator.SimHttp.sseData;
import static io.venice.e2ee.simulator.SimHttp.teeHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultInjectionTest {
    static final String E2EE = "e2ee-qwen3-5-122b-a10b";
    static final String TEE = "tee-qwen3-5-122b-a10b";
    static final long DRIP_MILLIS = 30;
    static VeniceSimulator sim;
    static SimHttp http;

    @BeforeAll
    static void start() {
        sim = VeniceSimulator.builder().chunkSize(4).slowDripDelay(Duration.ofMillis(DRIP_MILLIS))
                .retryAfter(Duration.ofSeconds(3)).build();
        http = new SimHttp(sim.start());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @AfterEach
    void clear() {
        sim.faults().clear();
    }

    static String[] fault(Fault... faults) {
        return new String[] {Fault.HEADER, String.join(",", Arrays.stream(faults).map(Fault::headerName).toList())};
    }

    static EvidenceChecks.Quote quote(JsonNode a) throws Exception {
        return EvidenceChecks.parseQuote(Hex.decode(a.get("intel_quote").asText()));
    }

    @Test
    void debugQuoteSetsTheDebugBitInAValidlySignedQuote() throws Exception {
        EvidenceChecks.Quote q = quote(http.attest(E2EE, SimHttp.nonce(), fault(Fault.DEBUG_QUOTE)));
        assertThat(q.debug()).isTrue();
        assertThat(EvidenceChecks.signaturesValid(q)).isTrue();
        assertThat(quote(http.attest(E2EE, SimHttp.nonce())).debug()).isFalse();
    }

    @Test
    void wrongNonceBindsEverythingToAnotherNonce() throws Exception {
        byte[] nonce = SimHttp.nonce();
        JsonNode a = http.attest(E2EE, nonce, fault(Fault.WRONG_NONCE));
        assertThat(a.get("nonce").asText()).isNotEqualTo(Hex.encode(nonce)).isEqualTo(a.get("request_nonce").asText());
        assertThat(Arrays.copyOfRange(quote(a).reportData(), 32, 64)).isEqualTo(Hex.decode(a.get("nonce").asText()));
    }

    @Test
    void reportDataForAnotherKey() throws Exception {
        JsonNode a = http.attest(E2EE, SimHttp.nonce(), fault(Fault.REPORTDATA_OTHER_KEY));
        EthAddress served = EthAddress.ofPublicKey(Hex.decode(a.get("signing_key").asText()));
        assertThat(served.matches(a.get("signing_address").asText())).isTrue();
        assertThat(Arrays.copyOfRange(quote(a).reportData(), 0, 20)).isNotEqualTo(served.bytes());
        assertThat(EvidenceChecks.signaturesValid(quote(a))).isTrue();
    }

    @Test
    void signingAddressMismatch() throws Exception {
        JsonNode a = http.attest(E2EE, SimHttp.nonce(), fault(Fault.ADDRESS_MISMATCH));
        EthAddress served = EthAddress.ofPublicKey(Hex.decode(a.get("signing_key").asText()));
        assertThat(served.matches(a.get("signing_address").asText())).isFalse();
        assertThat(Arrays.copyOfRange(quote(a).reportData(), 0, 20)).isEqualTo(served.bytes());
    }

    @Test
    void sha256NonceBinding() throws Exception {
        byte[] nonce = SimHttp.nonce();
        JsonNode a = http.attest(E2EE, nonce, fault(Fault.SHA256_NONCE_BINDING));
        assertThat(Arrays.copyOfRange(quote(a).reportData(), 32, 64))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(nonce));
    }

    @Test
    void tamperedQuoteFailsItsSignature() throws Exception {
        EvidenceChecks.Quote q = quote(http.attest(E2EE, SimHttp.nonce(), fault(Fault.TAMPERED_QUOTE)));
        assertThat(EvidenceChecks.signaturesValid(q)).isFalse();
    }

    @Test
    void nvidiaWrongNonce() throws Exception {
        byte[] nonce = SimHttp.nonce();
        JsonNode a = http.attest(E2EE, nonce, fault(Fault.NVIDIA_WRONG_NONCE));
        JsonNode payload = SimHttp.parse(a.get("nvidia_payload").asText());
        assertThat(payload.get("nonce").asText()).isNotEqualTo(Hex.encode(nonce));
        assertThat(EvidenceChecks.gpus(payload).get(0).requestNonce()).isNotEqualTo(nonce);
        assertThat(a.get("nonce").asText()).isEqualTo(Hex.encode(nonce));
    }

    @Test
    void unverified() {
        assertThat(http.attest(E2EE, SimHttp.nonce(), fault(Fault.UNVERIFIED)).get("verified").asBoolean()).isFalse();
    }

    @Test
    void keyRotationBetweenAttestationAndChat() {
        String stale = http.attest(E2EE, SimHttp.nonce(), fault(Fault.KEY_ROTATION)).get("signing_key").asText();
        assertThat(sim.modelPublicKey(E2EE)).isNotEqualTo(stale);
        try (EcdhKeyPair session = CIPHER.keyAgreement().generateKeyPair()) {
            HttpResponse<byte[]> r = http.post("/chat/completions", chatBody(E2EE, true, "user", seal(stale, "hi")),
                    teeHeaders(session, stale));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(SimHttp.error(r)).isEqualTo("No provider found for model " + E2EE + " with public key " + stale);
            String fresh = http.attest(E2EE, SimHttp.nonce()).get("signing_key").asText();
            assertThat(http.post("/chat/completions", chatBody(E2EE, true, "user", seal(fresh, "hi")),
                    teeHeaders(session, fresh)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void plaintextDowngradeAnswersInClear() {
        String key = sim.modelPublicKey(E2EE);
        try (EcdhKeyPair session = CIPHER.keyAgreement().generateKeyPair()) {
            String[] headers = concat(teeHeaders(session, key), fault(Fault.PLAINTEXT_DOWNGRADE));
            HttpResponse<byte[]> r = http.post("/chat/completions", chatBody(E2EE, true, "user", seal(key, "leak me")), headers);
            assertThat(r.statusCode()).isEqualTo(200);
            StringBuilder content = new StringBuilder();
            for (String data : sseData(r.body())) {
                if (!data.equals("[DONE]")) {
                    String c = SimHttp.parse(data).at("/choices/0/delta/content").asText("");
                    assertThat(c.isEmpty() || !Hex.isHex(c)).isTrue();
                    content.append(c);
                }
            }
            assertThat(content.toString()).isEqualTo("Echo: leak me (2 words)");
        }
    }

    @Test
    void corruptChunkBreaksExactlyOneTag() {
        String key = sim.modelPublicKey(E2EE);
        try (EcdhKeyPair session = CIPHER.keyAgreement().generateKeyPair()) {
            HttpResponse<byte[]> r = http.post("/chat/completions", chatBody(E2EE, true, "user", seal(key, "one two three")),
                    concat(teeHeaders(session, key), fault(Fault.CORRUPT_CHUNK)));
            int failures = 0;
            int opened = 0;
            for (String data : sseData(r.body())) {
                String c = data.equals("[DONE]") ? "" : SimHttp.parse(data).at("/choices/0/delta/content").asText("");
                if (c.isEmpty()) {
                    continue;
                }
                try {
                    CIPHER.openToString(session, c);
                    opened++;
                } catch (EnvelopeException.TagMismatch e) {
                    failures++;
                }
            }
            assertThat(failures).isEqualTo(1);
            assertThat(opened).isPositive();
        }
        List<String> plain = sseData(http.post("/chat/completions", chatBody(TEE, true, "user", "one two three"),
                fault(Fault.CORRUPT_CHUNK)).body());
        long malformed = plain.stream().filter(d -> !d.equals("[DONE]")).filter(d -> {
            try {
                SimHttp.parse(d);
                return false;
            } catch (RuntimeException e) {
                return true;
            }
        }).count();
        assertThat(malformed).isEqualTo(1);
    }

    @Test
    void truncatedStreamEndsWithoutDone() {
        byte[] full = http.post("/chat/completions", chatBody(TEE, true, "user", "one two three four")).body();
        byte[] cut = http.post("/chat/completions", chatBody(TEE, true, "user", "one two three four"),
                fault(Fault.TRUNCATE_STREAM)).body();
        List<String> events = sseData(cut);
        assertThat(events).doesNotContain("[DONE]");
        assertThat(events.size()).isGreaterThan(1).isLessThan(sseData(full).size() - 2);
        for (String e : events) {
            assertThat(SimHttp.parse(e).at("/choices/0/finish_reason").isNull()).isTrue();
        }
    }

    @Test
    void splitBytesWritesEveryByteAsItsOwnHttpChunk() throws IOException {
        byte[] body = chatBody(TEE, true, "user", "split me");
        List<Integer> sizes = new ArrayList<>();
        byte[] reassembled = rawChunkedPost(body, "split-bytes", sizes);
        assertThat(sizes).isNotEmpty().allMatch(s -> s == 1);
        assertThat(sizes).hasSize(reassembled.length);
        List<String> events = sseData(reassembled);
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        List<Integer> normal = new ArrayList<>();
        rawChunkedPost(body, "", normal);
        assertThat(normal).hasSize(events.size());
    }

    @Test
    void slowDripPausesBeforeEveryEvent() {
        long start = System.nanoTime();
        byte[] body = http.post("/chat/completions", chatBody(TEE, true, "user", "drip drip"), fault(Fault.SLOW_DRIP)).body();
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        int events = sseData(body).size();
        // timers never fire early, so the pauses give a lower bound; no upper bound is asserted
        assertThat(elapsedMillis).isGreaterThanOrEqualTo((events - 1) * DRIP_MILLIS);
    }

    @Test
    void serverErrorAndRateLimitOnEveryEndpoint() {
        for (String path : List.of("/models", "/tee/attestation?model=" + E2EE, "/tee/signature?model=" + E2EE + "&request_id=x")) {
            assertError(http.get(path, fault(Fault.SERVER_ERROR)), 500, "Internal server error");
            HttpResponse<byte[]> r = http.get(path, fault(Fault.RATE_LIMIT));
            assertError(r, 429, "Rate limit exceeded");
            assertThat(r.headers().firstValue("Retry-After")).hasValue("3");
        }
        assertError(http.post("/chat/completions", chatBody(TEE, true, "user", "x"), fault(Fault.RATE_LIMIT)),
                429, "Rate limit exceeded");
    }

    @Test
    void serverWideFaultsApplyUntilDisabled() {
        sim.faults().enable(Fault.SERVER_ERROR);
        assertThat(sim.faults().isEnabled(Fault.SERVER_ERROR)).isTrue();
        assertThat(http.get("/models").statusCode()).isEqualTo(500);
        sim.faults().disable(Fault.SERVER_ERROR);
        assertThat(http.get("/models").statusCode()).isEqualTo(200);
        sim.faults().enable(Fault.DEBUG_QUOTE, Fault.UNVERIFIED);
        assertThat(sim.faults().enabled()).containsExactlyInAnyOrder(Fault.DEBUG_QUOTE, Fault.UNVERIFIED);
        assertThat(http.attest(E2EE, SimHttp.nonce()).get("verified").asBoolean()).isFalse();
    }

    @Test
    void faultsGivenAtBuildTimeAreOnFromTheStart() {
        try (VeniceSimulator s = VeniceSimulator.builder().faults(Fault.RATE_LIMIT).build()) {
            assertThat(new SimHttp(s.start()).get("/models").statusCode()).isEqualTo(429);
        }
    }

    @Test
    void unknownFaultNamesAreRefused() {
        HttpResponse<byte[]> r = http.get("/models", Fault.HEADER, "debug-quote,explode");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(SimHttp.error(r)).startsWith("unknown simulator fault 'explode'; known: debug-quote, wrong-nonce");
        assertThat(Fault.fromName("DEBUG_QUOTE")).isEqualTo(Fault.DEBUG_QUOTE);
        assertThatThrownBy(() -> Fault.fromName("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** POSTs over a plain socket and decodes the chunked body by hand, recording each HTTP chunk's size. */
    private static byte[] rawChunkedPost(byte[] body, String faults, List<Integer> chunkSizes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", sim.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST /api/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer k\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
                    + (faults.isEmpty() ? "" : Fault.HEADER + ": " + faults + "\r\n") + "Connection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String status = line(in);
            assertThat(status).startsWith("HTTP/1.1 200");
            boolean chunked = false;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                chunked |= h.equalsIgnoreCase("transfer-encoding: chunked");
            }
            assertThat(chunked).isTrue();
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line(in).trim(), 16);
                if (size == 0) {
                    break;
                }
                byte[] chunk = new byte[size];
                in.readFully(chunk);
                content.writeBytes(chunk);
                chunkSizes.add(size);
                assertThat(line(in)).isEmpty();
            }
            return content.toByteArray();
        }
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
