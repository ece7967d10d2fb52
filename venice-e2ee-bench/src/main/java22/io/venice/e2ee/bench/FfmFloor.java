package io.venice.e2ee.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.security.SecureRandom;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * libsecp256k1 through {@code java.lang.foreign} the way the constant-time engine calls it (the library the JNI
 * binding loaded, one randomized context, a confined arena per call, parse and serialize reading and writing Java
 * arrays in place), with a different multiply: the variable-time {@code secp256k1_ec_pubkey_tweak_mul} (the floor),
 * or {@code secp256k1_ecdh} with the library's own SHA-256 hash (no upcall). For measurement only.
 */
@SuppressWarnings("restricted")
final class FfmFloor implements FfmMultiply {
    private static final Linker LINKER = Linker.nativeLinker();

    private final boolean tweakMul;
    private final MemorySegment scalar = Arena.ofAuto().allocate(32);
    private final MemorySegment context;
    private final MethodHandle parse;
    private final MethodHandle serialize;
    private final MethodHandle multiply;
    private final MethodHandle ecdh;

    FfmFloor(boolean tweakMul, byte[] d32) throws Throwable {
        this.tweakMul = tweakMul;
        SymbolLookup lib = SymbolLookup.loaderLookup();
        Linker.Option heap = Linker.Option.critical(true);
        parse = LINKER.downcallHandle(lib.find("secp256k1_ec_pubkey_parse").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG), heap);
        serialize = LINKER.downcallHandle(lib.find("secp256k1_ec_pubkey_serialize").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT), heap);
        multiply = LINKER.downcallHandle(lib.find("secp256k1_ec_pubkey_tweak_mul").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        ecdh = LINKER.downcallHandle(lib.find("secp256k1_ecdh").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        MethodHandle create = LINKER.downcallHandle(lib.find("secp256k1_context_create").orElseThrow(),
                FunctionDescriptor.of(ADDRESS, JAVA_INT));
        MethodHandle randomize = LINKER.downcallHandle(lib.find("secp256k1_context_randomize").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        context = (MemorySegment) create.invokeExact(1);
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        if ((int) randomize.invokeExact(context, Arena.ofAuto().allocate(32).copyFrom(MemorySegment.ofArray(seed))) != 1) {
            throw new IllegalStateException("secp256k1_context_randomize failed");
        }
        MemorySegment.copy(d32, 0, scalar, JAVA_BYTE, 0, 32);
    }

    @Override
    public byte[] xOf(byte[] peer) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment point = call.allocate(64);
            if ((int) parse.invokeExact(context, point, MemorySegment.ofArray(peer), 65L) != 1) {
                throw new IllegalArgumentException("not a point");
            }
            byte[] x = new byte[32];
            if (tweakMul) {
                if ((int) multiply.invokeExact(context, point, scalar) != 1) {
                    throw new IllegalStateException("secp256k1_ec_pubkey_tweak_mul failed");
                }
                byte[] out = new byte[65];
                long[] length = {65};
                if ((int) serialize.invokeExact(context, MemorySegment.ofArray(out), MemorySegment.ofArray(length), point,
                        2) != 1) {
                    throw new IllegalStateException("secp256k1_ec_pubkey_serialize failed");
                }
                System.arraycopy(out, 1, x, 0, 32);
            } else {
                MemorySegment hashed = call.allocate(32);
                if ((int) ecdh.invokeExact(context, hashed, point, scalar, MemorySegment.NULL, MemorySegment.NULL) != 1) {
                    throw new IllegalStateException("secp256k1_ecdh failed");
                }
                MemorySegment.copy(hashed, JAVA_BYTE, 0, x, 0, 32);
            }
            return x;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
