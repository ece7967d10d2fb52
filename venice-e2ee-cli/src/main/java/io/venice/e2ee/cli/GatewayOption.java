package io.venice.e2ee.cli;

import io.venice.e2ee.client.VeniceClient;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;

/**
 * Whether a TEE gateway's own attestation is verified online ({@code --verify-gateway[=URL]}). Mixed only into the
 * commands where receipts are checked ({@code chat}, {@code verify-signature}, {@code proxy}): elsewhere it would
 * have no effect, so it is a usage error there.
 */
final class GatewayOption {
    @Option(names = "--verify-gateway", arity = "0..1", paramLabel = "URL", converter = GatewayConverter.class,
            preprocessor = AttachedValueOnly.class,
            description = "For a model behind a TEE gateway (an ACI envelope, Venice's -p models), verify the"
                    + " gateway's own attestation online (/v1/aci/attestation with a fresh nonce, never with the API"
                    + " key), so its receipts can be VERIFIED. Without =URL: https://api.redpill.ai for Venice's API,"
                    + " else the --base-url's own origin (the simulator serves it there).")
    URI verifyGateway;

    /** Applies the option to {@code b}. */
    VeniceClient.Builder apply(VeniceClient.Builder b) {
        if (verifyGateway != null) {
            if (verifyGateway.toString().isEmpty()) {
                b.verifyGatewayAttestation();
            } else {
                b.verifyGatewayAttestation(verifyGateway);
            }
        }
        return b;
    }

    /**
     * Lets {@code --verify-gateway} take a value only when attached ({@code --verify-gateway=URL}): a value after a
     * space would take the prompt ({@code chat --verify-gateway "hi"}) for a URL.
     */
    static final class AttachedValueOnly implements CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandLine.Model.CommandSpec commandSpec,
                                  CommandLine.Model.ArgSpec argSpec, Map<String, Object> info) {
            if (" ".equals(info.get("separator"))) {
                // as if --verify-gateway= had been given: the default gateway
                args.push("");
            }
            return false;
        }
    }

    /** Reads {@code --verify-gateway}'s URL: empty for the default, else {@code https://HOST[:PORT]} or loopback http. */
    static final class GatewayConverter implements CommandLine.ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            if (value.isEmpty()) {
                return URI.create("");
            }
            try {
                URI u = new URI(value.strip());
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (u.getHost() != null && (scheme.equals("https") || scheme.equals("http")) && u.getQuery() == null) {
                    return u;
                }
            } catch (URISyntaxException e) {
                // refused below, without repeating the value
            }
            throw new ValueRefused("expected the gateway's base URL, e.g. https://api.redpill.ai (http:// only to this"
                    + " machine)");
        }
    }
}
