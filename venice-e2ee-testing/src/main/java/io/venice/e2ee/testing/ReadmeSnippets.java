package io.venice.e2ee.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the code examples of the README and of {@code docs/*.md} and the tests that run them in step: a test holds
 * the example between {@code // README:<name> begin} and {@code // README:<name> end} lines (or {@code // DOC:...},
 * the same for a page of {@code docs/}), and {@link #assertInSync} compares that region with the fenced block of the
 * page, line by line (indentation aside). A test line may stand in for a line of the page it cannot run as is (say, a
 * key from the environment where the test talks to the simulator, or a wait for an answer the page leaves to arrive
 * later): it ends with {@code // README: <the page's line>} (or {@code // DOC: <the page's line>}), so the difference
 * is written next to the line it replaces.
 */
public final class ReadmeSnippets {
    private static final List<String> STAND_INS = List.of("// README: ", "// DOC: ");
    private static final List<String> MARKERS = List.of("// README:", "// DOC:");

    private ReadmeSnippets() {
    }

    /** The repository's README.md (from {@code venice.repo.root}, else found upward from the working directory). */
    public static Path readme() {
        return repositoryRoot().resolve("README.md");
    }

    /** A page of the repository by its path from the root, e.g. {@code docs/client.md}; it must exist. */
    public static Path page(String relativePath) {
        Path page = repositoryRoot().resolve(relativePath);
        if (!Files.isRegularFile(page)) {
            throw new AssertionError("the repository has no page " + relativePath);
        }
        return page;
    }

    /** The repository's root: {@code venice.repo.root}, else the first directory upward holding the README and pom. */
    public static Path repositoryRoot() {
        String configured = System.getProperty("venice.repo.root");
        Path start = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("");
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("pom.xml"))
                    && Files.isDirectory(dir.resolve("venice-e2ee-api"))) {
                return dir;
            }
        }
        throw new IllegalStateException("README.md of the repository not found upward from " + start.toAbsolutePath());
    }

    /**
     * The lines of the first {@code ```language} block after the line {@code heading} (e.g. {@code ### LangChain4j})
     * of the README.
     */
    public static List<String> block(String heading, String language) {
        return block(readme(), heading, language, 0);
    }

    /**
     * The lines of the {@code index}-th (from 0) {@code ```language} block in the section of {@code page} that starts
     * at the line {@code heading} (up to the next heading of the same or a higher level). An empty {@code language}
     * means a block opened by a bare {@code ```}.
     */
    public static List<String> block(Path page, String heading, String language, int index) {
        List<String> lines = read(page);
        int at = lines.indexOf(heading);
        if (at < 0) {
            throw new AssertionError(page.getFileName() + " has no line \"" + heading + "\"");
        }
        int seen = 0;
        boolean inBlock = false;
        for (int i = at + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            String fence = line.strip();
            if (inBlock) {
                inBlock = !fence.equals("```");
                continue;
            }
            if (isHeadingOfSameOrHigherLevel(line, heading)) {
                break;
            }
            if (!fence.startsWith("```")) {
                continue;
            }
            if (!fence.equals("```" + language) || seen++ < index) {
                inBlock = true;
                continue;
            }
            List<String> out = new ArrayList<>();
            for (int j = i + 1; j < lines.size(); j++) {
                if (lines.get(j).strip().equals("```")) {
                    return out;
                }
                out.add(lines.get(j));
            }
            throw new AssertionError("the ```" + language + " block under \"" + heading + "\" is not closed");
        }
        throw new AssertionError("no ```" + language + " block number " + (index + 1) + " under \"" + heading
                + "\" in " + page.getFileName());
    }

    /**
     * The lines between {@code // README:name begin} and {@code // README:name end} (or {@code // DOC:name begin}
     * and {@code // DOC:name end}) in a source file.
     */
    public static List<String> region(Path source, String name) {
        List<String> lines = read(source);
        for (String marker : MARKERS) {
            String begin = marker + name + " begin";
            String end = marker + name + " end";
            int from = -1;
            for (int i = 0; i < lines.size(); i++) {
                String s = lines.get(i).strip();
                if (s.equals(begin)) {
                    from = i + 1;
                } else if (s.equals(end) && from >= 0) {
                    return lines.subList(from, i);
                }
            }
        }
        throw new AssertionError(source + " has no region \"// README:" + name + " begin\" (or // DOC:) ... end");
    }

    /** Fails, naming the first line that differs, unless the page's block and the test's region say the same. */
    public static void assertInSync(List<String> readmeBlock, List<String> testRegion) {
        List<String> expected = readmeBlock.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        List<String> actual = new ArrayList<>();
        for (String line : testRegion) {
            String s = line.strip();
            for (String marker : STAND_INS) {
                int standIn = s.indexOf(marker);
                if (standIn >= 0) {
                    s = s.substring(standIn + marker.length()).strip();
                    break;
                }
            }
            if (!s.isEmpty()) {
                actual.add(s);
            }
        }
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String e = i < expected.size() ? expected.get(i) : "(nothing)";
            String a = i < actual.size() ? actual.get(i) : "(nothing)";
            if (!e.equals(a)) {
                throw new AssertionError("the example on the page and the test that runs it differ at line " + (i + 1)
                        + ":\n  page: " + e + "\n  test: " + a);
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
