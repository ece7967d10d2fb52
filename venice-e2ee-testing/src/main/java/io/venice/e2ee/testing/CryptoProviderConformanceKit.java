package io.venice.e2ee.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Hkdf;
import io.venice.e2ee.crypto.EthAddress;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.envelope.EnvelopeCipher;
import io.venice.e2ee.envelope.EnvelopeException;
import io.venice.e2ee.envelope.PublicKeyHex;
import io.venice.e2ee.spi.Aead;
import io.venice.e2ee.spi.AuthenticationFailedException;
import io.venice.e2ee.spi.Availability;
import io.venice.e2ee.spi.CryptoProvider;
import io.venice.e2ee.spi.EcdhKeyPair;
import io.venice.e2ee.spi.InvalidPeerKeyException;
import io.venice.e2ee.spi.InvalidPrivateKeyException;
import io.venice.e2ee.spi.InvalidSignatureException;
import io.venice.e2ee.spi.Kdf;
import io.venice.e2ee.spi.EcdhKeyAgreement;
import io.venice.e2ee.spi.Primitive;
import io.venice.e2ee.spi.SecretBytes;
import io.venice.e2ee.spi.SignatureRecovery;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The conformance kit every {@link CryptoProvider} runs: Wycheproof (ECDH secp256k1, AES-GCM, HKDF-SHA256, ECDSA
 * secp256k1 recovery), the golden Venice envelope vectors, the SPI's refusals, and Tink as an independent oracle
 * for HKDF and AES-GCM on random inputs.
 *
 * <p>A provider module subclasses it once, e.g.
 * {@code class BcConformanceTest extends CryptoProviderConformanceKit { protected CryptoProvider provider() { return
 * new BcCryptoProvider(); } }}. A primitive the provider reports unavailable is skipped through a JUnit assumption,
 * and {@link #unavailablePrimitivesSayWhy()} then checks that the report carries a reason.
 */
public abstract class CryptoProviderConformanceKit {
    private static final BigInteger N =
            new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
    private static final BigInteger P =
            new BigInteger("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f", 16);
    private static final String G_HEX = "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
            + "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";
    /** Bounded iteration count of the random (oracle and property) tests. */
    private static final int RANDOM_ROUNDS = 48;

    /** Which check each golden refusal must fail, by its comment (a new vector must be added here to be run). */
    private static final Map<String, EnvelopeException.Check> REJECTED = Map.ofEntries(
            Map.entry("flipped ciphertext byte", EnvelopeException.Check.TAG_MISMATCH),
            Map.entry("flipped tag byte", EnvelopeException.Check.TAG_MISMATCH),
            Map.entry("flipped nonce byte", EnvelopeException.Check.TAG_MISMATCH),
            Map.entry("flipped ephemeral key byte", EnvelopeException.Check.INVALID_POINT),
            Map.entry("truncated below 93 bytes", EnvelopeException.Check.TOO_SHORT),
            Map.entry("odd number of hex digits", EnvelopeException.Check.ODD_LENGTH),
            Map.entry("non-hex character", EnvelopeException.Check.NOT_HEX),
            Map.entry("0x prefix", EnvelopeException.Check.NOT_HEX),
            Map.entry("ephemeral key not on the curve", EnvelopeException.Check.INVALID_POINT),
            Map.entry("ephemeral key with compressed prefix 02 in the 65-byte slot", EnvelopeException.Check.INVALID_POINT),
            Map.entry("ephemeral key is the point at infinity encoding", EnvelopeException.Check.INVALID_POINT));

    private static final byte[] HKDF_INFO = "ecdsa_encryption".getBytes(StandardCharsets.US_ASCII);

    private final SecureRandom random = new SecureRandom();
    private CryptoProvider provider;

    /** The provider under test (a new instance is fine; it is asked once per test). */
    protected abstract CryptoProvider provider();

    private CryptoProvider p() {
        if (provider == null) {
            provider = provider();
        }
        return provider;
    }

    private void assumeAvailable(Primitive primitive) {
        Availability a = p().availability(primitive);
        assumeTrue(a.available(), () -> p().name() + " reports " + primitive.displayName() + " unavailable: " + a.detail());
    }

    private EcdhKeyAgreement ka() {
        assumeAvailable(Primitive.KEY_AGREEMENT);
        return p().keyAgreement();
    }

    private Kdf kdf() {
        assumeAvailable(Primitive.KDF);
        return p().kdf();
    }

    private Aead aead() {
        assumeAvailable(Primitive.AEAD);
        return p().aead();
    }

    /** HKDF from the provider, or the kit's reference when the provider serves key agreement only. */
    private Kdf kdfOrReference() {
        return p().availability(Primitive.KDF).available() ? p().kdf() : ReferencePrimitives.KDF;
    }

    /** AES-GCM from the provider, or the kit's reference when the provider serves key agreement only. */
    private Aead aeadOrReference() {
        return p().availability(Primitive.AEAD).available() ? p().aead() : ReferencePrimitives.AEAD;
    }

    /** Whole envelopes need key agreement from the provider; HKDF and AES-GCM fall back to the kit's references. */
    private EnvelopeCipher envelopeCipher() {
        return new EnvelopeCipher(ka(), kdfOrReference(), aeadOrReference());
    }

    // ---------------------------------------------------------------- the provider's report

    @Test
    void reportsANameAndEveryPrimitive() {
        assertThat(p().name()).isNotBlank().isEqualTo(p().name().toLowerCase(java.util.Locale.ROOT));
        for (Primitive primitive : Primitive.values()) {
            Availability a = p().availability(primitive);
            assertThat(a).as("availability of %s", primitive).isNotNull();
            assertThat(a.detail()).as("detail of %s", primitive).isNotBlank();
            assertThat(a.timing()).as("timing guarantee of %s", primitive).matches(t -> a.available() == (t != null));
        }
    }

    @Test
    void unavailablePrimitivesSayWhy() {
        for (Primitive primitive : Primitive.values()) {
            Availability a = p().availability(primitive);
            if (a.available()) {
                continue;
            }
            assertThat(a.detail()).as("reason %s is unavailable", primitive).isNotBlank().hasSizeGreaterThan(10);
            Runnable accessor = switch (primitive) {
                case KEY_AGREEMENT -> p()::keyAgreement;
                case KDF -> p()::kdf;
                case AEAD -> p()::aead;
                case SIGNATURE_RECOVERY -> p()::signatureRecovery;
            };
            assertThatThrownBy(accessor::run).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    // ---------------------------------------------------------------- key agreement

    @Test
    void wycheproofEcdhSecp256k1() throws Exception {
        EcdhKeyAgreement ka = ka();
        JsonNode file = TestVectors.json("wycheproof/ecdh_secp256k1_test.json");
        List<String> failures = new ArrayList<>();
        int validComputed = 0;
        int invalidRefusedByAgreement = 0;
        int total = 0;
        for (JsonNode group : file.get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                total++;
                String id = "tcId " + t.get("tcId").asInt() + " (" + t.get("comment").asText() + ")";
                String result = t.get("result").asText();
                SubjectPublicKeyInfo spki;
                try {
                    spki = SubjectPublicKeyInfo.parse(Hex.decode(t.get("public").asText()));
                } catch (IllegalArgumentException e) {
                    spki = null;
                }
                if (spki == null || !spki.namedSecp256k1()) {
                    // refused before the SPI: malformed DER, another curve, or explicit parameters
                    if (result.equals("valid")) {
                        failures.add(id + ": valid key refused at the encoding layer");
                    }
                    continue;
                }
                byte[] expected = Hex.decode(t.get("shared").asText());
                try (EcdhKeyPair pair = ka.keyPair(SecretBytes.copyOf(fixed32(t.get("private").asText())))) {
                    byte[] shared;
                    try {
                        shared = pair.sharedSecretX(spki.point());
                    } catch (InvalidPeerKeyException e) {
                        if (result.equals("valid")) {
                            failures.add(id + ": valid key refused: " + e.getMessage());
                        } else if (result.equals("invalid")) {
                            invalidRefusedByAgreement++;
                        }
                        continue;
                    }
                    if (result.equals("invalid")) {
                        failures.add(id + ": invalid key accepted");
                    } else if (!Arrays.equals(shared, expected)) {
                        failures.add(id + ": wrong shared secret " + Hex.encode(shared));
                    } else if (result.equals("valid")) {
                        validComputed++;
                    }
                }
            }
        }
        assertThat(failures).as("Wycheproof ECDH failures").isEmpty();
        assertThat(total).isEqualTo(file.get("numberOfTests").asInt());
        assertThat(validComputed).as("valid cases computed exactly").isEqualTo(473);
        // declared on secp256k1 but refused by the SPI: 16 off-curve, 2 modified points, 3 compressed, 1 empty
        assertThat(invalidRefusedByAgreement).as("invalid cases refused by the key agreement").isEqualTo(22);
    }

    @Test
    void generatedKeyPairsAgreeAndRoundTrip() throws Exception {
        EcdhKeyAgreement ka = ka();
        for (int i = 0; i < 8; i++) {
            try (EcdhKeyPair a = ka.generateKeyPair(); EcdhKeyPair b = ka.generateKeyPair()) {
                byte[] pa = a.publicKey();
                assertThat(pa).hasSize(65);
                assertThat(pa[0]).isEqualTo((byte) 4);
                ka.validatePublicKey(pa, 0);
                assertThat(a.sharedSecretX(b.publicKey())).isEqualTo(b.sharedSecretX(pa));
                try (SecretBytes d = a.privateKey(); EcdhKeyPair again = ka.keyPair(d)) {
                    assertThat(d.length()).isEqualTo(32);
                    assertThat(again.publicKey()).isEqualTo(pa);
                }
            }
        }
    }

    @Test
    void derivesTheGeneratorAndItsNegationFromScalarsOneAndNMinusOne() throws Exception {
        EcdhKeyAgreement ka = ka();
        try (EcdhKeyPair one = ka.keyPair(SecretBytes.copyOf(fixed32("01")))) {
            assertThat(Hex.encode(one.publicKey())).isEqualTo(G_HEX);
        }
        try (EcdhKeyPair minusOne = ka.keyPair(SecretBytes.copyOf(fixed32(N.subtract(BigInteger.ONE).toString(16))))) {
            byte[] pub = minusOne.publicKey();
            assertThat(Arrays.copyOfRange(pub, 0, 33)).isEqualTo(Arrays.copyOfRange(Hex.decode(G_HEX), 0, 33));
            BigInteger y = new BigInteger(1, Arrays.copyOfRange(pub, 33, 65));
            BigInteger gy = new BigInteger(1, Arrays.copyOfRange(Hex.decode(G_HEX), 33, 65));
            assertThat(y).isEqualTo(P.subtract(gy));
        }
    }

    @Test
    void refusesPrivateScalarsOutOfRange() {
        EcdhKeyAgreement ka = ka();
        for (String d : List.of("00", N.toString(16), N.add(BigInteger.ONE).toString(16), "f".repeat(64))) {
            assertThatThrownBy(() -> ka.keyPair(SecretBytes.copyOf(fixed32(d))))
                    .as("scalar %s", d)
                    .isInstanceOfSatisfying(InvalidPrivateKeyException.class,
                            e -> assertThat(e.getMessage()).doesNotContain(Hex.encode(fixed32(d))));
        }
        assertThatThrownBy(() -> ka.keyPair(SecretBytes.copyOf(new byte[31])))
                .isInstanceOf(InvalidPrivateKeyException.class);
    }

    @Test
    void refusesInvalidPeerPoints() throws Exception {
        EcdhKeyAgreement ka = ka();
        byte[] g = Hex.decode(G_HEX);
        List<byte[]> bad = new ArrayList<>();
        bad.add(new byte[65]);                                    // infinity encoding, all zero
        byte[] compressed = g.clone();
        compressed[0] = 0x02;
        bad.add(compressed);                                      // compressed prefix in the 65-byte slot
        byte[] hybrid = g.clone();
        hybrid[0] = 0x06;
        bad.add(hybrid);
        byte[] offCurve = g.clone();
        offCurve[64] ^= 1;
        bad.add(offCurve);
        byte[] xIsP = g.clone();                                  // x = p is not a field element
        System.arraycopy(fixed32(P.toString(16)), 0, xIsP, 1, 32);
        bad.add(xIsP);
        // a valid point with a small x, then the same point with x written as x + p (< 2^256): an alias to refuse
        BigInteger x = BigInteger.ONE;
        BigInteger y;
        while (true) {
            BigInteger rhs = x.pow(3).add(BigInteger.valueOf(7)).mod(P);
            y = rhs.modPow(P.add(BigInteger.ONE).shiftRight(2), P);
            if (y.multiply(y).mod(P).equals(rhs)) {
                break;
            }
            x = x.add(BigInteger.ONE);
        }
        byte[] small = concat(concat(new byte[] {4}, fixed32(x.toString(16))), fixed32(y.toString(16)));
        ka.validatePublicKey(small, 0);
        byte[] aliased = concat(concat(new byte[] {4}, fixed32(x.add(P).toString(16))), fixed32(y.toString(16)));
        bad.add(aliased);
        try (EcdhKeyPair pair = ka.generateKeyPair()) {
            for (byte[] point : bad) {
                assertThatThrownBy(() -> ka.validatePublicKey(point, 0))
                        .as("validate %s", Hex.encode(point)).isInstanceOf(InvalidPeerKeyException.class);
                assertThatThrownBy(() -> pair.sharedSecretX(point))
                        .as("agree %s", Hex.encode(point)).isInstanceOf(InvalidPeerKeyException.class);
            }
            assertThatThrownBy(() -> pair.sharedSecretX(Arrays.copyOf(g, 64))).isInstanceOf(InvalidPeerKeyException.class);
            assertThatThrownBy(() -> pair.sharedSecretX(Arrays.copyOf(g, 33))).isInstanceOf(InvalidPeerKeyException.class);
            assertThatThrownBy(() -> pair.sharedSecretX(g, 1, new byte[32], 0)).isInstanceOf(InvalidPeerKeyException.class);
        }
    }

    @Test
    void ephemeralAgreementMatchesTheRecipientsSideAndRefusesInvalidPoints() throws Exception {
        EcdhKeyAgreement ka = ka();
        try (EcdhKeyPair recipient = ka.generateKeyPair()) {
            byte[] buf = new byte[70];
            System.arraycopy(recipient.publicKey(), 0, buf, 3, 65);
            byte[] out = new byte[36];
            byte[] first = ka.ephemeralAgreement(buf, 3, out, 2);
            ka.validatePublicKey(first, 0);
            assertThat(Arrays.copyOfRange(out, 2, 34)).isEqualTo(recipient.sharedSecretX(first));
            byte[] second = ka.ephemeralAgreement(recipient.publicKey(), 0, new byte[32], 0);
            assertThat(second).as("a fresh key every time").isNotEqualTo(first);
            byte[] offCurve = recipient.publicKey();
            offCurve[64] ^= 1;
            byte[] compressed = recipient.publicKey();
            compressed[0] = 0x02;
            for (byte[] bad : List.of(offCurve, compressed, new byte[65])) {
                assertThatThrownBy(() -> ka.ephemeralAgreement(bad, 0, new byte[32], 0))
                        .as("ephemeral agreement with %s", Hex.encode(bad)).isInstanceOf(InvalidPeerKeyException.class);
            }
        }
    }

    @Test
    void agreesWithPeerAndOutputAtOffsets() throws Exception {
        EcdhKeyAgreement ka = ka();
        try (EcdhKeyPair a = ka.generateKeyPair(); EcdhKeyPair b = ka.generateKeyPair()) {
            byte[] buf = new byte[70];
            System.arraycopy(b.publicKey(), 0, buf, 5, 65);
            byte[] out = new byte[40];
            Arrays.fill(out, (byte) 0x5a);
            a.sharedSecretX(buf, 5, out, 7);
            assertThat(Arrays.copyOfRange(out, 7, 39)).isEqualTo(b.sharedSecretX(a.publicKey()));
            assertThat(out[6]).isEqualTo((byte) 0x5a);
            assertThat(out[39]).isEqualTo((byte) 0x5a);
        }
    }

    @Test
    void closedKeyPairRefusesUseAndNeverPrintsItsKey() throws Exception {
        EcdhKeyAgreement ka = ka();
        EcdhKeyPair a = ka.generateKeyPair();
        byte[] peer;
        try (EcdhKeyPair b = ka.generateKeyPair()) {
            peer = b.publicKey();
        }
        try (SecretBytes d = a.privateKey()) {
            String hex = Hex.encode(d.copyBytes());
            assertThat(a.toString()).doesNotContain(hex).doesNotContain(hex.substring(0, 16));
        }
        a.close();
        a.close();
        assertThatThrownBy(() -> a.sharedSecretX(peer)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(a::privateKey).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keyPairsKeepTheirScalarWhereCloseWipesIt() throws Exception {
        EcdhKeyAgreement ka = ka();
        byte[] peer;
        try (EcdhKeyPair b = ka.generateKeyPair()) {
            peer = b.publicKey();
        }
        byte[] given = randomScalar();
        EcdhKeyPair generated = ka.generateKeyPair();
        EcdhKeyPair fromScalar;
        try (SecretBytes d = SecretBytes.copyOf(given)) {
            fromScalar = ka.keyPair(d);
        }
        for (EcdhKeyPair pair : List.of(generated, fromScalar)) {
            byte[] d;
            try (SecretBytes copy = pair.privateKey()) {
                d = copy.copyBytes();
            }
            pair.sharedSecretX(peer);
            assertThat(SecretScan.of(pair)).as("a live key pair reaches no BigInteger (which no close() can wipe)")
                    .noneMatch(path -> path.contains("BigInteger"));
            pair.close();
            assertThat(SecretScan.of(pair, d)).as("after close() nothing the key pair reaches holds its scalar")
                    .isEmpty();
            assertThatThrownBy(() -> pair.sharedSecretX(peer)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void hkdfKeepsNoSecretOnceItReturns() throws Exception {
        Kdf kdf = kdf();
        byte[] ikm = randomBytes(32);
        byte[] okm = kdf.derive(null, ikm, HKDF_INFO, 32);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        byte[] innerPad = prk.clone();
        byte[] outerPad = prk.clone();
        for (int i = 0; i < prk.length; i++) {
            innerPad[i] ^= 0x36;
            outerPad[i] ^= 0x5c;
        }
        byte[][] secrets = {ikm, prk, innerPad, outerPad, okm};
        assertThat(SecretScan.of(kdf, secrets)).as("the HKDF object").isEmpty();
        assertThat(SecretScan.ofStatics(kdf.getClass(), secrets))
                .as("what the HKDF class keeps, per thread included").isEmpty();
    }

    @Test
    void aesGcmKeepsNoKeyOnceItReturns() throws Exception {
        Aead aead = aead();
        byte[] key = randomBytes(32);
        byte[] nonce = randomBytes(12);
        javax.crypto.Cipher ecb = javax.crypto.Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"));
        byte[] ghashKey = ecb.doFinal(new byte[16]);
        byte[] sealed = aead.seal(key, nonce, "a chunk".getBytes(StandardCharsets.UTF_8));
        assertThat(SecretScan.ofStatics(aead.getClass(), key, ghashKey)).as("after sealing").isEmpty();
        aead.open(key, nonce, sealed);
        assertThat(SecretScan.of(aead, key, ghashKey)).as("the AES-GCM object").isEmpty();
        assertThat(SecretScan.ofStatics(aead.getClass(), key, ghashKey))
                .as("what the AES-GCM class keeps after opening, per thread included").isEmpty();
        sealed[0] ^= 1;
        assertThatThrownBy(() -> aead.open(key, nonce, sealed)).isInstanceOf(AuthenticationFailedException.class);
        assertThat(SecretScan.ofStatics(aead.getClass(), key, ghashKey)).as("after a refused tag").isEmpty();
    }

    private byte[] randomScalar() {
        byte[] d = new byte[32];
        do {
            random.nextBytes(d);
        } while (new BigInteger(1, d).signum() == 0 || new BigInteger(1, d).compareTo(N) >= 0);
        return d;
    }

    // ---------------------------------------------------------------- HKDF

    @Test
    void wycheproofHkdfSha256() {
        Kdf kdf = kdf();
        JsonNode file = TestVectors.json("wycheproof/hkdf_sha256_test.json");
        int valid = 0;
        int invalid = 0;
        for (JsonNode group : file.get("testGroups")) {
            for (JsonNode t : group.get("tests")) {
                String id = "tcId " + t.get("tcId").asInt();
                byte[] ikm = Hex.decode(t.get("ikm").asText());
                byte[] salt = Hex.decode(t.get("salt").asText());
                byte[] info = Hex.decode(t.get("info").asText());
                int size = t.get("size").asInt();
                if (t.get("result").asText().equals("valid")) {
                    assertThat(kdf.derive(salt, ikm, info, size)).as(id).isEqualTo(Hex.decode(t.get("okm").asText()));
                    valid++;
                } else {
                    assertThatThrownBy(() -> kdf.derive(salt, ikm, info, size)).as(id)
                            .isInstanceOf(IllegalArgumentException.class);
                    assertThatThrownBy(() -> kdf.derive(salt, ikm, info, new byte[size])).as(id)
                            .isInstanceOf(IllegalArgumentException.class);
                    invalid++;
                }
            }
        }
        assertThat(valid + invalid).isEqualTo(file.get("numberOfTests").asInt());
        assertThat(invalid).isPositive();
    }

    @Test
    void hkdfMatchesTinkOracle() throws GeneralSecurityException {
        Kdf kdf = kdf();
        for (int i = 0; i < RANDOM_ROUNDS; i++) {
            byte[] ikm = randomBytes(random.nextInt(80));
            byte[] salt = i % 4 == 0 ? null : randomBytes(random.nextInt(70));
            byte[] info = i % 5 == 0 ? null : randomBytes(random.nextInt(40));
            int size = 1 + random.nextInt(i % 8 == 0 ? Kdf.MAX_OUTPUT_LENGTH : 100);
            byte[] expected = Hkdf.computeHkdf("HMACSHA256", ikm, salt, info == null ? new byte[0] : info, size);
            assertThat(kdf.derive(salt, ikm, info, size))
                    .as("ikm %s salt %s info %s size %d", Hex.encode(ikm), salt == null ? "null" : Hex.encode(salt),
                            info == null ? "null" : Hex.encode(info), size)
                    .isEqualTo(expected);
        }
    }

    // ---------------------------------------------------------------- AES-GCM

    @Test
    void wycheproofAesGcm256() throws Exception {
        Aead aead = aead();
        JsonNode file = TestVectors.json("wycheproof/aes_gcm_test.json");
        int valid = 0;
        int invalid = 0;
        for (JsonNode group : file.get("testGroups")) {
            if (group.get("keySize").asInt() != 256 || group.get("ivSize").asInt() != 96
                    || group.get("tagSize").asInt() != 128) {
                continue;
            }
            for (JsonNode t : group.get("tests")) {
                String id = "tcId " + t.get("tcId").asInt();
                byte[] key = Hex.decode(t.get("key").asText());
                byte[] iv = Hex.decode(t.get("iv").asText());
                byte[] aad = Hex.decode(t.get("aad").asText());
                byte[] msg = Hex.decode(t.get("msg").asText());
                byte[] ctTag = concat(Hex.decode(t.get("ct").asText()), Hex.decode(t.get("tag").asText()));
                byte[] opened = new byte[Math.max(0, ctTag.length - Aead.TAG_LENGTH)];
                if (t.get("result").asText().equals("valid")) {
                    byte[] sealed = new byte[msg.length + Aead.TAG_LENGTH];
                    assertThat(aead.seal(key, iv, aad, msg, 0, msg.length, sealed, 0)).isEqualTo(sealed.length);
                    assertThat(sealed).as(id).isEqualTo(ctTag);
                    assertThat(aead.open(key, iv, aad, ctTag, 0, ctTag.length, opened, 0)).isEqualTo(msg.length);
                    assertThat(opened).as(id).isEqualTo(msg);
                    valid++;
                } else {
                    Arrays.fill(opened, (byte) 0x33);
                    assertThatThrownBy(() -> aead.open(key, iv, aad, ctTag, 0, ctTag.length, opened, 0)).as(id)
                            .isInstanceOf(AuthenticationFailedException.class);
                    byte[] untouched = new byte[opened.length];
                    Arrays.fill(untouched, (byte) 0x33);
                    // left as it was, or zero-filled as the JDK's own GCM does from JDK 25: never plaintext
                    assertThat(opened).as("%s: nothing released", id)
                            .satisfiesAnyOf(o -> assertThat(o).isEqualTo(untouched),
                                    o -> assertThat(o).isEqualTo(new byte[opened.length]));
                    invalid++;
                }
            }
        }
        assertThat(valid).as("valid 256-bit-key, 96-bit-nonce cases").isEqualTo(39);
        assertThat(invalid).as("invalid 256-bit-key, 96-bit-nonce cases").isEqualTo(27);
    }

    @Test
    void aesGcmMatchesTinkOracleBothWays() throws GeneralSecurityException {
        Aead aead = aead();
        for (int i = 0; i < RANDOM_ROUNDS; i++) {
            byte[] key = randomBytes(32);
            byte[] nonce = randomBytes(12);
            byte[] aad = i % 3 == 0 ? null : randomBytes(random.nextInt(40));
            byte[] msg = randomBytes(random.nextInt(i % 6 == 0 ? 5000 : 200));
            AesGcmJce tink = new AesGcmJce(key);
            byte[] ours = new byte[msg.length + 16];
            aead.seal(key, nonce, aad, msg, 0, msg.length, ours, 0);
            byte[] aadOrEmpty = aad == null ? new byte[0] : aad;
            assertThat(tink.decrypt(concat(nonce, ours), aadOrEmpty)).isEqualTo(msg);
            byte[] theirs = tink.encrypt(msg, aadOrEmpty);
            byte[] theirNonce = Arrays.copyOfRange(theirs, 0, 12);
            byte[] out = new byte[msg.length];
            aead.open(key, theirNonce, aad, theirs, 12, theirs.length - 12, out, 0);
            assertThat(out).isEqualTo(msg);
        }
    }

    @Test
    void aesGcmRefusesTamperingAndShortInputAndWrongParameters() {
        Aead aead = aead();
        byte[] key = randomBytes(32);
        byte[] nonce = randomBytes(12);
        byte[] sealed = aead.seal(key, nonce, "hello".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < sealed.length; i++) {
            byte[] t = sealed.clone();
            t[i] ^= (byte) 0x80;
            assertThatThrownBy(() -> aead.open(key, nonce, t)).isInstanceOf(AuthenticationFailedException.class);
        }
        byte[] otherNonce = nonce.clone();
        otherNonce[0] ^= 1;
        assertThatThrownBy(() -> aead.open(key, otherNonce, sealed)).isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> aead.open(key, nonce, new byte[15])).isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> aead.open(key, nonce, null, sealed, 0, 15, new byte[16], 0))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> aead.seal(new byte[16], nonce, new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> aead.seal(key, new byte[16], new byte[1])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aesGcmResealsTheSameKnownAnswerTwiceInARow() {
        Aead aead = aead();
        byte[] key = randomBytes(32);
        byte[] nonce = randomBytes(12);
        byte[] msg = randomBytes(33);
        byte[] first = aead.seal(key, nonce, msg);
        assertThat(aead.seal(key, nonce, msg)).isEqualTo(first);
        assertThat(aead.seal(key, nonce, msg)).isEqualTo(first);
    }

    @Test
    void aesGcmWorksAtOffsets() throws Exception {
        Aead aead = aead();
        byte[] key = randomBytes(32);
        byte[] nonce = randomBytes(12);
        byte[] buf = randomBytes(100);
        byte[] out = new byte[130];
        int n = aead.seal(key, nonce, null, buf, 10, 50, out, 7);
        assertThat(n).isEqualTo(66);
        assertThat(Arrays.copyOfRange(out, 7, 73)).isEqualTo(aead.seal(key, nonce, Arrays.copyOfRange(buf, 10, 60)));
        byte[] back = new byte[60];
        assertThat(aead.open(key, nonce, null, out, 7, 66, back, 3)).isEqualTo(50);
        assertThat(Arrays.copyOfRange(back, 3, 53)).isEqualTo(Arrays.copyOfRange(buf, 10, 60));
    }

    // ---------------------------------------------------------------- golden Venice envelopes

    @Test
    void goldenEnvelopesOpenAndResealByteForByte() throws Exception {
        EnvelopeCipher cipher = envelopeCipher();
        EcdhKeyAgreement ka = ka();
        JsonNode file = TestVectors.json("venice/e2ee_vectors.json");
        int count = 0;
        for (JsonNode v : file.get("envelopes")) {
            String id = "envelope " + v.get("id").asInt() + " (" + v.get("comment").asText() + ")";
            byte[] plaintext = v.get("plaintext").asText().getBytes(StandardCharsets.UTF_8);
            byte[] recipientPublic = PublicKeyHex.parse(v.get("recipientPublicKey").asText());
            try (EcdhKeyPair recipient = ka.keyPair(secret(v.get("recipientPrivateKey").asText()));
                 EcdhKeyPair ephemeral = ka.keyPair(secret(v.get("ephemeralPrivateKey").asText()))) {
                assertThat(recipient.publicKey()).as(id).isEqualTo(recipientPublic);
                byte[] shared = ephemeral.sharedSecretX(recipientPublic);
                assertThat(Hex.encode(shared)).as(id).isEqualTo(v.get("sharedSecretX").asText());
                assertThat(recipient.sharedSecretX(ephemeral.publicKey())).as(id).isEqualTo(shared);
                byte[] aesKey = kdfOrReference().derive(null, shared, HKDF_INFO, 32);
                assertThat(Hex.encode(aesKey)).as(id).isEqualTo(v.get("aesKey").asText());
                String envelope = v.get("envelope").asText();
                assertThat(cipher.open(recipient, envelope)).as(id).isEqualTo(plaintext);
                byte[] nonce = Hex.decode(v.get("nonce").asText());
                assertThat(cipher.sealWith(ephemeral, nonce, recipientPublic, plaintext).toHex()).as(id)
                        .isEqualTo(envelope);
                // twice: a re-seal under the same key and nonce must not be refused by a cipher's reuse guard
                assertThat(cipher.sealWith(ephemeral, nonce, recipientPublic, plaintext).toHex()).as(id)
                        .isEqualTo(envelope);
            }
            count++;
        }
        assertThat(count).isEqualTo(9);
    }

    @Test
    void goldenEnvelopeStepsAfterKeyAgreement() throws Exception {
        boolean kdf = p().availability(Primitive.KDF).available();
        boolean aead = p().availability(Primitive.AEAD).available();
        assumeTrue(kdf || aead, "the provider serves neither HKDF nor AES-GCM");
        JsonNode file = TestVectors.json("venice/e2ee_vectors.json");
        for (JsonNode v : file.get("envelopes")) {
            String id = "envelope " + v.get("id").asInt();
            byte[] aesKey = Hex.decode(v.get("aesKey").asText());
            if (kdf) {
                assertThat(p().kdf().derive(null, Hex.decode(v.get("sharedSecretX").asText()), HKDF_INFO, 32)).as(id)
                        .isEqualTo(aesKey);
            }
            if (aead) {
                byte[] envelope = Hex.decode(v.get("envelope").asText());
                byte[] nonce = Hex.decode(v.get("nonce").asText());
                byte[] ctTag = Arrays.copyOfRange(envelope, 77, envelope.length);
                byte[] plaintext = v.get("plaintext").asText().getBytes(StandardCharsets.UTF_8);
                assertThat(p().aead().seal(aesKey, nonce, plaintext)).as(id).isEqualTo(ctTag);
                assertThat(p().aead().open(aesKey, nonce, ctTag)).as(id).isEqualTo(plaintext);
            }
        }
    }

    @Test
    void goldenRefusalsFailTheNamedCheck() throws Exception {
        EnvelopeCipher cipher = envelopeCipher();
        JsonNode file = TestVectors.json("venice/e2ee_vectors.json");
        int count = 0;
        for (JsonNode v : file.get("rejected")) {
            String comment = v.get("comment").asText();
            EnvelopeException.Check expected = REJECTED.get(comment);
            if (expected == null) {
                fail("golden refusal '" + comment + "' has no expected check in this kit");
            }
            String privateHex = v.get("recipientPrivateKey").asText();
            try (EcdhKeyPair recipient = ka().keyPair(secret(privateHex))) {
                assertThatThrownBy(() -> cipher.open(recipient, v.get("envelope").asText()))
                        .as(comment)
                        .isInstanceOfSatisfying(EnvelopeException.class, e -> {
                            assertThat(e.check()).as(comment).isEqualTo(expected);
                            assertThat(e.getMessage()).doesNotContain(privateHex);
                        });
            }
            count++;
        }
        assertThat(count).isEqualTo(REJECTED.size());
    }

    @Test
    void goldenAcceptedFormsOpen() throws Exception {
        EnvelopeCipher cipher = envelopeCipher();
        JsonNode file = TestVectors.json("venice/e2ee_vectors.json");
        int count = 0;
        for (JsonNode v : file.get("accepted")) {
            try (EcdhKeyPair recipient = ka().keyPair(secret(v.get("recipientPrivateKey").asText()))) {
                assertThat(cipher.openToString(recipient, v.get("envelope").asText())).as(v.get("comment").asText())
                        .isEqualTo(v.get("plaintext").asText());
            }
            count++;
        }
        assertThat(count).isEqualTo(file.get("accepted").size()).isPositive();
    }

    @Test
    void goldenAddressesDeriveExactly() {
        JsonNode file = TestVectors.json("venice/e2ee_vectors.json");
        for (JsonNode v : file.get("addresses")) {
            for (String field : List.of("publicKey", "publicKeyNo04")) {
                EthAddress a = EthAddress.ofPublicKey(PublicKeyHex.parse(v.get(field).asText()));
                assertThat(a.toLowerCase()).isEqualTo(v.get("address").asText());
                assertThat(a.toChecksum()).isEqualTo(v.get("checksumAddress").asText());
            }
        }
        assertThat(file.get("addresses").size()).isEqualTo(8);
    }

    @Test
    void envelopesRoundTripThroughThisProviderAndRefuseAnotherKey() throws Exception {
        EnvelopeCipher cipher = envelopeCipher();
        EcdhKeyAgreement ka = ka();
        try (EcdhKeyPair recipient = ka.generateKeyPair(); EcdhKeyPair stranger = ka.generateKeyPair()) {
            for (int i = 0; i < 16; i++) {
                byte[] msg = randomBytes(random.nextInt(300));
                var envelope = cipher.seal(recipient.publicKey(), msg);
                assertThat(cipher.open(recipient, envelope)).isEqualTo(msg);
                assertThat(cipher.open(recipient, envelope.toHex().toUpperCase(java.util.Locale.ROOT))).isEqualTo(msg);
                assertThatThrownBy(() -> cipher.open(stranger, envelope))
                        .isInstanceOfSatisfying(EnvelopeException.class,
                                e -> assertThat(e.check()).isEqualTo(EnvelopeException.Check.TAG_MISMATCH));
            }
        }
    }

    @Test
    void envelopeCipherEdgeCases() throws Exception {
        EnvelopeCipher cipher = envelopeCipher();
        EcdhKeyAgreement ka = ka();
        try (EcdhKeyPair recipient = ka.generateKeyPair()) {
            String modelKey128 = Hex.encode(recipient.publicKey()).substring(2).toUpperCase(java.util.Locale.ROOT);
            String sealed = cipher.seal(PublicKeyHex.parse(modelKey128), "h\u00e9llo \ud83d\udd10");
            assertThat(sealed).matches("[0-9a-f]+").hasSize(2 * (93 + "h\u00e9llo \ud83d\udd10".getBytes(StandardCharsets.UTF_8).length));
            assertThat(cipher.openToString(recipient, sealed)).isEqualTo("h\u00e9llo \ud83d\udd10");
            assertThat(cipher.seal(recipient.publicKey(), "")).hasSize(186);
            assertThat(cipher.seal(recipient.publicKey(), "x")).isNotEqualTo(cipher.seal(recipient.publicKey(), "x"));

            byte[] offCurve = recipient.publicKey();
            offCurve[64] ^= 1;
            for (byte[] bad : List.of(offCurve, new byte[65], Arrays.copyOf(recipient.publicKey(), 64))) {
                assertThatThrownBy(() -> cipher.seal(bad, "x"))
                        .isInstanceOfSatisfying(EnvelopeException.class,
                                e -> assertThat(e.check()).isEqualTo(EnvelopeException.Check.INVALID_PUBLIC_KEY));
            }
            try (EcdhKeyPair eph = ka.generateKeyPair()) {
                assertThatThrownBy(() -> cipher.sealWith(eph, new byte[11], recipient.publicKey(), new byte[1]))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            try (SecretBytes d = recipient.privateKey()) {
                String privateHex = Hex.encode(d.copyBytes());
                String tampered = sealed.substring(0, sealed.length() - 2)
                        + (sealed.endsWith("00") ? "01" : "00");
                assertThatThrownBy(() -> cipher.open(recipient, tampered))
                        .isInstanceOfSatisfying(EnvelopeException.class, e -> {
                            assertThat(e.check()).isEqualTo(EnvelopeException.Check.TAG_MISMATCH);
                            assertThat(e.getMessage()).doesNotContain(privateHex).doesNotContain(sealed);
                        });
            }
        }
    }

    // ---------------------------------------------------------------- signature recovery

    @Test
    void wycheproofEcdsaSecp256k1Recovery() throws Exception {
        assumeAvailable(Primitive.SIGNATURE_RECOVERY);
        SignatureRecovery recovery = p().signatureRecovery();
        JsonNode file = TestVectors.json("wycheproof/ecdsa_secp256k1_sha256_p1363_test.json");
        List<String> failures = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        for (JsonNode group : file.get("testGroups")) {
            byte[] key = Hex.decode(group.get("publicKey").get("uncompressed").asText());
            for (JsonNode t : group.get("tests")) {
                String id = "tcId " + t.get("tcId").asInt() + " (" + t.get("comment").asText() + ")";
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(Hex.decode(t.get("msg").asText()));
                byte[] sig = Hex.decode(t.get("sig").asText());
                List<byte[]> recovered = new ArrayList<>();
                for (int recId = 0; recId < 4; recId++) {
                    try {
                        recovered.add(recovery.recoverPublicKey(hash, sig, recId));
                    } catch (InvalidSignatureException | IllegalArgumentException refused) {
                        // refused: no key from this recovery id
                    }
                }
                boolean found = recovered.stream().anyMatch(k -> Arrays.equals(k, key));
                if (t.get("result").asText().equals("valid")) {
                    valid++;
                    if (!found) {
                        failures.add(id + ": the signer's key was not recovered");
                    }
                } else {
                    invalid++;
                    if (found) {
                        failures.add(id + ": an invalid signature recovered the signer's key");
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(valid).isEqualTo(167);
        assertThat(invalid).isEqualTo(85);
    }

    @Test
    void recoveryRefusesOutOfRangeSignatures() {
        assumeAvailable(Primitive.SIGNATURE_RECOVERY);
        SignatureRecovery recovery = p().signatureRecovery();
        byte[] hash = randomBytes(32);
        byte[] one = fixed32("01");
        for (byte[] r : List.of(new byte[32], fixed32(N.toString(16)))) {
            assertThatThrownBy(() -> recovery.recoverPublicKey(hash, concat(r, one), 0))
                    .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("signature r");
            assertThatThrownBy(() -> recovery.recoverPublicKey(hash, concat(one, r), 0))
                    .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("signature s");
        }
        assertThatThrownBy(() -> recovery.recoverPublicKey(hash, new byte[63], 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> recovery.recoverPublicKey(hash, concat(one, one), 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- helpers

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static SecretBytes secret(String hex) {
        return SecretBytes.copyOf(fixed32(hex));
    }

    /** A big-endian integer in hex (any length, leading zeros allowed) as exactly 32 bytes. */
    static byte[] fixed32(String hex) {
        BigInteger v = new BigInteger(hex, 16);
        byte[] b = v.toByteArray();
        byte[] out = new byte[32];
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, 32 - len, len);
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
