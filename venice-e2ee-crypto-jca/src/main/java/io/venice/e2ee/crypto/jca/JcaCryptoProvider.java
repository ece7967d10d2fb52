package io.venice.e2ee.crypto.jca;

import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SignatureRecovery;
import io.venice.e2ee.spi.TimingGuarantee;

import java.lang.management.ManagementFactory;
import java.security.Provider;
import java.security.Security;
import java.util.EnumMap;
import java.util.Map;

/**
 * The SPI's crypto on the JDK's JCA: AES-256-GCM ({@code Cipher}) and HKDF-SHA256 ({@code Mac}), preferred over
 * BouncyCastle's pure-Java versions; secp256k1 key agreement through the first installed JCA provider that offers
 * the curve (none on a stock JDK 16+, which this provider then reports, with the reason). JCA providers are looked
 * at once, when this provider is created.
 *
 * <p>Key agreement ranks last, below bc: the provider that offers secp256k1 is in practice BouncyCastle's JCA
 * provider, so it is the same BouncyCastle arithmetic, reached through {@code KeyFactory} and {@code KeyAgreement}
 * at about twice bc's cost, and its blinded halves go to whatever JCA provider comes first, whose engine this
 * module cannot vouch for. It serves key agreement only where neither native nor bc is installed.
 *
 * <p>Timing: key agreement is blinded variable time (see {@code JcaKeyAgreement}); HKDF is HMAC-SHA256, constant
 * time; AES-GCM is constant time only when the JDK's own {@code SunJCE} serves it on HotSpot with the AES and GHASH
 * intrinsics on (AES-NI and carry-less multiply), and is otherwise reported plain, since the JDK's Java fallback
 * and other providers use lookup tables.
 */
public final class JcaCryptoProvider implements CryptoProvider {
    /** The name used to force this provider. */
    public static final String NAME = "jca";
    /** Priority of AES-GCM and HKDF: above BouncyCastle's (10). */
    static final int SYMMETRIC_PRIORITY = 20;
    /** Priority of key agreement: the lowest, below BouncyCastle's own (10); see the class comment for why. */
    static final int KEY_AGREEMENT_PRIORITY = 5;

    private final Map<Primitive, Availability> availability = new EnumMap<>(Primitive.class);
    private final EcdhKeyAgreement keyAgreement;
    private final Kdf kdf = new JcaKdf();
    private final Aead aead = new JcaAead();

    /** Uses the JCA providers installed in this JVM (called by {@link java.util.ServiceLoader}). */
    public JcaCryptoProvider() {
        this(Security.getProviders());
    }

    /** Takes secp256k1 from the first of {@code ecProviders} that offers it, without installing any of them. */
    public JcaCryptoProvider(Provider... ecProviders) {
        availability.put(Primitive.AEAD, probe(() -> aesGcm(JcaAead.newCipher().getProvider().getName())));
        availability.put(Primitive.KDF, probe(() -> Availability.available(SYMMETRIC_PRIORITY,
                "javax.crypto.Mac " + JcaKdf.HMAC + " from " + JcaKdf.newMac().getProvider().getName(),
                TimingGuarantee.CONSTANT_TIME)));
        JcaEcEngine.Search search = JcaEcEngine.find(ecProviders.clone());
        if (search.engine() != null) {
            keyAgreement = new JcaKeyAgreement(search.engine());
            availability.put(Primitive.KEY_AGREEMENT, Availability.available(KEY_AGREEMENT_PRIORITY,
                    "JCA KeyAgreement ECDH from " + search.engine().providerName()
                            + " with multiplicative scalar blinding; ranked last (the same arithmetic as bc at about"
                            + " twice the cost)", TimingGuarantee.BLINDED_VARIABLE_TIME));
        } else {
            keyAgreement = null;
            availability.put(Primitive.KEY_AGREEMENT, Availability.unavailable(search.reason()));
        }
        availability.put(Primitive.SIGNATURE_RECOVERY, Availability.unavailable(
                "JCA has no ECDSA public-key recovery; " + Primitive.SIGNATURE_RECOVERY.servedBy() + " serves it"));
    }

    /**
     * AES-GCM from {@code provider}, constant time only where HotSpot runs the JDK's AES and GHASH intrinsics: its
     * {@code UseAES} flag, and on x86 {@code UseCLMUL} (ARMv8's crypto extensions bring PMULL with AES).
     */
    private static Availability aesGcm(String provider) {
        String engine = "javax.crypto.Cipher " + JcaAead.TRANSFORMATION + " from " + provider;
        String arch = System.getProperty("os.arch", "");
        boolean carrylessMultiply = arch.equals("aarch64") || (arch.equals("amd64") || arch.equals("x86_64"))
                && hotSpotFlag("UseCLMUL");
        boolean intrinsics = "SunJCE".equals(provider) && hotSpotFlag("UseAES") && carrylessMultiply;
        return intrinsics
                ? Availability.available(SYMMETRIC_PRIORITY, engine + " (AES-NI and CLMUL intrinsics)",
                        TimingGuarantee.CONSTANT_TIME)
                : Availability.available(SYMMETRIC_PRIORITY, engine + " (no AES and GHASH intrinsics seen: table-based)",
                        TimingGuarantee.VARIABLE_TIME);
    }

    /** A boolean HotSpot flag, false where it cannot be read (another VM or CPU, or no {@code jdk.management}). */
    private static boolean hotSpotFlag(String name) {
        try {
            var hotSpot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return hotSpot != null && Boolean.parseBoolean(hotSpot.getVMOption(name).getValue());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Availability probe(java.util.function.Supplier<Availability> check) {
        try {
            return check.get();
        } catch (IllegalStateException e) {
            return Availability.unavailable(e.getMessage());
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability(Primitive primitive) {
        return availability.get(primitive);
    }

    @Override
    public EcdhKeyAgreement keyAgreement() {
        return require(Primitive.KEY_AGREEMENT, keyAgreement);
    }

    @Override
    public Kdf kdf() {
        return require(Primitive.KDF, kdf);
    }

    @Override
    public Aead aead() {
        return require(Primitive.AEAD, aead);
    }

    @Override
    public SignatureRecovery signatureRecovery() {
        throw new UnsupportedOperationException(availability(Primitive.SIGNATURE_RECOVERY).detail());
    }

    private <T> T require(Primitive primitive, T implementation) {
        Availability a = availability(primitive);
        if (!a.available()) {
            throw new UnsupportedOperationException("jca cannot serve " + primitive.displayName() + ": " + a.detail());
        }
        return implementation;
    }

    @Override
    public String toString() {
        return "JcaCryptoProvider" + availability;
    }
}
