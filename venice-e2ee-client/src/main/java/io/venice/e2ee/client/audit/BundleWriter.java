package io.venice.e2ee.client.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes one bundle, append-only: a new directory (never one that exists), new files only ({@code CREATE_NEW}: an
 * existing file is never overwritten), and the manifest last, so a bundle with a manifest is complete.
 */
final class BundleWriter {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final Map<String, byte[]> written = new LinkedHashMap<>();

    private BundleWriter(Path dir) {
        this.dir = dir;
    }

    /** A new bundle directory in {@code auditDir}, named by time, kind and model, with a random suffix. */
    static BundleWriter create(Path auditDir, Instant at, String kind, String model) throws IOException {
        Files.createDirectories(auditDir);
        String base = STAMP.format(at) + "-" + kind + "-" + safe(model);
        for (int i = 0; i < 16; i++) {
            byte[] r = new byte[4];
            RANDOM.nextBytes(r);
            Path dir = auditDir.resolve(base + "-" + HexFormat.of().formatHex(r));
            try {
                Files.createDirectory(dir);
                return new BundleWriter(dir);
            } catch (FileAlreadyExistsException e) {
                // another bundle took that name: draw another suffix
            }
        }
        throw new IOException("cannot create a new bundle directory in " + auditDir);
    }

    Path directory() {
        return dir;
    }

    void write(String path, byte[] content) throws IOException {
        Path f = dir.resolve(path).normalize();
        if (!f.startsWith(dir)) {
            throw new IOException("a bundle file must stay inside the bundle: " + path);
        }
        Files.createDirectories(f.getParent());
        try (OutputStream out = Files.newOutputStream(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(content);
        }
        written.put(path, content.clone());
    }

    void write(String path, String text) throws IOException {
        write(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the manifest of every file written; returns the manifest's own SHA-256 (the bundle's fingerprint). */
    String finish() throws IOException {
        String manifest = Manifest.of(written);
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(dir.resolve(Manifest.FILE), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            out.write(bytes);
        }
        return Manifest.sha256(bytes);
    }

    private static String safe(String model) {
        String s = model.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
        return s.length() > 64 ? s.substring(0, 64) : s;
    }
}
