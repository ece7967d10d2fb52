package io.venice.e2ee.springai;

import io.venice.e2ee.simulator.VeniceSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

// The Boot test example of docs/integrations.md, as written there (its class name aside): a test class of this module
// that the build runs; IntegrationsDocTest checks that the page still shows exactly this code.

// DOC:boot-test begin
@SpringBootTest
class BootTestDocExampleTest { // DOC: class MyTest {
    static final VeniceSimulator SIM = VeniceSimulator.builder().build();

    @DynamicPropertySource
    static void venice(DynamicPropertyRegistry r) throws IOException {
        String base = SIM.start().toString();                           // start() is idempotent
        List<Path> roots = SIM.exportTrustAnchors(Files.createTempDirectory("roots"));
        r.add("venice.e2ee.base-url", () -> base);
        r.add("venice.e2ee.api-key", () -> "any");                      // the simulator wants a key, any key
        r.add("venice.e2ee.model", () -> "e2ee-glm-5");
        r.add("venice.e2ee.trust-anchors", () -> roots.get(0) + "," + roots.get(1));
    }

    @AfterAll
    static void stop() {
        SIM.close();
    }

    @Test
    void answers(@Autowired ChatModel chatModel) {
        assertEquals("Echo: Hi (1 word)", chatModel.call("Hi"));
    }
}
// DOC:boot-test end
