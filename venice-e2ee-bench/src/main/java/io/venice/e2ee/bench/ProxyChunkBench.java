package io.venice.e2ee.bench;

import io.venice.e2ee.chat.ChatDelta;
import io.venice.e2ee.proxy.openai.ChunkWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The proxy's own work per chunk, apart from the network: one decrypted delta (4 characters, as the simulator streams
 * them) written as an OpenAI {@code chat.completion.chunk} event.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProxyChunkBench {
    private final ChatDelta delta = new ChatDelta(7, "chatcmpl-0123456789abcdef0123456789abcdef", "e2ee-glm-5",
            "fox ", null, null, null, true);
    private final ChunkWriter writer = new ChunkWriter(1_764_633_600L, "e2ee-glm-5");

    /** One delta to one SSE event's bytes. */
    @Benchmark
    public byte[] writeChunk() {
        return writer.chunk(delta);
    }
}
