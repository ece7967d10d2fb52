package io.venice.e2ee.spi;

/**
 * One crypto engine's implementations of the SPI primitives, found through {@link java.util.ServiceLoader}.
 *
 * <p>A provider reports per primitive whether it works here and with what priority; the primitive accessors are
 * only called for primitives reported available, and throw {@link UnsupportedOperationException} otherwise.
 */
public interface CryptoProvider {
    /** Short stable name used to force this provider, e.g. {@code bc}, {@code jca}, {@code native}. */
    String name();

    /** Whether this provider can serve {@code primitive} in this JVM, and with what priority. */
    Availability availability(Primitive primitive);

    /** secp256k1 key agreement. */
    EcdhKeyAgreement keyAgreement();

    /** HKDF-SHA256. */
    Kdf kdf();

    /** AES-256-GCM. */
    Aead aead();

    /** secp256k1 signature recovery. */
    SignatureRecovery signatureRecovery();
}
