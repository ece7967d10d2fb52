package io.venice.e2ee.crypto.nativesecp;

import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.SecretBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The constant-time engine on {@code java.lang.foreign}: runs on JDK 22+ (the build's JDK 25 pass), where it must be
 * available; the same answers as the JNI engine, the scalar wiped in native memory on close, and a close that races
 * agreements never lets one return a value.
 */
@EnabledForJreRange(min = JRE.JAVA_22)
class FfmKeyAgreementTest extends KeyAgreementEngineContract {
    @Override
    protected EcdhKeyAgreement engine() {
        return pinned(NativeCryptoProvider.Engine.FFM);
    }

    @Test
    void agreesWithTheJniEngineOnTheSameKeys() throws Exception {
        EcdhKeyAgreement jni = pinned(NativeCryptoProvider.Engine.JNI);
        for (int i = 0; i < 32; i++) {
            try (EcdhKeyPair a = ka.generateKeyPair(); SecretBytes d = a.privateKey(); EcdhKeyPair sameKeyOnJni = jni.keyPair(d);
                 EcdhKeyPair peer = jni.generateKeyPair()) {
                assertThat(sameKeyOnJni.publicKey()).isEqualTo(a.publicKey());
                assertThat(a.sharedSecretX(peer.publicKey())).isEqualTo(sameKeyOnJni.sharedSecretX(peer.publicKey()));
            }
        }
    }

    @Test
    void closeZeroFillsTheScalarInNativeMemory() throws Exception {
        EcdhKeyPair pair = ka.generateKeyPair();
        Method wiped = pair.getClass().getDeclaredMethod("scalarWiped");
        wiped.setAccessible(true);
        assertThat((boolean) wiped.invoke(pair)).isFalse();
        pair.close();
        assertThat((boolean) wiped.invoke(pair)).isTrue();
    }

    @Test
    void aCloseDuringAgreementsNeverLetsOneReturnAValue() throws Exception {
        for (int round = 0; round < 20; round++) {
            EcdhKeyPair pair = ka.generateKeyPair();
            byte[] peer;
            try (EcdhKeyPair other = ka.generateKeyPair()) {
                peer = other.publicKey();
            }
            byte[] expected = pair.sharedSecretX(peer);
            AtomicInteger wrong = new AtomicInteger();
            CountDownLatch started = new CountDownLatch(2);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread thread = new Thread(() -> {
                    started.countDown();
                    while (true) {
                        byte[] out = new byte[32];
                        try {
                            pair.sharedSecretX(peer, 0, out, 0);
                        } catch (IllegalStateException closed) {
                            return;
                        } catch (Exception e) {
                            wrong.incrementAndGet();
                            return;
                        }
                        if (!java.util.Arrays.equals(out, expected)) {
                            wrong.incrementAndGet();
                        }
                    }
                });
                threads.add(thread);
                thread.start();
            }
            started.await();
            pair.close();
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(wrong.get()).as("agreements that returned a wrong value or a wrong error").isZero();
            assertThatThrownBy(() -> pair.sharedSecretX(peer)).isInstanceOf(IllegalStateException.class);
        }
    }
}
