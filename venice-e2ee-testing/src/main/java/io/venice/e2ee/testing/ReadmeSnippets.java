package io.venice.e2ee.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the README's code examples and the tests that run them in step: a test holds the example between
 * {@code // README:<name> begin} and {@code // README:<name> end} lines, and {@link #assertInSync} compares that
 * region with the first fenced block of the README section, line by line (indentation aside). A test line may stand in
 * for a README line it cannot run as is (say, a key from the environment where the test talks to the simulator): it
 * ends with {@code // README: <the README line>}.
 */
public final class ReadmeSnippets {
    private static final String STAND_IN = "// README: ";

    private ReadmeSnippets() {
    }

    /** The repository's README.md (from {@code venice.repo.root}, else found upward from the working directory). */
    public static Path readme() {
        String configured = System.getProperty("venice.repo.root");
        Path start = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("");
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("pom.xml"))
                    && Files.isDirectory(dir.resolve("venice-e2ee-api"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException("README.md of the repository not found upward from " + start.toAbsolutePath());
    }

    /**
     * The lines of the first {@code ```language} block after the line {@code heading} (e.g. {@code ### LangChain4j}).
     */
    public static List<String> block(String heading, String language) {
        List<String> lines = read(readme());
        int at = lines.indexOf(heading);
        if (at < 0) {
            throw new AssertionError("README.md has no line \"" + heading + "\"");
        }
        for (int i = at + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (isHeadingOfSameOrHigherLevel(line, heading)) {
                break;
            }
            if (line.strip().equals("```" + language)) {
                List<String> out = new ArrayList<>();
                for (int j = i + 1; j < lines.size(); j++) {
                    if (lines.get(j).strip().equals("```")) {
                        return out;
                    }
                    out.add(lines.get(j));
                }
                throw new AssertionError("the ```" + language + " block under \"" + heading + "\" is not closed");
            }
        }
        throw new AssertionError("no ```" + language + " block under \"" + heading + "\" in README.md");
    }

    /** The lines between {@code // README:name begin} and {@code // README:name end} in a source file. */
    public static List<String> region(Path source, String name) {
        List<String> lines = read(source);
        String begin = "// README:" + name + " begin";
        String end = "// README:" + name + " end";
        int from = -1;
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).strip();
            if (s.equals(begin)) {
                from = i + 1;
            } else if (s.equals(end) && from >= 0) {
                return lines.subList(from, i);
            }
        }
        throw new AssertionError(source + " has no region \"" + begin + "\" ... \"" + end + "\"");
    }

    /** Fails, naming the first line that differs, unless the README block and the test's region say the same. */
    public static void assertInSync(List<String> readmeBlock, List<String> testRegion) {
        List<String> expected = readmeBlock.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        List<String> actual = new ArrayList<>();
        for (String line : testRegion) {
            String s = line.strip();
            int standIn = s.indexOf(STAND_IN);
            if (standIn >= 0) {
                s = s.substring(standIn + STAND_IN.length()).strip();
            }
            if (!s.isEmpty()) {
                actual.add(s);
            }
        }
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String e = i < expected.size() ? expected.get(i) : "(nothing)";
            String a = i < actual.size() ? actual.get(i) : "(nothing)";
            if (!e.equals(a)) {
                throw new AssertionError("the README example and the test that runs it differ at line " + (i + 1)
                        + ":\n  README: " + e + "\n  test:   " + a);
            }
        }
    }

    private static boolean isHeadingOfSameOrHigherLevel(String line, String heading) {
        return level(line) > 0 && level(line) <= level(heading);
    }

    private static int level(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == '#') {
            n++;
        }
        return n < line.length() && line.charAt(n) == ' ' ? n : 0;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
