package io.venice.e2ee.client.collateral;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.client.cache.DiskStore;
import io.venice.e2ee.client.cache.TestClock;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The answer cache over real loopback HTTP and Intel's real answers, time moved by hand: kept until the answer's own
 * nextUpdate, never kept when stale or not signed as it must be, one fetch for concurrent requests, failures
 * remembered briefly, and answers kept on disk checked again when read back.
 */
class CachingSourceTest {
    private static final String TCB = "/tdx/certification/v4/tcb";
    private static final String QE = "/tdx/certification/v4/qe/identity";
    private static final CollateralRequest TCB_INFO = new CollateralRequest.TcbInfo("90c06f000000");

    private final JdkTransport transport = JdkTransport.create(Duration.ofSeconds(5));
    private final ReplayServer server = new ReplayServer();
    private final TestClock clock = new TestClock(Capture.TIME);

    @AfterEach
    void close() {
        transport.close();
        server.close();
    }

    private CachingSource cache(DiskStore disk) {
        return new CachingSource(PcsSource.builder(transport).baseUrl(server.baseUrl()).clock(clock).build(),
                new AnswerGate(Capture.intelAnchors(), Duration.ofHours(1)), clock, Duration.ofSeconds(30),
                Runnable::run, disk);
    }

    private static FetchedAnswer fetch(CachingSource c, CollateralRequest r) throws Exception {
        return c.fetch(r).get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAnswerIsKeptUntilItsNextUpdateThenFetchedAgain() throws Exception {
        CachingSource c = cache(null);
        FetchedAnswer first = fetch(c, TCB_INFO);
        assertThat(first.origin()).isEqualTo(FetchedAnswer.Origin.NETWORK);
        assertThat(first.keptUntil()).isEqualTo(Capture.TCB_INFO_NEXT_UPDATE);
        clock.set(Capture.TCB_INFO_NEXT_UPDATE.minusSeconds(1));
        FetchedAnswer kept = fetch(c, TCB_INFO);
        assertThat(kept.origin()).isEqualTo(FetchedAnswer.Origin.MEMORY);
        assertThat(kept.fetchedAt()).isEqualTo(Capture.TIME);
        assertThat(kept.age(clock.instant())).isEqualTo(Duration.between(Capture.TIME, clock.instant()));
        assertThat(server.count(TCB)).isEqualTo(1);
        clock.set(Capture.TCB_INFO_NEXT_UPDATE.plusSeconds(1));
        FetchedAnswer stale = fetch(c, TCB_INFO);
        assertThat(stale.origin()).isEqualTo(FetchedAnswer.Origin.NETWORK);
        assertThat(server.count(TCB)).isEqualTo(2);
        // the service still serves the answer past its nextUpdate: stale, so never kept
        assertThat(stale.keptUntil()).isNull();
        fetch(c, TCB_INFO);
        assertThat(server.count(TCB)).isEqualTo(3);
    }

    @Test
    void anAnswerWhoseSignatureFailsIsHandedOnButNeverKept() throws Exception {
        ReplayServer.Answer real = ReplayServer.captured(ReplayServer.CAPTURED.get(TCB));
        String body = new String(real.body(), StandardCharsets.UTF_8);
        int sig = body.indexOf("\"signature\":\"") + 13;
        String forged = body.substring(0, sig) + (body.charAt(sig) == '0' ? '1' : '0') + body.substring(sig + 1);
        server.answer(TCB, new ReplayServer.Answer(200, real.headers(), forged.getBytes(StandardCharsets.UTF_8)));
        CachingSource c = cache(null);
        FetchedAnswer a = fetch(c, TCB_INFO);
        assertThat(a.keptUntil()).isNull();
        assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo(forged);
        fetch(c, TCB_INFO);
        assertThat(server.count(TCB)).isEqualTo(2);
    }

    @Test
    void anAnswerSignedByAKeyOutsideTheAnchorsIsNeverKept() throws Exception {
        CachingSource c = new CachingSource(PcsSource.builder(transport).baseUrl(server.baseUrl()).build(),
                new AnswerGate(List.of(io.venice.e2ee.testing.pki.IntelPki.builder().build().root().certificate()),
                        Duration.ofHours(1)), clock, Duration.ZERO, Runnable::run, null);
        assertThat(fetch(c, TCB_INFO).keptUntil()).isNull();
        assertThat(fetch(c, new CollateralRequest.RootCaCrl()).keptUntil()).isNull();
        fetch(c, TCB_INFO);
        assertThat(server.count(TCB)).isEqualTo(2);
    }

    @Test
    void concurrentRequestsForOnePieceShareOneFetch() throws Exception {
        CountDownLatch release = server.hold(TCB);
        CachingSource c = cache(null);
        List<CompletableFuture<FetchedAnswer>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(c.fetch(TCB_INFO));
        }
        assertThat(all).noneMatch(CompletableFuture::isDone);
        release.countDown();
        for (CompletableFuture<FetchedAnswer> f : all) {
            assertThat(f.get(10, TimeUnit.SECONDS).keptUntil()).isEqualTo(Capture.TCB_INFO_NEXT_UPDATE);
        }
        assertThat(server.count(TCB)).isEqualTo(1);
    }

    @Test
    void aFailedFetchIsRememberedForItsNegativeTtl() throws Exception {
        server.answer(QE, new ReplayServer.Answer(503, Map.of(), new byte[0]));
        CachingSource c = cache(null);
        CollateralRequest qe = new CollateralRequest.QeIdentity();
        assertThatThrownBy(() -> fetch(c, qe)).hasCauseInstanceOf(CollateralException.FetchFailed.class);
        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> fetch(c, qe)).hasCauseInstanceOf(CollateralException.FetchFailed.class);
        assertThat(server.count(QE)).isEqualTo(1);
        server.answer(QE, ReplayServer.captured(ReplayServer.CAPTURED.get(QE)));
        clock.advance(Duration.ofSeconds(1));
        assertThat(fetch(c, qe).origin()).isEqualTo(FetchedAnswer.Origin.NETWORK);
        assertThat(server.count(QE)).isEqualTo(2);
    }

    @Test
    void nrasAttestationsAreNeverKeptByTheAnswerCache() throws Exception {
        CachingSource c = new CachingSource(NrasSource.builder(transport).baseUrl(server.baseUrl()).build(),
                new AnswerGate(Capture.intelAnchors(), Duration.ofHours(1)), clock, Duration.ZERO, Runnable::run, null);
        CollateralRequest r = new CollateralRequest.NrasAttestation("00", new byte[] {'{', '}'});
        fetch(c, r);
        fetch(c, r);
        assertThat(server.count("/v3/attest/gpu")).isEqualTo(2);
        fetch(c, new CollateralRequest.NrasKeySet());
        assertThat(fetch(c, new CollateralRequest.NrasKeySet()).origin()).isEqualTo(FetchedAnswer.Origin.MEMORY);
        assertThat(server.count("/.well-known/jwks.json")).isEqualTo(1);
    }

    @Test
    void answersKeptOnDiskServeANewProcessAndAreCheckedAgainWhenReadBack(@TempDir Path dir) throws Exception {
        DiskStore disk = new DiskStore(dir);
        fetch(cache(disk), TCB_INFO);
        assertThat(server.count(TCB)).isEqualTo(1);
        FetchedAnswer fromDisk = fetch(cache(disk), TCB_INFO);
        assertThat(fromDisk.origin()).isEqualTo(FetchedAnswer.Origin.DISK);
        assertThat(fromDisk.fetchedAt()).isEqualTo(Capture.TIME);
        assertThat(server.count(TCB)).isEqualTo(1);

        // one byte of the kept body edited: the signature no longer verifies, so it is fetched again
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode doc = (ObjectNode) json.readTree(Files.readAllBytes(file));
        byte[] body = Base64.getDecoder().decode(doc.path("body").asText());
        int at = new String(body, StandardCharsets.UTF_8).indexOf("UpToDate");
        body[at] = 'D';
        doc.put("body", Base64.getEncoder().encodeToString(body));
        Files.write(file, json.writeValueAsBytes(doc));
        FetchedAnswer refetched = fetch(cache(disk), TCB_INFO);
        assertThat(refetched.origin()).isEqualTo(FetchedAnswer.Origin.NETWORK);
        assertThat(server.count(TCB)).isEqualTo(2);

        // past its nextUpdate, the kept answer is not used either
        clock.set(Capture.TCB_INFO_NEXT_UPDATE.plusSeconds(60));
        assertThat(fetch(cache(disk), TCB_INFO).origin()).isEqualTo(FetchedAnswer.Origin.NETWORK);
        assertThat(server.count(TCB)).isEqualTo(3);
    }

    @Test
    void theGateSaysUntilWhenEachIntelPieceIsCurrentAndWhyOneIsNot() throws Exception {
        PcsSource pcs = PcsSource.builder(transport).baseUrl(server.baseUrl()).build();
        AnswerGate gate = new AnswerGate(Capture.intelAnchors(), Duration.ofHours(1));
        FetchedAnswer pck = pcs.fetch(new CollateralRequest.PckCrl("platform")).get(10, TimeUnit.SECONDS);
        FetchedAnswer root = pcs.fetch(new CollateralRequest.RootCaCrl()).get(10, TimeUnit.SECONDS);
        FetchedAnswer qe = pcs.fetch(new CollateralRequest.QeIdentity()).get(10, TimeUnit.SECONDS);
        assertThat(gate.keepUntil(pck, Capture.TIME)).isEqualTo(Instant.parse("2026-05-24T00:57:28Z"));
        assertThat(gate.keepUntil(root, Capture.TIME)).isEqualTo(Instant.parse("2027-02-26T13:04:00Z"));
        assertThat(gate.keepUntil(qe, Capture.TIME)).isEqualTo(Instant.parse("2026-05-24T00:58:17Z"));
        assertThatThrownBy(() -> gate.keepUntil(qe, Instant.parse("2026-06-01T00:00:00Z")))
                .hasMessageContaining("expired");
        FetchedAnswer noChain = new FetchedAnswer(qe.piece(), "GET", qe.url(), 200, Map.of(), qe.body(), Capture.TIME,
                FetchedAnswer.Origin.NETWORK, null);
        assertThatThrownBy(() -> gate.keepUntil(noChain, Capture.TIME)).hasMessageContaining("Issuer-Chain");
    }
}
