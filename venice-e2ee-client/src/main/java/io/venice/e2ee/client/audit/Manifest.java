package io.venice.e2ee.client.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A bundle's SHA-256 manifest, {@value #FILE}: one line per file, {@code <sha256 hex>  <path>}, paths relative to
 * the bundle with {@code /}, sorted (the form {@code sha256sum -c} reads). Checking it names every file that was
 * edited, removed or added.
 */
final class Manifest {
    static final String FILE = "manifest.sha256";

    private Manifest() {
    }

    /** The manifest text of {@code files} (path to content). */
    static String of(Map<String, byte[]> files) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(files).forEach((path, bytes) -> sb.append(sha256(bytes)).append("  ").append(path).append('\n'));
        return sb.toString();
    }

    /**
     * Every way {@code bundle} differs from its manifest, each naming the file; empty when every file is listed with
     * its hash and nothing else is there.
     */
    static List<String> check(Path bundle) throws IOException {
        List<String> problems = new ArrayList<>();
        Path manifest = bundle.resolve(FILE);
        if (!Files.isRegularFile(manifest)) {
            problems.add(FILE + " is missing: the bundle is incomplete or was not written by an audit");
            return problems;
        }
        Map<String, String> listed = new TreeMap<>();
        int line = 0;
        for (String l : Files.readString(manifest, StandardCharsets.UTF_8).split("\n", -1)) {
            line++;
            if (l.isEmpty()) {
                continue;
            }
            int sep = l.indexOf("  ");
            if (sep != 64 || !l.substring(0, 64).matches("[0-9a-f]{64}")) {
                problems.add(FILE + " line " + line + " is not '<sha256>  <path>'");
                continue;
            }
            listed.put(l.substring(66), l.substring(0, 64));
        }
        for (Map.Entry<String, String> e : listed.entrySet()) {
            Path f = bundle.resolve(e.getKey()).normalize();
            if (!f.startsWith(bundle) || !Files.isRegularFile(f)) {
                problems.add(e.getKey() + " is listed in " + FILE + " but missing");
            } else if (!sha256(Files.readAllBytes(f)).equals(e.getValue())) {
                problems.add(e.getKey() + " was edited: its SHA-256 differs from " + FILE);
            }
        }
        try (Stream<Path> all = Files.walk(bundle)) {
            all.filter(Files::isRegularFile).map(p -> bundle.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals(FILE) && !listed.containsKey(p)).sorted()
                    .forEach(p -> problems.add(p + " is not listed in " + FILE + " (added after the bundle was written)"));
        }
        return problems;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
