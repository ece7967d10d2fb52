package io.venice.e2ee.crypto.nativesecp;

import io.venice.e2ee.crypto.CryptoProviders;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.Primitive;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeCryptoProviderTest {
    @Test
    void isFoundByServiceLoaderAndServesTheSecp256k1PrimitivesFirst() {
        CryptoProvider p = CryptoProviders.load(getClass().getClassLoader()).stream()
                .filter(c -> c.name().equals("native")).findFirst().orElseThrow();
        Availability ka = p.availability(Primitive.KEY_AGREEMENT);
        assertThat(ka.available()).isTrue();
        assertThat(ka.priority()).isEqualTo(30);
        assertThat(ka.detail()).contains("blinding");
        assertThat(p.availability(Primitive.SIGNATURE_RECOVERY).available()).isTrue();
        assertThat(p.availability(Primitive.KDF).available()).isFalse();
        assertThat(p.availability(Primitive.AEAD).available()).isFalse();
        assertThatThrownBy(p::aead).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(p::kdf).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void reportsAFailedLoadAsUnavailableWithTheReasonInsteadOfThrowing() {
        NativeCryptoProvider p = new NativeCryptoProvider(() -> {
            throw new UnsatisfiedLinkError("no secp256k1-jni in java.library.path");
        });
        for (Primitive primitive : new Primitive[] {Primitive.KEY_AGREEMENT, Primitive.SIGNATURE_RECOVERY}) {
            Availability a = p.availability(primitive);
            assertThat(a.available()).isFalse();
            assertThat(a.detail()).contains("cannot be loaded").contains("no secp256k1-jni");
        }
        assertThatThrownBy(p::keyAgreement).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("cannot be loaded");
        assertThatThrownBy(p::signatureRecovery).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void reportsTheBindingsOwnLoadErrorAsUnavailable() {
        NativeCryptoProvider p = new NativeCryptoProvider(() -> {
            throw new IllegalStateException("Could not load native secp256k1 library");
        });
        assertThat(p.availability(Primitive.KEY_AGREEMENT).detail()).contains("Could not load native secp256k1 library");
    }
}
