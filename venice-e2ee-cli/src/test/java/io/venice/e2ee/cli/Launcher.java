package io.venice.e2ee.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs an external program (the {@code ./venice-e2ee} launcher, the Python reference) with a bounded wait. */
final class Launcher {
    /** The repository root, from the build (or the working directory's parent, when run from the module). */
    static final Path ROOT = Path.of(System.getProperty("venice.repo.root", "..")).toAbsolutePath().normalize();

    private Launcher() {
    }

    /** Output of one finished process. */
    record Result(int exitCode, String out, String err) {
    }

    /** {@code ./venice-e2ee args...} with {@code stdin}. */
    static Result cli(String stdin, String... args) {
        return cli(Map.of(), stdin, args);
    }

    /** {@code ./venice-e2ee args...} with {@code stdin} and {@code env} added to the environment. */
    static Result cli(Map<String, String> env, String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("venice-e2ee").toString()));
        command.addAll(List.of(args));
        return exec(command, env, stdin);
    }

    /** The Debian python3 (where the apt packages live), else whatever python3 is on the PATH. */
    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    static Result exec(List<String> command, String stdin) {
        return exec(command, Map.of(), stdin);
    }

    static Result exec(List<String> command, Map<String, String> env, String stdin) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
