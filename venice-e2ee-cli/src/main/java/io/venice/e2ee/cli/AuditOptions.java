package io.venice.e2ee.cli;

import io.venice.e2ee.client.VeniceClient;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where {@code chat} and {@code attest} write audit bundles, and whether they keep plaintext. */
final class AuditOptions {
    @Option(names = "--audit-dir", paramLabel = "DIR",
            description = "Write an audit bundle per session and per completion into DIR (append-only; check them"
                    + " later with 'venice-e2ee audit verify DIR').")
    Path auditDir;

    @Option(names = "--audit-plaintext",
            description = "Also keep the plaintext prompt and answer in the completion bundles (off by default:"
                    + " bundles hold the ciphertext as sent and received).")
    boolean plaintext;

    VeniceClient.Builder apply(VeniceClient.Builder b) {
        return auditDir == null ? b : b.auditDirectory(auditDir).auditPlaintext(plaintext);
    }
}
