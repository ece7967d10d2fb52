package io.venice.e2ee.client;

import io.venice.e2ee.chat.PrivacyMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The privacy of a chat comes from capabilities and the caller's permissions, never from the name. */
class ModelPrivacyTest {
    private static final List<ModelInfo> LIST = List.of(
            new ModelInfo("e2ee-glm-5", null, "text", true, true),
            new ModelInfo("tee-glm-5", null, "text", true, false),
            new ModelInfo("E2EE-glm-5", null, "text", false, false),
            new ModelInfo("plain-model", null, "text", false, false),
            new ModelInfo("quiet-private", null, "text", true, true));

    private static PrivacyMode choose(String model, boolean teeOnly, boolean allowPlaintext) {
        return ModelPrivacy.choose(model, LIST, null, teeOnly, allowPlaintext);
    }

    @Test
    void anE2eeCapableModelIsEndToEndUnlessTeeOnlyWasAskedForWhateverItsName() {
        assertThat(choose("e2ee-glm-5", false, false)).isEqualTo(PrivacyMode.END_TO_END);
        assertThat(choose("e2ee-glm-5", false, true)).isEqualTo(PrivacyMode.END_TO_END);
        assertThat(choose("quiet-private", false, false)).isEqualTo(PrivacyMode.END_TO_END);
        assertThat(choose("e2ee-glm-5", true, false)).isEqualTo(PrivacyMode.TEE_ONLY);
    }

    @Test
    void anAttestationOnlyModelIsTeeOnlyWhenAskedAndRefusedOtherwise() {
        assertThat(choose("tee-glm-5", true, false)).isEqualTo(PrivacyMode.TEE_ONLY);
        assertThat(choose("tee-glm-5", false, true)).isEqualTo(PrivacyMode.TEE_ONLY);
        assertThatThrownBy(() -> choose("tee-glm-5", false, false)).isInstanceOf(PrivacyException.E2eeNotOffered.class)
                .hasMessageContaining("tee-glm-5").hasMessageContaining("--tee-only")
                .hasMessageContaining("nothing was sent");
    }

    @Test
    void aModelWithoutCapabilitiesIsPlaintextOnlyWhenAllowedEvenWithAPrivateLookingName() {
        assertThatThrownBy(() -> choose("E2EE-glm-5", false, false)).isInstanceOf(PrivacyException.NotPrivate.class)
                .hasMessageContaining("E2EE-glm-5").hasMessageContaining("--allow-plaintext");
        assertThatThrownBy(() -> choose("E2EE-glm-5", true, false)).isInstanceOf(PrivacyException.NotPrivate.class);
        assertThat(choose("E2EE-glm-5", false, true)).isEqualTo(PrivacyMode.PLAINTEXT);
        assertThat(choose("plain-model", false, true)).isEqualTo(PrivacyMode.PLAINTEXT);
    }

    @Test
    void anUnlistedModelIsRefusedWhenItLooksPrivateOrPlaintextIsNotAllowed() {
        assertThatThrownBy(() -> choose("e2ee-unlisted", false, true))
                .isInstanceOf(PrivacyException.CapabilitiesUnknown.class).hasMessageContaining("does not name it");
        assertThatThrownBy(() -> choose("other", false, false)).isInstanceOf(PrivacyException.CapabilitiesUnknown.class);
        assertThat(choose("other", false, true)).isEqualTo(PrivacyMode.PLAINTEXT);
    }

    @Test
    void withoutTheListAPrivateLookingIdIsRefusedWhateverWasAllowed() {
        IOException down = new IOException("connection refused");
        for (String id : new String[] {"E2EE-glm-5", "e2ee-x", "my-e2ee-model", "tee-x", "TEE-X", "model-tee-7b"}) {
            assertThatThrownBy(() -> ModelPrivacy.choose(id, null, down, true, true)).as(id)
                    .isInstanceOf(PrivacyException.CapabilitiesUnknown.class).hasMessageContaining("could not be fetched")
                    .hasMessageContaining("connection refused").hasCause(down);
        }
        assertThat(ModelPrivacy.choose("llama-3", null, down, false, true)).isEqualTo(PrivacyMode.PLAINTEXT);
        assertThatThrownBy(() -> ModelPrivacy.choose("llama-3", null, down, false, false))
                .isInstanceOf(PrivacyException.CapabilitiesUnknown.class);
    }

    @Test
    void looksPrivateFollowsVeniceCliRuleInAnyCase() {
        assertThat(ModelPrivacy.looksPrivate("E2EE-glm-5")).isTrue();
        assertThat(ModelPrivacy.looksPrivate("qwen-tee")).isTrue();
        assertThat(ModelPrivacy.looksPrivate("tee-qwen")).isTrue();
        assertThat(ModelPrivacy.looksPrivate("steering-7b")).isFalse();
        assertThat(ModelPrivacy.looksPrivate("venice-uncensored")).isFalse();
    }
}
