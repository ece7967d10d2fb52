package io.venice.e2ee.crypto.nativesecp;

import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.EcdhKeyPair;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The JNI engine (blinded variable-time multiply), on every JDK. */
class JniKeyAgreementTest extends KeyAgreementEngineContract {
    @Override
    protected EcdhKeyAgreement engine() {
        return pinned(NativeCryptoProvider.Engine.JNI);
    }

    @Test
    void blindedAgreementIsStableAcrossManyCallsAndBatchRefills() throws Exception {
        try (EcdhKeyPair a = ka.generateKeyPair(); EcdhKeyPair b = ka.generateKeyPair()) {
            byte[] expected = b.sharedSecretX(a.publicKey());
            for (int i = 0; i < 3 * BlindingFactors.BATCH + 1; i++) {
                assertThat(a.sharedSecretX(b.publicKey())).isEqualTo(expected);
            }
        }
    }
}
