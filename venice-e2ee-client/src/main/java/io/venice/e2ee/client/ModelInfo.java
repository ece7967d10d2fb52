package io.venice.e2ee.client;

/**
 * One model as {@code GET /models} lists it.
 *
 * @param id                  model id, e.g. {@code e2ee-qwen3-5-122b-a10b}
 * @param name                display name, or null
 * @param type                model type (e.g. {@code text}), or null
 * @param supportsTeeAttestation runs in an attestable enclave ({@code model_spec.capabilities.supportsTeeAttestation})
 * @param supportsE2ee        accepts end-to-end-encrypted chats ({@code model_spec.capabilities.supportsE2EE})
 */
public record ModelInfo(String id, String name, String type, boolean supportsTeeAttestation, boolean supportsE2ee) {
}
