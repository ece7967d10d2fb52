package io.venice.e2ee.springai;

/**
 * Told of every verification the chat model's sessions go through. Beans of this type are handed to the
 * auto-configured {@link VeniceE2eeChatModel}; the health indicator and the failure counter are two of them. Called on
 * the thread that verified; must not block.
 */
@FunctionalInterface
public interface VerificationListener {
    /** One verification's outcome. */
    void onVerification(VerificationEvent event);
}
