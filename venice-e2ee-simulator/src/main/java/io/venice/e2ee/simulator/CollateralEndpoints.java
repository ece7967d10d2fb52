package io.venice.e2ee.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.testing.pki.Pems;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.io.ByteArrayInputStream;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The services a verifier talks to besides Venice, under their own prefixes and with their own wire forms: an Intel
 * PCS v4 compatible collateral service under {@value #PCS} (Intel's paths below it, issuer chains percent-encoded in
 * Intel's headers, a PCCS's hex root CA CRL), NVIDIA's remote attestation service under {@value #NRAS}, and the
 * simulator's request log under {@value #CONTROL}. None needs an API key,
 * as Intel's and NVIDIA's collateral services need none.
 */
final class CollateralEndpoints {
    static final String PCS = "/pcs";
    static final String NRAS = "/nras";
    static final String CONTROL = "/_sim";

    private final VeniceSimulator sim;
    private final Endpoints endpoints;

    CollateralEndpoints(VeniceSimulator sim, Endpoints endpoints) {
        this.sim = sim;
        this.endpoints = endpoints;
    }

    void mount(Router r) {
        r.get(PCS + "/tdx/certification/v4/tcb").handler(this::tcbInfo);
        r.get(PCS + "/tdx/certification/v4/qe/identity").handler(this::qeIdentity);
        r.get(PCS + "/sgx/certification/v4/pckcrl").handler(this::pckCrl);
        r.get(PCS + "/sgx/certification/v4/rootcacrl").handler(this::rootCaCrl);
        r.post(NRAS + "/v3/attest/gpu").handler(BodyHandler.create(false).setBodyLimit(4L * 1024 * 1024));
        r.post(NRAS + "/v3/attest/gpu").handler(this::nrasAttest);
        r.get(NRAS + "/.well-known/jwks.json").handler(this::jwks);
        r.get(CONTROL + "/requests").handler(this::requests);
        r.delete(CONTROL + "/requests").handler(ctx -> {
            sim.requests().clear();
            ctx.response().setStatusCode(204).end();
        });
    }

    private void tcbInfo(RoutingContext ctx) {
        if (unavailable(ctx, Fault.PCS_UNAVAILABLE) || duplicated(ctx)) {
            return;
        }
        String fmspc = ctx.queryParams().get("fmspc");
        if (fmspc == null || fmspc.length() != 12 || !io.venice.e2ee.crypto.Hex.isHex(fmspc)) {
            endpoints.error(ctx, ApiError.of(400, "fmspc must be 12 hex digits"));
            return;
        }
        if (!fmspc.equalsIgnoreCase(sim.pcs.fmspcHex())) {
            endpoints.error(ctx, ApiError.of(404, "No TCB info for FMSPC " + fmspc));
            return;
        }
        Set<Fault> faults = Endpoints.faults(ctx);
        endpoints.blocking(ctx, () -> sim.pcs.tcbInfoBody(faults), body -> send(ctx, "application/json",
                body.getBytes(StandardCharsets.UTF_8), SimulatedPcs.TCB_INFO_CHAIN, sim.pcs.tcbSigningChainHeader()));
    }

    private void qeIdentity(RoutingContext ctx) {
        if (unavailable(ctx, Fault.PCS_UNAVAILABLE) || duplicated(ctx)) {
            return;
        }
        Set<Fault> faults = Endpoints.faults(ctx);
        endpoints.blocking(ctx, () -> sim.pcs.qeIdentityBody(faults), body -> send(ctx, "application/json",
                body.getBytes(StandardCharsets.UTF_8), SimulatedPcs.QE_IDENTITY_CHAIN,
                sim.pcs.tcbSigningChainHeader()));
    }

    /** DER with {@code encoding=der}, PEM with {@code encoding=pem}, hex text without (as a PCCS answers). */
    private void pckCrl(RoutingContext ctx) {
        if (unavailable(ctx, Fault.PCS_UNAVAILABLE) || duplicated(ctx)) {
            return;
        }
        String ca = ctx.queryParams().get("ca");
        String encoding = ctx.queryParams().get("encoding");
        if (ca == null || !Set.of("platform", "processor").contains(ca.toLowerCase(Locale.ROOT))
                || encoding != null && !Set.of("der", "pem").contains(encoding.toLowerCase(Locale.ROOT))) {
            endpoints.error(ctx, ApiError.of(400, "ca must be platform or processor, encoding der or pem"));
            return;
        }
        if (!ca.equalsIgnoreCase("platform")) {
            endpoints.error(ctx, ApiError.of(404, "No cache data: the simulated PCK is issued by the platform CA"));
            return;
        }
        Set<Fault> faults = Endpoints.faults(ctx);
        endpoints.blocking(ctx, () -> sim.pcs.pckCrl(faults), der -> {
            if ("der".equalsIgnoreCase(encoding)) {
                send(ctx, "application/pkix-crl", der, SimulatedPcs.PCK_CRL_CHAIN, sim.pcs.pckCrlChainHeader());
            } else if ("pem".equalsIgnoreCase(encoding)) {
                send(ctx, "application/x-pem-file", Pems.crl(crl(der)).getBytes(StandardCharsets.US_ASCII),
                        SimulatedPcs.PCK_CRL_CHAIN, sim.pcs.pckCrlChainHeader());
            } else {
                send(ctx, "application/x-pem-file", SimulatedPcs.hexText(der), SimulatedPcs.PCK_CRL_CHAIN,
                        sim.pcs.pckCrlChainHeader());
            }
        });
    }

    /** The root CA CRL as a PCCS serves it: the hex text of the DER. */
    private void rootCaCrl(RoutingContext ctx) {
        if (unavailable(ctx, Fault.PCS_UNAVAILABLE) || duplicated(ctx)) {
            return;
        }
        Set<Fault> faults = Endpoints.faults(ctx);
        endpoints.blocking(ctx, () -> SimulatedPcs.hexText(sim.pcs.rootCaCrl(faults)),
                hex -> send(ctx, "application/pkix-crl", hex, null, null));
    }

    private void nrasAttest(RoutingContext ctx) {
        if (unavailable(ctx, Fault.NRAS_UNAVAILABLE)) {
            return;
        }
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        boolean fail = Endpoints.faults(ctx).contains(Fault.NRAS_ATTESTATION_FAILED);
        endpoints.blocking(ctx, () -> {
            try {
                return sim.nras.attest(body, fail);
            } catch (IllegalArgumentException e) {
                throw ApiError.of(400, e.getMessage()).raise();
            }
        }, answer -> send(ctx, "application/json", answer.getBytes(StandardCharsets.UTF_8), null, null));
    }

    private void jwks(RoutingContext ctx) {
        send(ctx, "application/json", sim.nras.jwks().getBytes(StandardCharsets.UTF_8), null, null);
    }

    private void requests(RoutingContext ctx) {
        ArrayNode list = sim.json.createArrayNode();
        for (RequestLog.Entry e : sim.requests().entries()) {
            list.addObject().put("method", e.method()).put("path", e.path()).put("query", e.query())
                    .put("at", e.at().toString());
        }
        endpoints.json(ctx.response(), 200, list);
    }

    private boolean unavailable(RoutingContext ctx, Fault fault) {
        if (Endpoints.faults(ctx).contains(fault)) {
            endpoints.error(ctx, ApiError.of(503, "Service unavailable (simulator fault " + fault.headerName() + ")"));
            return true;
        }
        return false;
    }

    /** A repeated query parameter is refused, as a PCCS refuses it. */
    private boolean duplicated(RoutingContext ctx) {
        for (String name : ctx.queryParams().names()) {
            if (ctx.queryParams().getAll(name).size() > 1) {
                endpoints.error(ctx, ApiError.of(400, "duplicated query parameter " + name));
                return true;
            }
        }
        return false;
    }

    private static void send(RoutingContext ctx, String type, byte[] body, String chainHeader, String chain) {
        HttpServerResponse resp = ctx.response();
        if (resp.ended() || resp.closed()) {
            return;
        }
        resp.setStatusCode(200).putHeader("Content-Type", type)
                .putHeader("Request-ID", UUID.randomUUID().toString().replace("-", ""));
        if (chainHeader != null) {
            resp.putHeader(chainHeader, chain);
        }
        resp.end(Buffer.buffer(body));
    }

    private static X509CRL crl(byte[] der) {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read a simulated CRL", e);
        }
    }
}
