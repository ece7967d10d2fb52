package io.venice.e2ee.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Finding the examples of the README and the docs, and comparing them with the regions of the tests that run them. */
class ReadmeSnippetsTest {
    @Test
    void sameLinesWhateverTheIndentationAreInSync() {
        assertThatCode(() -> ReadmeSnippets.assertInSync(List.of("a();", "  b();", ""), List.of("        a();",
                "            b();"))).doesNotThrowAnyException();
    }

    @Test
    void aStandInCountsAsTheReadmeLineItNames() {
        assertThatCode(() -> ReadmeSnippets.assertInSync(List.of(".apiKey(System.getenv(\"K\"))", "x();"),
                List.of(".apiKey(\"test\") // README: .apiKey(System.getenv(\"K\"))", "x();")))
                .doesNotThrowAnyException();
    }

    @Test
    void aChangedMissingOrExtraLineFailsNamingIt() {
        assertThatThrownBy(() -> ReadmeSnippets.assertInSync(List.of("a();", "b();"), List.of("a();", "c();")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("line 2").hasMessageContaining("b();")
                .hasMessageContaining("c();");
        assertThatThrownBy(() -> ReadmeSnippets.assertInSync(List.of("a();", "b();"), List.of("a();")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("(nothing)");
        assertThatThrownBy(() -> ReadmeSnippets.assertInSync(List.of("a();"), List.of("a();", "b();")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("line 2");
    }

    @Test
    void findsTheRepositoryReadmeAndItsJavaSection() {
        assertThat(ReadmeSnippets.readme().getFileName().toString()).isEqualTo("README.md");
        assertThat(ReadmeSnippets.block("### Blocking", "java")).anyMatch(l -> l.contains("VeniceClient.builder()"));
        assertThatThrownBy(() -> ReadmeSnippets.block("### No such section", "java"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aDocStandInCountsToo() {
        assertThatCode(() -> ReadmeSnippets.assertInSync(List.of("run(base);"),
                List.of("run(sim.baseUrl()); // DOC: run(base);"))).doesNotThrowAnyException();
    }

    @Test
    void findsTheNthBlockOfALanguageInASectionOfAPage(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.md");
        Files.writeString(page, String.join("\n", "# Page", "## One", "```java", "first();", "```", "text",
                "```sh", "not java", "```", "```java", "second();", "```", "### Deeper", "```java", "third();",
                "```", "## Two", "```java", "other();", "```", ""));
        assertThat(ReadmeSnippets.block(page, "## One", "java", 0)).containsExactly("first();");
        assertThat(ReadmeSnippets.block(page, "## One", "java", 1)).containsExactly("second();");
        assertThat(ReadmeSnippets.block(page, "## One", "java", 2)).as("a subsection is in its section")
                .containsExactly("third();");
        assertThat(ReadmeSnippets.block(page, "## One", "sh", 0)).containsExactly("not java");
        assertThatThrownBy(() -> ReadmeSnippets.block(page, "## One", "java", 3)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("block number 4");
        assertThat(ReadmeSnippets.block(page, "## Two", "java", 0)).containsExactly("other();");
    }

    @Test
    void aRegionIsMarkedForTheReadmeOrForADoc(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("T.java");
        Files.writeString(source, String.join("\n", "// README:a begin", "a();", "// README:a end", "// DOC:b begin",
                "b();", "// DOC:b end", ""));
        assertThat(ReadmeSnippets.region(source, "a")).containsExactly("a();");
        assertThat(ReadmeSnippets.region(source, "b")).containsExactly("b();");
        assertThatThrownBy(() -> ReadmeSnippets.region(source, "c")).isInstanceOf(AssertionError.class);
    }

    @Test
    void findsThePagesOfTheRepository() {
        assertThat(ReadmeSnippets.page("docs/client.md")).isRegularFile();
        assertThatThrownBy(() -> ReadmeSnippets.page("docs/no-such-page.md")).isInstanceOf(AssertionError.class);
    }
}
