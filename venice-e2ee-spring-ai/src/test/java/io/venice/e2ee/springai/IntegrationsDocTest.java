package io.venice.e2ee.springai;

import io.venice.e2ee.testing.ReadmeSnippets;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/integrations.md's Spring AI part says what this module is and runs: its dependency and its Boot test. */
class IntegrationsDocTest {
    private static final Path PAGE = ReadmeSnippets.page("docs/integrations.md");

    @Test
    void theBootTestExampleIsTheCodeTheBuildRuns() {
        ReadmeSnippets.assertInSync(ReadmeSnippets.block(PAGE, "### Against the simulator in a Boot test", "java", 0),
                ReadmeSnippets.region(Path.of("src/test/java/io/venice/e2ee/springai/BootTestDocExampleTest.java"),
                        "boot-test"));
    }

    @Test
    void theDependencyNamesThisModuleAndTheVersionsItIsBuiltOn() throws Exception {
        String block = String.join("\n", ReadmeSnippets.block(PAGE, "## Spring AI (`venice-e2ee-spring-ai`)", "xml", 0));
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(block).contains("<artifactId>venice-e2ee-spring-ai</artifactId>",
                "Spring AI " + property(pom, "spring-ai.version"), "Spring Boot " + property(pom, "spring-boot.version"));
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(m.find()).as(name + " in pom.xml").isTrue();
        return m.group(1);
    }
}
