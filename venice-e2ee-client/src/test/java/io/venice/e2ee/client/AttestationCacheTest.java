package io.venice.e2ee.client;

import io.venice.e2ee.attestation.VerificationPolicy;
import io.venice.e2ee.client.cache.DiskStore;
import io.venice.e2ee.client.cache.TestClock;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.envelope.PublicKeyHex;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.transport.jdk.JdkTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verified attestations reused for new sessions, over loopback against a server that attests with the nonce it is
 * asked (policy basic): kept until their time-to-live, shared while in flight, never kept when they fail, dropped
 * when the server's key changes, and read back from disk only after verifying again. Time is moved by hand.
 */
class AttestationCacheTest {
    private static final String MODEL = "e2ee-m";
    private static final VerificationPolicy BASIC = VerificationPolicy.builder()
            .level(VerificationPolicy.Level.BASIC).build();

    private final JdkTransport transport = JdkTransport.create(Duration.ofSeconds(5));
    private final TestClock clock = new TestClock(Instant.parse("2026-04-24T02:00:00Z"));
    private final EnvelopeCipher cipher = new EnvelopeCipher(CryptoSuite.builder().provider("bc").build());
    private volatile EcdhKeyPair key = cipher.keyAgreement().generateKeyPair();
    private volatile boolean verified = true;
    private volatile CountDownLatch hold;
    private LoopbackServer server;

    @AfterEach
    void close() {
        transport.close();
        if (server != null) {
            server.close();
        }
    }

    /** A server attesting the current key with the nonce it is asked for. */
    private AttestationCache cache(Duration ttl, DiskStore disk) throws Exception {
        if (server == null) {
            server = new LoopbackServer(r -> {
                CountDownLatch h = hold;
                if (h != null) {
                    try {
                        h.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                String nonce = r.query().replaceAll(".*nonce=([0-9a-f]+).*", "$1");
                String hex = PublicKeyHex.format(key.publicKey());
                return LoopbackServer.Answer.json(200, "{\"verified\":" + verified + ",\"nonce\":\"" + nonce
                        + "\",\"signing_key\":\"" + hex + "\",\"signing_address\":\""
                        + EthAddress.ofPublicKey(key.publicKey()) + "\"}");
            });
        }
        VeniceApi api = new TransportVeniceApi(transport, server.baseUrl(), null, Duration.ofSeconds(5), clock);
        return new AttestationCache(new Attestor(api, BASIC, clock, Runnable::run), ttl, clock, disk,
                server.baseUrl().toString(), Runnable::run);
    }

    private static Attestation get(AttestationCache c) throws Exception {
        return c.get(MODEL).get(10, TimeUnit.SECONDS);
    }

    private int attestations() {
        return server.to("/tee/attestation").size();
    }

    @Test
    void aVerifiedAttestationServesNewSessionsUntilItsTimeToLive() throws Exception {
        AttestationCache c = cache(Duration.ofMinutes(10), null);
        Attestation first = get(c);
        assertThat(first.passed()).as(first.verification().summary()).isTrue();
        clock.advance(Duration.ofMinutes(9));
        assertThat(get(c)).isSameAs(first);
        assertThat(attestations()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        Attestation fresh = get(c);
        assertThat(fresh).isNotSameAs(first);
        assertThat(fresh.nonce()).isNotEqualTo(first.nonce());
        assertThat(attestations()).isEqualTo(2);
    }

    @Test
    void concurrentSessionsShareOneAttestationInFlight() throws Exception {
        AttestationCache c = cache(Duration.ofMinutes(10), null);
        hold = new CountDownLatch(1);
        List<CompletableFuture<Attestation>> sessions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sessions.add(c.get(MODEL));
        }
        assertThat(sessions).noneMatch(CompletableFuture::isDone);
        hold.countDown();
        Attestation a = sessions.get(0).get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Attestation> s : sessions) {
            assertThat(s.get(10, TimeUnit.SECONDS)).isSameAs(a);
        }
        assertThat(attestations()).isEqualTo(1);
    }

    @Test
    void anAttestationThatFailsIsNeverReused() throws Exception {
        verified = false;
        AttestationCache c = cache(Duration.ofMinutes(10), null);
        assertThat(get(c).passed()).isFalse();
        assertThat(get(c).passed()).isFalse();
        assertThat(attestations()).isEqualTo(2);
        verified = true;
        assertThat(get(c).passed()).isTrue();
        get(c);
        assertThat(attestations()).isEqualTo(3);
    }

    @Test
    void anotherKeyOnTheServerDropsTheEntryOnceForEverySessionThatHeldIt() throws Exception {
        AttestationCache c = cache(Duration.ofMinutes(10), null);
        Attestation old = get(c);
        key = cipher.keyAgreement().generateKeyPair();
        Attestation fresh = c.replace(MODEL, old).get(10, TimeUnit.SECONDS);
        assertThat(fresh.modelKey()).isNotEqualTo(old.modelKey());
        assertThat(attestations()).isEqualTo(2);
        // a second session that held the old key finds the entry already replaced
        assertThat(c.replace(MODEL, old).get(10, TimeUnit.SECONDS)).isSameAs(fresh);
        assertThat(get(c)).isSameAs(fresh);
        assertThat(attestations()).isEqualTo(2);
    }

    @Test
    void aTimeToLiveOfZeroAttestsEverySessionWithItsOwnNonce() throws Exception {
        AttestationCache c = cache(Duration.ZERO, null);
        Attestation a = get(c);
        Attestation b = get(c);
        assertThat(a.nonce()).isNotEqualTo(b.nonce());
        assertThat(attestations()).isEqualTo(2);
    }

    @Test
    void onDiskAnAttestationIsVerifiedAgainBeforeItServesAnotherProcess(@TempDir Path dir) throws Exception {
        DiskStore disk = new DiskStore(dir);
        Attestation first = get(cache(Duration.ofMinutes(10), disk));
        clock.advance(Duration.ofMinutes(2));
        Attestation read = get(cache(Duration.ofMinutes(10), disk));
        assertThat(attestations()).isEqualTo(1);
        assertThat(read.nonce()).isEqualTo(first.nonce());
        assertThat(read.verifiedAt()).isEqualTo(clock.instant());
        assertThat(read.passed()).isTrue();

        // an edited nonce no longer matches the evidence: verified again, it fails, and the model is attested afresh
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.findFirst().orElseThrow();
        }
        String doc = Files.readString(file, StandardCharsets.UTF_8);
        String nonce = io.venice.e2ee.crypto.Hex.encode(first.nonce());
        Files.writeString(file, doc.replace(nonce, "00" + nonce.substring(2)), StandardCharsets.UTF_8);
        get(cache(Duration.ofMinutes(10), disk));
        assertThat(attestations()).isEqualTo(2);

        // past its time-to-live (counted from the first verification) it is not read back either
        clock.advance(Duration.ofMinutes(11));
        get(cache(Duration.ofMinutes(10), disk));
        assertThat(attestations()).isEqualTo(3);
    }
}
