package io.venice.e2ee.bench;

import io.venice.e2ee.chat.ChunkDecryptor;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.sse.SseDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * The whole chunk as the client runs it: one SSE {@code data:} line (bytes as read from the socket, with the blank
 * line that dispatches it) through {@link SseDecoder} and {@link ChunkDecryptor} (Jackson streaming parse, envelope
 * open) to the chunk's UTF-8 text.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChunkPipelineBench {
    /** Key agreement (see {@link BenchProviders}; native pairs with the best available HKDF and AES-GCM). */
    @Param({"bc", "jca", "native-jni", "native-ffm"})
    public String keyAgreement;

    private EcdhKeyPair session;
    private ChunkFixture chunks;
    private SseDecoder decoder;
    private EnvelopeCipher cipher;
    private ChunkDecryptor decryptor;
    private long index;
    private String text;
    private int next;

    /** A session key, a pool of SSE lines carrying envelopes sealed to it, and the client's decoder. */
    @Setup
    public void setUp() {
        cipher = BenchProviders.cipher(keyAgreement);
        session = cipher.keyAgreement().generateKeyPair();
        chunks = new ChunkFixture(cipher, session, EcdhBench.PEERS);
        decryptor = ChunkDecryptor.e2ee(cipher, session, false);
        decoder = new SseDecoder((type, data, offset, length) -> text = decryptor.decrypt(data, offset, length, index++)
                .content());
    }

    /** Wipes the session key. */
    @TearDown
    public void tearDown() {
        session.close();
    }

    /**
     * One SSE line to text. A session refuses an envelope whose ephemeral key it has seen, so the pool of lines is
     * read by a fresh decryptor (a session) each time round: the check stays in what is measured, and a new decryptor
     * every {@value EcdhBench#PEERS} chunks costs next to nothing per chunk.
     */
    @Benchmark
    public String chunk() {
        if ((next & (EcdhBench.PEERS - 1)) == 0) {
            decryptor = ChunkDecryptor.e2ee(cipher, session, false);
        }
        byte[] line = chunks.sseLines[next++ & (EcdhBench.PEERS - 1)];
        decoder.feed(line, 0, line.length);
        return text;
    }
}
