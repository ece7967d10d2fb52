package io.venice.e2ee.testing;

import io.venice.e2ee.crypto.CryptoProviders;
import io.venice.e2ee.crypto.CryptoSuite;
import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SecretBytes;
import io.venice.e2ee.spi.SignatureRecovery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Wraps a real provider and records every key pair it makes, so tests can see which ones were erased. */
public final class TrackingProvider implements CryptoProvider {
    private final CryptoProvider inner;
    private final List<Tracked> pairs = new CopyOnWriteArrayList<>();
    private final List<String> agreementThreads = new CopyOnWriteArrayList<>();

    /** Tracks the key pairs of {@code inner}. */
    public TrackingProvider(CryptoProvider inner) {
        this.inner = inner;
    }

    /**
     * A suite whose key agreement is tracked, every other primitive from the best installed provider. The key pair
     * and agreements of the known-answer test the suite runs on this provider first are not counted.
     */
    public CryptoSuite suite() {
        List<CryptoProvider> all = new java.util.ArrayList<>(CryptoProviders.installed());
        all.add(this);
        CryptoSuite suite = CryptoSuite.builder().providers(all).use(Primitive.KEY_AGREEMENT, name()).build();
        pairs.clear();
        agreementThreads.clear();
        return suite;
    }

    /** Key pairs made and not yet closed. */
    public List<EcdhKeyPair> open() {
        return pairs.stream().filter(t -> !t.closed).map(t -> (EcdhKeyPair) t).toList();
    }

    /** Names of the threads every key agreement ran on (to see where decryption happens). */
    public List<String> agreementThreads() {
        return List.copyOf(agreementThreads);
    }

    /** Number of key pairs made. */
    public int made() {
        return pairs.size();
    }

    @Override
    public String name() {
        return "tracking";
    }

    @Override
    public Availability availability(Primitive primitive) {
        return inner.availability(primitive);
    }

    @Override
    public EcdhKeyAgreement keyAgreement() {
        return new MappedKeyAgreement(inner.keyAgreement(), this::track);
    }

    private EcdhKeyPair track(EcdhKeyPair k) {
        Tracked t = new Tracked(k);
        pairs.add(t);
        return t;
    }

    @Override
    public Kdf kdf() {
        return inner.kdf();
    }

    @Override
    public Aead aead() {
        return inner.aead();
    }

    @Override
    public SignatureRecovery signatureRecovery() {
        return inner.signatureRecovery();
    }

    private final class Tracked implements EcdhKeyPair {
        private final EcdhKeyPair inner;
        private volatile boolean closed;

        Tracked(EcdhKeyPair inner) {
            this.inner = inner;
        }

        @Override
        public byte[] publicKey() {
            return inner.publicKey();
        }

        @Override
        public SecretBytes privateKey() {
            return inner.privateKey();
        }

        @Override
        public void sharedSecretX(byte[] peer, int peerOffset, byte[] out, int outOffset) throws InvalidPeerKeyException {
            agreementThreads.add(Thread.currentThread().getName());
            inner.sharedSecretX(peer, peerOffset, out, outOffset);
        }

        @Override
        public void close() {
            closed = true;
            inner.close();
        }
    }
}
