package io.venice.e2ee.client.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A directory of small documents by key, for caches that outlive the process (e.g. {@code ~/.cache/venice-e2ee}). A
 * key's file is named by the SHA-256 of the key, written to a temporary file and moved into place, so a reader sees a
 * whole document or none. Best effort: a document that cannot be read or written is as if absent, and callers check
 * what they read back as they would check a fresh answer (a cache is never a source of trust).
 */
public final class DiskStore {
    private final Path directory;

    /** A store in {@code directory} (created when first written). */
    public DiskStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** The directory. */
    public Path directory() {
        return directory;
    }

    /** The document stored under {@code key}, if any can be read. */
    public Optional<byte[]> read(String key) {
        Path p = file(key);
        try {
            return Files.isRegularFile(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Stores {@code document} under {@code key}, replacing what was there; returns whether it was written. */
    public boolean write(String key, byte[] document) {
        try {
            Files.createDirectories(directory);
            Path tmp = Files.createTempFile(directory, ".tmp-", ".part");
            try {
                Files.write(tmp, document);
                try {
                    Files.move(tmp, file(key), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file(key), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Removes what is stored under {@code key}. */
    public void delete(String key) {
        try {
            Files.deleteIfExists(file(key));
        } catch (IOException e) {
            // best effort: a stale document is checked again when read
        }
    }

    private Path file(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return directory.resolve(HexFormat.of().formatHex(h) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }
}
