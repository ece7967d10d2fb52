package io.venice.e2ee.crypto.jca;

import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.TimingGuarantee;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** On the JDK's own JCA providers (no BouncyCastle): AES-GCM and HKDF work, secp256k1 is reported missing, with why. */
class JcaStockJdkTest {
    private static Provider[] jdkProviders() {
        return Arrays.stream(Security.getProviders())
                .filter(p -> !p.getName().equals("BC"))
                .toArray(Provider[]::new);
    }

    @Test
    void keyAgreementIsUnavailableWithTheReason() {
        JcaCryptoProvider jca = new JcaCryptoProvider(jdkProviders());
        Availability a = jca.availability(Primitive.KEY_AGREEMENT);
        assertThat(a.available()).isFalse();
        assertThat(a.detail()).contains("secp256k1").contains("SunEC").contains("venice-e2ee-crypto-bc");
        assertThatThrownBy(jca::keyAgreement).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("secp256k1");
    }

    @Test
    void symmetricPrimitivesAreAvailableAboveBouncyCastle() {
        JcaCryptoProvider jca = new JcaCryptoProvider(jdkProviders());
        for (Primitive p : new Primitive[] {Primitive.AEAD, Primitive.KDF}) {
            Availability a = jca.availability(p);
            assertThat(a.available()).as("%s", p).isTrue();
            assertThat(a.priority()).as("%s", p).isGreaterThan(10);
        }
        assertThat(jca.availability(Primitive.SIGNATURE_RECOVERY).available()).isFalse();
        assertThat(jca.availability(Primitive.SIGNATURE_RECOVERY).detail()).contains("venice-e2ee-crypto-bc");
    }

    @Test
    void statesItsTimingGuaranteesAesGcmConstantOnlyOnTheJdksAesNiAndClmulIntrinsics() throws Exception {
        JcaCryptoProvider jca = new JcaCryptoProvider(jdkProviders());
        assertThat(jca.availability(Primitive.KDF).timing()).isEqualTo(TimingGuarantee.CONSTANT_TIME);
        Availability aead = jca.availability(Primitive.AEAD);
        assertThat(aead.timing() == TimingGuarantee.CONSTANT_TIME)
                .isEqualTo(aead.detail().contains("AES-NI and CLMUL intrinsics"));
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (System.getProperty("os.arch").equals("amd64") && Files.isReadable(cpuinfo)) {
            // HotSpot runs its AES and GHASH intrinsics by default on an x86-64 CPU with these instructions
            Set<String> flags = Set.of(Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("flags"))
                    .findFirst().orElse("").split("[\\s:]+"));
            assertThat(aead.timing()).isEqualTo(flags.contains("aes") && flags.contains("pclmulqdq")
                    ? TimingGuarantee.CONSTANT_TIME : TimingGuarantee.VARIABLE_TIME);
        }
    }

    @Test
    void noProvidersAtAllIsReportedToo() {
        Availability a = new JcaCryptoProvider().availability(Primitive.KEY_AGREEMENT);
        Availability none = new JcaCryptoProvider(new Provider[0]).availability(Primitive.KEY_AGREEMENT);
        assertThat(none.available()).isFalse();
        assertThat(none.detail()).contains("looked at: none");
        assertThat(a.detail()).isNotBlank();
    }
}
