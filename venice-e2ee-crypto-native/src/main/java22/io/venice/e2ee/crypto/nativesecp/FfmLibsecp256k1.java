package io.venice.e2ee.crypto.nativesecp;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.security.SecureRandom;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The libsecp256k1 functions the constant-time engine calls, through {@code java.lang.foreign}, with one context.
 *
 * <p>The library is the one the {@code secp256k1-kmp} JNI binding extracted and loaded with {@code System.load}
 * (from its jar, or from {@code fr.acinq.secp256k1.lib.path}): {@link SymbolLookup#loaderLookup()} sees the
 * libraries loaded by this class loader, so the same file in memory is called, with no second copy. The context is
 * created once, randomized with 32 fresh {@link SecureRandom} bytes (libsecp256k1 then blinds its fixed-base
 * multiply, {@code secp256k1_ec_pubkey_create}), and destroyed when this object becomes unreachable (each call
 * keeps it reachable until the library returns). Every call but
 * randomization takes the context as {@code const}, so one context serves every thread.
 *
 * <p>The shared secret is X itself, so {@code secp256k1_ecdh} gets a hash function that copies X: an upcall into
 * {@link #copyX}. The library exports no native function of that shape (its own hash is SHA-256 of the compressed
 * point), and the upcall costs well under a microsecond beside a multiply of tens (the bench measures
 * {@code secp256k1_ecdh} with the library's SHA-256 beside it).
 */
@SuppressWarnings("restricted")
final class FfmLibsecp256k1 {
    /** {@code sizeof(secp256k1_pubkey)}: the library's opaque parsed point. */
    static final long PUBKEY_SIZE = 64;
    /** {@code SECP256K1_CONTEXT_NONE}. */
    private static final int CONTEXT_NONE = 1;
    /** {@code SECP256K1_EC_UNCOMPRESSED}. */
    private static final int EC_UNCOMPRESSED = 2;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Cleaner CLEANER = Cleaner.create();
    /** A pointer to 32 bytes, so the upcall receives segments of that size. */
    private static final AddressLayout BYTES_32 = ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(32, JAVA_BYTE));
    /** The X-copying hash function, shared by every context (it keeps no state). */
    private static final MemorySegment COPY_X = copyXStub();

    private final MethodHandle parse;
    private final MethodHandle serialize;
    private final MethodHandle create;
    private final MethodHandle ecdh;
    private final MemorySegment context;

    private FfmLibsecp256k1(SymbolLookup lookup, ValueLayout sizeT, SecureRandom random) throws Throwable {
        // parse and serialize are short and never call back, so they may read and write Java arrays in place
        Linker.Option heap = Linker.Option.critical(true);
        parse = handle(lookup, "secp256k1_ec_pubkey_parse", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, sizeT), heap);
        serialize = handle(lookup, "secp256k1_ec_pubkey_serialize",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT), heap);
        create = handle(lookup, "secp256k1_ec_pubkey_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        ecdh = handle(lookup, "secp256k1_ecdh",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        MethodHandle contextCreate = handle(lookup, "secp256k1_context_create", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        MethodHandle randomize = handle(lookup, "secp256k1_context_randomize",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        MethodHandle destroy = handle(lookup, "secp256k1_context_destroy", FunctionDescriptor.ofVoid(ADDRESS));

        MemorySegment ctx = (MemorySegment) contextCreate.invokeExact(CONTEXT_NONE);
        if (ctx.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("secp256k1_context_create returned no context");
        }
        CLEANER.register(this, () -> {
            try {
                destroy.invokeExact(ctx);
            } catch (Throwable ignored) {
                // nothing to do: the process keeps a few hundred bytes
            }
        });
        int randomized;
        try (Arena arena = Arena.ofConfined()) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            MemorySegment seedSegment = arena.allocate(32);
            MemorySegment.copy(seed, 0, seedSegment, JAVA_BYTE, 0, 32);
            java.util.Arrays.fill(seed, (byte) 0);
            randomized = (int) randomize.invokeExact(ctx, seedSegment);
            seedSegment.fill((byte) 0);
        }
        if (randomized != 1) {
            throw new IllegalStateException("secp256k1_context_randomize refused the seed");
        }
        this.context = ctx;
    }

    /**
     * Binds the library the JNI binding loaded.
     *
     * @throws IllegalStateException naming what is missing, when the library's symbols are not visible here
     */
    static FfmLibsecp256k1 open(SecureRandom random) {
        ValueLayout sizeT = (ValueLayout) LINKER.canonicalLayouts().get("size_t");
        if (sizeT == null || sizeT.byteSize() != 8) {
            throw new IllegalStateException("this platform's size_t is not 64 bits");
        }
        try {
            return new FfmLibsecp256k1(SymbolLookup.loaderLookup(), sizeT, random);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("libsecp256k1 could not be bound: " + e, e);
        }
    }

    private static MethodHandle handle(SymbolLookup lookup, String name, FunctionDescriptor descriptor,
                                       Linker.Option... options) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new IllegalStateException(name
                + " is not visible to this class loader (the JNI binding loaded libsecp256k1 from another one)"));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    private static MemorySegment copyXStub() {
        try {
            MethodHandle target = MethodHandles.lookup().findStatic(FfmLibsecp256k1.class, "copyX", MethodType.methodType(
                    int.class, MemorySegment.class, MemorySegment.class, MemorySegment.class, MemorySegment.class));
            return LINKER.upcallStub(target, FunctionDescriptor.of(JAVA_INT, BYTES_32, BYTES_32, ADDRESS, ADDRESS),
                    Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the X-copying hash function cannot be made", e);
        }
    }

    /** {@code secp256k1_ecdh_hash_function}: writes X (32 bytes) as the shared secret; cannot fail. */
    private static int copyX(MemorySegment output, MemorySegment x32, MemorySegment y32, MemorySegment data) {
        MemorySegment.copy(x32, 0, output, 0, 32);
        return 1;
    }

    /**
     * {@code secp256k1_ec_pubkey_parse} of the 65 bytes of {@code in} at {@code offset} into {@code pubkey}: whether
     * they are a point on the curve with both coordinates below p.
     */
    boolean parse(MemorySegment pubkey, byte[] in, int offset) {
        try {
            return (int) parse.invokeExact(context, pubkey, MemorySegment.ofArray(in).asSlice(offset, 65), 65L) == 1;
        } catch (Throwable e) {
            throw failed("secp256k1_ec_pubkey_parse", e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** {@code secp256k1_ec_pubkey_serialize}, uncompressed: the 65-byte encoding of {@code pubkey}. */
    byte[] serialize(MemorySegment pubkey) {
        byte[] out = new byte[65];
        long[] length = {65};
        int ok;
        try {
            ok = (int) serialize.invokeExact(context, MemorySegment.ofArray(out), MemorySegment.ofArray(length), pubkey,
                    EC_UNCOMPRESSED);
        } catch (Throwable e) {
            throw failed("secp256k1_ec_pubkey_serialize", e);
        } finally {
            Reference.reachabilityFence(this);
        }
        if (ok != 1 || length[0] != 65) {
            throw new IllegalStateException("secp256k1_ec_pubkey_serialize wrote " + length[0] + " bytes");
        }
        return out;
    }

    /** {@code secp256k1_ec_pubkey_create}: the constant-time, context-blinded d·G into {@code pubkey}. */
    boolean createPublicKey(MemorySegment pubkey, MemorySegment scalar) {
        try {
            return (int) create.invokeExact(context, pubkey, scalar) == 1;
        } catch (Throwable e) {
            throw failed("secp256k1_ec_pubkey_create", e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * {@code secp256k1_ecdh} with the X-copying hash: the X coordinate of scalar·pubkey into {@code x32}, in constant
     * time; false when the scalar is zero or not below n.
     */
    boolean sharedX(MemorySegment x32, MemorySegment pubkey, MemorySegment scalar) {
        try {
            return (int) ecdh.invokeExact(context, x32, pubkey, scalar, COPY_X, MemorySegment.NULL) == 1;
        } catch (Throwable e) {
            throw failed("secp256k1_ecdh", e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private static IllegalStateException failed(String function, Throwable e) {
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(function + " could not be called: " + e, e);
    }
}
