package io.venice.e2ee.client.collateral;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.venice.e2ee.testing.TestVectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server on loopback that answers each path with recorded bytes and headers: by default the real Intel PCS
 * and NVIDIA NRAS answers of the Venice capture (2026-04-24, files 0002 to 0007) under Intel's and NVIDIA's paths,
 * plus the PCCS forms (root CA CRL as hex text). Every request is recorded; a path can be held until the test
 * releases it.
 */
public final class ReplayServer implements AutoCloseable {
    /** The capture directory in the shared vectors. */
    public static final String CAPTURE = "venice/capture-2026-04-24/";
    /** The files of the capture's Intel and NVIDIA answers, by the path they answer. */
    public static final Map<String, String> CAPTURED = Map.of(
            "/tdx/certification/v4/tcb", "0002_api.trustedservices.intel.com_tdx_certification_v4_tcb",
            "/tdx/certification/v4/qe/identity", "0003_api.trustedservices.intel.com_tdx_certification_v4_qe_identity",
            "/sgx/certification/v4/pckcrl", "0004_api.trustedservices.intel.com_sgx_certification_v4_pckcrl",
            "/IntelSGXRootCA.der", "0005_certificates.trustedservices.intel.com_intelsgxrootca.der",
            "/v3/attest/gpu", "0006_nras.attestation.nvidia.com_v3_attest_gpu",
            "/.well-known/jwks.json", "0007_nras.attestation.nvidia.com_.well-known_jwks.json");

    /** One request as received. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
        /** Whether a header of that name (any case) came. */
        public boolean hasHeader(String name) {
            return headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name));
        }
    }

    /** One answer. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    private final HttpServer http;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** A server answering the capture's Intel and NVIDIA answers. */
    public ReplayServer() {
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CAPTURED.forEach((path, file) -> answers.put(path, captured(file)));
        // a PCCS serves the root CA CRL as the hex text of its DER
        answers.put("/sgx/certification/v4/rootcacrl", new Answer(200, Map.of("Content-Type", "application/pkix-crl"),
                io.venice.e2ee.crypto.Hex.encode(captured(CAPTURED.get("/IntelSGXRootCA.der")).body())
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        http.createContext("/", ex -> {
            try (ex) {
                Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                        ex.getRequestURI().getRawQuery(), Map.copyOf(ex.getRequestHeaders()),
                        ex.getRequestBody().readAllBytes());
                received.add(r);
                CountDownLatch hold = holds.get(r.path());
                if (hold != null && !hold.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("held too long");
                }
                Answer a = answers.getOrDefault(r.path(), new Answer(404, Map.of(), new byte[0]));
                a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
                if (a.body().length > 0) {
                    ex.getResponseBody().write(a.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        http.setExecutor(pool);
        http.start();
    }

    /** A capture answer with its recorded headers (but {@code Content-Length} and {@code Transfer-Encoding}). */
    public static Answer captured(String file) {
        JsonNode meta = TestVectors.json(CAPTURE + file + ".meta.json");
        Map<String, String> headers = new LinkedHashMap<>();
        meta.path("headers").properties().forEach(e -> {
            String name = e.getKey();
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")
                    && !name.equalsIgnoreCase("Connection")) {
                headers.put(name, e.getValue().get(0).asText());
            }
        });
        return new Answer(meta.path("status").asInt(), headers, TestVectors.bytes(CAPTURE + file + ".body"));
    }

    /** Answers {@code path} with {@code answer} from now on. */
    public ReplayServer answer(String path, Answer answer) {
        answers.put(path, answer);
        return this;
    }

    /** Holds requests of {@code path} until the returned latch is counted down. */
    public CountDownLatch hold(String path) {
        CountDownLatch latch = new CountDownLatch(1);
        holds.put(path, latch);
        return latch;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:PORT}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /** Every request received, in order. */
    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** How many requests of {@code path} came. */
    public long count(String path) {
        return received.stream().filter(r -> r.path().equals(path)).count();
    }

    @Override
    public void close() {
        http.stop(0);
        pool.shutdownNow();
    }
}
