package io.venice.e2ee.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.attestation.json.VeniceJson;
import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.SecretBytes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code keygen}: a fresh secp256k1 key pair, as hex, with its Ethereum-style address. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Generate a fresh secp256k1 key pair (private key, uncompressed public key, address).")
final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Mixin
    ProviderOption provider;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (EcdhKeyPair pair = provider.suite().keyAgreement().generateKeyPair();
             SecretBytes privateKey = pair.privateKey()) {
            byte[] d = privateKey.copyBytes();
            String privateHex = Hex.encode(d);
            java.util.Arrays.fill(d, (byte) 0);
            byte[] publicKey = pair.publicKey();
            String address = EthAddress.ofPublicKey(publicKey).toChecksum();
            if (json) {
                ObjectMapper mapper = VeniceJson.newMapper();
                ObjectNode node = mapper.createObjectNode();
                node.put("privateKey", privateHex);
                node.put("publicKey", Hex.encode(publicKey));
                node.put("address", address);
                out.println(mapper.writeValueAsString(node));
            } else {
                out.println("private key: " + privateHex);
                out.println("public key:  " + Hex.encode(publicKey));
                out.println("address:     " + address);
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
