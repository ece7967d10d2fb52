package io.venice.e2ee.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.spi.EcdhKeyPair;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The whole chunk: one SSE {@code data:} line (bytes as read from the socket) in, UTF-8 text out. The line is parsed
 * with Jackson's streaming parser straight from the bytes to {@code choices[0].delta.content}, and the envelope is
 * opened with {@link EnvelopeCipher}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChunkPipelineBench {
    private static final JsonFactory JSON = new JsonFactory();

    /** Provider name (native pairs with the best available HKDF and AES-GCM). */
    @Param({"bc", "jca", "native"})
    public String provider;

    private EnvelopeCipher cipher;
    private EcdhKeyPair session;
    private ChunkFixture chunks;
    private int next;

    /** A session key and a pool of SSE lines carrying envelopes sealed to it. */
    @Setup
    public void setUp() {
        cipher = BenchProviders.cipher(provider);
        session = cipher.keyAgreement().generateKeyPair();
        chunks = new ChunkFixture(cipher, session, EcdhBench.PEERS);
    }

    /** Wipes the session key. */
    @TearDown
    public void tearDown() {
        session.close();
    }

    /** One SSE line to text. */
    @Benchmark
    public String chunk() throws IOException {
        byte[] line = chunks.sseLines[next++ & (EcdhBench.PEERS - 1)];
        return cipher.openToString(session, deltaContent(line));
    }

    /** {@code choices[0].delta.content} of a {@code data: {...}} line, or {@code null}. */
    static String deltaContent(byte[] line) throws IOException {
        int start = 5;
        if (line.length < 6 || line[0] != 'd' || line[1] != 'a' || line[2] != 't' || line[3] != 'a' || line[4] != ':') {
            return null;
        }
        if (line[start] == ' ') {
            start++;
        }
        try (JsonParser p = JSON.createParser(line, start, line.length - start)) {
            int depth = 0;
            int deltaDepth = -1;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> {
                        if (depth == deltaDepth) {
                            return null;
                        }
                        depth--;
                    }
                    case FIELD_NAME -> {
                        if (deltaDepth < 0 && "delta".equals(p.currentName())) {
                            if (p.nextToken() == JsonToken.START_OBJECT) {
                                deltaDepth = ++depth;
                            }
                        } else if (depth == deltaDepth && "content".equals(p.currentName())) {
                            return p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : null;
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return null;
    }
}
