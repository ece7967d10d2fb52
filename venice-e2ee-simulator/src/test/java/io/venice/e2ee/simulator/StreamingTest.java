package io.venice.e2ee.simulator;

import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.crypto.bc.BcCryptoProvider;
import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.AuthenticationFailedException;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SignatureRecovery;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.venice.e2ee.simulator.SimHttp.CIPHER;
import static io.venice.e2ee.simulator.SimHttp.chatBody;
import static io.venice.e2ee.simulator.SimHttp.seal;
import static io.venice.e2ee.simulator.SimHttp.teeHeaders;
import static org.assertj.core.api.Assertions.assertThat;

/** A reply is streamed while it is being sealed: the first chunk reaches the client before the last one is sealed. */
class StreamingTest {
    private static final String MODEL = "e2ee-glm-5";
    private static final int CHUNKS = 100;

    /** BouncyCastle, but sealing the {@code gateAt}-th envelope waits until the test opens the gate. */
    static final class GatedProvider implements CryptoProvider {
        final BcCryptoProvider bc = new BcCryptoProvider();
        final int gateAt;
        final AtomicInteger seals = new AtomicInteger();
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicBoolean gatedSealDone = new AtomicBoolean();

        GatedProvider(int gateAt) {
            this.gateAt = gateAt;
        }

        @Override
        public String name() {
            return "gated-bc";
        }

        @Override
        public Availability availability(Primitive primitive) {
            return bc.availability(primitive);
        }

        @Override
        public EcdhKeyAgreement keyAgreement() {
            return bc.keyAgreement();
        }

        @Override
        public Kdf kdf() {
            return bc.kdf();
        }

        @Override
        public SignatureRecovery signatureRecovery() {
            return bc.signatureRecovery();
        }

        @Override
        public Aead aead() {
            Aead inner = bc.aead();
            return new Aead() {
                @Override
                public int seal(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out,
                                int outOffset) {
                    boolean gated = seals.incrementAndGet() == gateAt;
                    if (gated) {
                        awaitGate();
                    }
                    int n = inner.seal(key, nonce, aad, in, inOffset, inLength, out, outOffset);
                    if (gated) {
                        gatedSealDone.set(true);
                    }
                    return n;
                }

                @Override
                public int open(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOffset, int inLength, byte[] out,
                                int outOffset) throws AuthenticationFailedException {
                    return inner.open(key, nonce, aad, in, inOffset, inLength, out, outOffset);
                }
            };
        }

        private void awaitGate() {
            try {
                // bounded, so a server that seals everything before sending finishes (and fails the test) instead of hanging
                gate.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void firstChunkArrivesBeforeTheLastChunkIsSealed() throws Exception {
        GatedProvider provider = new GatedProvider(CHUNKS);
        String reply = "0123456789".repeat(CHUNKS * 8 / 10);
        CryptoSuite suite = CryptoSuite.builder().providers(List.of(provider)).build();
        // the suite's known-answer test sealed once: count the answer's seals only
        provider.seals.set(0);
        try (VeniceSimulator sim = VeniceSimulator.builder()
                .cryptoSuite(suite)
                .replyGenerator((model, messages) -> Reply.of(reply))
                .chunkSize(8)
                .chunkDelay(Duration.ofMillis(1))
                .build();
             EcdhKeyPair session = CIPHER.keyAgreement().generateKeyPair()) {
            SimHttp http = new SimHttp(sim.start());
            String modelKey = sim.modelPublicKey(MODEL);
            HttpRequest request = http.request("/chat/completions", teeHeaders(session, modelKey))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(chatBody(MODEL, true, "user", seal(modelKey, "hi"))))
                    .build();
            HttpResponse<Stream<String>> r = SimHttp.sendLines(request);
            StringBuilder content = new StringBuilder();
            String lastData = null;
            try (Stream<String> lines = r.body()) {
                Iterator<String> it = lines.filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).iterator();
                String firstContent = null;
                while (firstContent == null && it.hasNext()) {
                    String v = SimHttp.parse(it.next()).at("/choices/0/delta/content").asText("");
                    firstContent = v.isEmpty() ? null : v;
                }
                assertThat(firstContent).as("a sealed content chunk").isNotNull();
                assertThat(provider.gatedSealDone).as("the last chunk is not sealed yet when the first one is read")
                        .isFalse();
                content.append(CIPHER.openToString(session, firstContent));
                provider.gate.countDown();
                while (it.hasNext()) {
                    lastData = it.next();
                    String v = lastData.equals("[DONE]") ? ""
                            : SimHttp.parse(lastData).at("/choices/0/delta/content").asText("");
                    if (!v.isEmpty()) {
                        content.append(CIPHER.openToString(session, v));
                    }
                }
            } finally {
                provider.gate.countDown();
            }
            assertThat(provider.seals.get()).isEqualTo(CHUNKS);
            assertThat(content.toString()).isEqualTo(reply);
            assertThat(lastData).isEqualTo("[DONE]");
        }
    }
}
