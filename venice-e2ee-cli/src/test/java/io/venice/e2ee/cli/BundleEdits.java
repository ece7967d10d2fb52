package io.venice.e2ee.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Edits to an audit bundle as someone covering their tracks would make them. */
final class BundleEdits {
    private BundleEdits() {
    }

    /** Rewrites the manifest ({@code <sha256>  <path>}, sorted) so that it lists the bundle's files as they now are. */
    static void rewriteManifest(Path bundle) throws Exception {
        TreeMap<String, String> lines = new TreeMap<>();
        try (Stream<Path> all = Files.walk(bundle)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                String rel = bundle.relativize(p).toString().replace('\\', '/');
                if (!rel.equals("manifest.sha256")) {
                    lines.put(rel, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(p))));
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        lines.forEach((path, sha) -> sb.append(sha).append("  ").append(path).append('\n'));
        Files.writeString(bundle.resolve("manifest.sha256"), sb.toString());
    }
}
