package io.venice.e2ee.proxy.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.venice.e2ee.chat.ChatRequest;
import io.venice.e2ee.testing.JsonMutations;
import io.venice.e2ee.testing.OnlyTyped;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy's reading of an OpenAI chat-completions body ({@link RequestScreen}, then the client's
 * {@link ChatRequest#fromJson}) on mutations of real-shaped requests ({@link JsonMutations}: cut, changed, members
 * removed, repeated or given any JSON) and on any bytes. A body is screened or refused with an
 * {@link OpenAiRequestException} carrying a 400 that names what failed; a screened body always maps to a request.
 */
public class OpenAiRequestFuzzTest {
    /** Requests as OpenAI clients send them: plain, with a system prompt, text parts, Venice's parameters, options. */
    public static final List<String> REQUESTS = List.of(
            "{\"model\":\"e2ee-glm-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}",
            "{\"model\":\"e2ee-glm-5\",\"stream\":true,\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                    + "{\"role\":\"user\",\"content\":\"hello\"},{\"role\":\"assistant\",\"content\":\"hi\"},"
                    + "{\"role\":\"user\",\"content\":\"and again\"}],\"temperature\":0.7,\"max_tokens\":64,"
                    + "\"top_p\":1,\"stop\":[\"\\n\\n\"],\"n\":1,\"user\":\"u-1\"}",
            "{\"model\":\"e2ee-glm-5\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                    + "\"text\":\"part one\"},{\"type\":\"text\",\"text\":\"part two\"}]}],\"response_format\":"
                    + "{\"type\":\"text\"},\"stream_options\":{\"include_usage\":true}}",
            "{\"model\":\"e2ee-glm-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"venice_parameters\":"
                    + "{\"enable_e2ee\":true,\"enable_web_search\":\"off\",\"include_venice_system_prompt\":false}}");

    @Provide
    Arbitrary<String> requests() {
        return Arbitraries.oneOf(REQUESTS.stream().map(r -> JsonMutations.of(r, 4)).toList());
    }

    @Property
    void aMutatedRequestIsScreenedOrRefusedWithANamed400(@ForAll("requests") String body) {
        boolean screened = check(body.getBytes(StandardCharsets.UTF_8));
        // both outcomes must occur, or the property checked nothing
        Statistics.label("outcome").collect(screened ? "screened" : "refused");
        Statistics.label("outcome").coverage(c -> {
            c.check("screened").count(n -> n > 0);
            c.check("refused").count(n -> n > 0);
        });
    }

    @Property
    void anyBytesAreScreenedOrRefusedWithANamed400(@ForAll byte[] body) {
        check(body);
    }

    /** Screens {@code body}; whether it passed both screens (else it was refused as a named 400). */
    private static boolean check(byte[] body) {
        try {
            RequestScreen.Screened s = RequestScreen.screen(body);
            boolean e2ee = true;
            try {
                RequestScreen.screenForE2ee(s.body());
            } catch (OpenAiRequestException e) {
                assertNamed400(body, e);
                e2ee = false;
            }
            ChatRequest request = OnlyTyped.check(body, () -> ChatRequest.fromJson(s.body().toString()));
            assertThat(request.toJsonNode().path("messages").isArray()).isTrue();
            assertThat(s.model()).isNotBlank();
            return e2ee;
        } catch (OpenAiRequestException e) {
            assertNamed400(body, e);
            return false;
        } catch (AssertionError failed) {
            throw failed;
        } catch (RuntimeException | Error t) {
            throw new AssertionError("untyped " + t.getClass().getName() + " escaped for body '"
                    + new String(body, StandardCharsets.UTF_8) + "'", t);
        }
    }

    private static void assertNamed400(byte[] body, OpenAiRequestException e) {
        OpenAiError error = e.error();
        assertThat(error.status()).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(400);
        assertThat(error.message()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(error.code()).isNotBlank();
    }

    @Test
    void theSeedsAreScreenedAsIsSoTheMutationsStartFromSomethingValid() {
        for (String r : REQUESTS) {
            RequestScreen.Screened s = RequestScreen.screen(r.getBytes(StandardCharsets.UTF_8));
            ObjectNode body = s.body();
            RequestScreen.screenForE2ee(body);
            assertThat(ChatRequest.fromJson(body.toString()).model()).isEqualTo("e2ee-glm-5");
        }
    }
}
