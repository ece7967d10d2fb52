package io.venice.e2ee.testing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
