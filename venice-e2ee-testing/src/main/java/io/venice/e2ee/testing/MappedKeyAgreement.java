package io.venice.e2ee.testing;

import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.InvalidPrivateKeyException;
import io.venice.e2ee.spi.SecretBytes;

import java.util.function.UnaryOperator;

/** A key agreement that hands every key pair its delegate makes through a function (to track or record it). */
final class MappedKeyAgreement implements EcdhKeyAgreement {
    private final EcdhKeyAgreement delegate;
    private final UnaryOperator<EcdhKeyPair> map;

    MappedKeyAgreement(EcdhKeyAgreement delegate, UnaryOperator<EcdhKeyPair> map) {
        this.delegate = delegate;
        this.map = map;
    }

    @Override
    public EcdhKeyPair generateKeyPair() {
        return map.apply(delegate.generateKeyPair());
    }

    @Override
    public EcdhKeyPair keyPair(SecretBytes privateKey) throws InvalidPrivateKeyException {
        return map.apply(delegate.keyPair(privateKey));
    }

    @Override
    public void validatePublicKey(byte[] publicKey, int offset) throws InvalidPeerKeyException {
        delegate.validatePublicKey(publicKey, offset);
    }
}
