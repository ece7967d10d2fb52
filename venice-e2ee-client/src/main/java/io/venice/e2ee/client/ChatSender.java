package io.venice.e2ee.client;

import io.venice.e2ee.chat.ChatCompletion;
import io.venice.e2ee.chat.ChatStream;
import io.venice.e2ee.chat.ChunkDecryptor;
import io.venice.e2ee.chat.StreamOptions;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Sends one chat and hands back its answer stream once the first text has decrypted, so that a stale key or a
 * refusal fails the call itself (and can be retried with new keys) before anything reached the caller.
 */
final class ChatSender {
    private final VeniceApi api;
    private final StreamOptions options;

    ChatSender(VeniceApi api, StreamOptions options) {
        this.api = api;
        this.options = options;
    }

    /**
     * Sends {@code body} with {@code headers} and reads the answer with {@code decryptor}.
     *
     * @param headers the {@code X-Venice-TEE-*} headers of an end-to-end-encrypted chat, or none
     */
    CompletableFuture<ChatStream> send(Map<String, String> headers, byte[] body, ChunkDecryptor decryptor) {
        return send(headers, body, decryptor, null);
    }

    /**
     * Sends {@code body} with {@code headers}, reads the answer with {@code decryptor}, and runs
     * {@code completionCheck} (null: none) on the complete answer before its completion completes.
     */
    CompletableFuture<ChatStream> send(Map<String, String> headers, byte[] body, ChunkDecryptor decryptor,
                                       Function<ChatCompletion, CompletionStage<ChatCompletion>> completionCheck) {
        return api.chat(headers, body).thenCompose(answer -> {
            ChatStream s = ChatStream.start(answer.response(), answer.uri(), decryptor, options, body,
                    completionCheck);
            return s.firstText().handle((started, e) -> {
                if (e != null) {
                    s.close();
                    throw new CompletionException(Futures.unwrap(e));
                }
                return s;
            });
        });
    }
}
