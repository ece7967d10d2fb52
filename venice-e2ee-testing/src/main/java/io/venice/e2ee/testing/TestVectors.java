package io.venice.e2ee.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared test vectors ({@code ../shared/testvectors} beside the repository root) for every module's tests.
 * The root comes from the system property {@code venice.repo.root} (set by the build), else from walking up from the
 * working directory; a missing folder fails with a message that says where it was looked for.
 */
public final class TestVectors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestVectors() {
    }

    /** The {@code testvectors} folder. */
    public static Path root() {
        String configured = System.getProperty("venice.repo.root");
        Path start = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("testvectors");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared test vectors not found: expected ../shared/testvectors beside the"
                + " repository root (looked upward from " + start.toAbsolutePath() + "); check out the shared folder"
                + " next to the repository");
    }

    /** A file under the {@code testvectors} folder, which must exist. */
    public static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("shared test vector missing: " + p);
        }
        return p;
    }

    /** A JSON file under the {@code testvectors} folder, parsed. */
    public static JsonNode json(String relative) {
        try {
            return JSON.readTree(file(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test vector " + relative, e);
        }
    }

    /** The raw bytes of a file under the {@code testvectors} folder. */
    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test vector " + relative, e);
        }
    }
}
