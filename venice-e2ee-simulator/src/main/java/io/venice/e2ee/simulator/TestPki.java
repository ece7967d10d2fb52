package io.venice.e2ee.simulator;

import io.venice.e2ee.crypto.Secp256k1;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The two test PKIs a simulator generates at start-up: a TDX one shaped like Intel's (test root, platform CA,
 * PCK leaf carrying an SGX extension with an FMSPC; P-256) and an NVIDIA one shaped like the device identity chain
 * (test root, intermediate, device leaf; P-384). Their roots are trusted nowhere unless a client opts in.
 */
final class TestPki {
    /** Intel's SGX extension OID; sub-arcs .1 PPID, .2 TCB, .3 PCE-ID, .4 FMSPC, .5 SGX type. */
    static final String SGX_EXTENSION_OID = "1.2.840.113741.1.13.1";
    /** The FMSPC written into the PCK leaf (the one of the recorded Venice capture's platform). */
    static final byte[] FMSPC = {(byte) 0x90, (byte) 0xc0, 0x6f, 0x00, 0x00, 0x00};

    static final String TDX_ROOT_DN = "CN=Venice E2EE Simulator TDX Test Root CA,O=venice-e2ee simulator (not Intel),C=US";
    static final String TDX_PLATFORM_DN = "CN=Venice E2EE Simulator PCK Platform Test CA,O=venice-e2ee simulator (not Intel),C=US";
    static final String TDX_PCK_DN = "CN=Venice E2EE Simulator PCK Test Certificate,O=venice-e2ee simulator (not Intel),C=US";
    static final String NV_ROOT_DN = "CN=Venice E2EE Simulator NVIDIA Device Identity Test CA,O=venice-e2ee simulator (not NVIDIA)";
    static final String NV_INTERMEDIATE_DN = "CN=Venice E2EE Simulator GH100 Provisioner Test CA,O=venice-e2ee simulator (not NVIDIA)";
    static final String NV_LEAF_DN = "CN=Venice E2EE Simulator GH100 Test Device,O=venice-e2ee simulator (not NVIDIA)";

    private static final SecureRandom RANDOM = new SecureRandom();

    final X509Certificate tdxRoot;
    final X509Certificate tdxPlatformCa;
    final X509Certificate pckLeaf;
    final KeyPair pckKeys;
    final X509Certificate nvidiaRoot;
    final List<X509Certificate> nvidiaChain;
    final KeyPair nvidiaDeviceKeys;

    private TestPki(X509Certificate tdxRoot, X509Certificate tdxPlatformCa, X509Certificate pckLeaf, KeyPair pckKeys,
                    X509Certificate nvidiaRoot, List<X509Certificate> nvidiaChain, KeyPair nvidiaDeviceKeys) {
        this.tdxRoot = tdxRoot;
        this.tdxPlatformCa = tdxPlatformCa;
        this.pckLeaf = pckLeaf;
        this.pckKeys = pckKeys;
        this.nvidiaRoot = nvidiaRoot;
        this.nvidiaChain = nvidiaChain;
        this.nvidiaDeviceKeys = nvidiaDeviceKeys;
    }

    /** Generates both PKIs, valid from a day before {@code now} for years. */
    static TestPki generate(Instant now) {
        Instant from = now.minus(Duration.ofDays(1));
        KeyPair rootKeys = ecKeys("secp256r1");
        X509Certificate root = X509Builder.subject(TDX_ROOT_DN, rootKeys.getPublic())
                .issuer(TDX_ROOT_DN, rootKeys).validity(from, now.plus(Duration.ofDays(365 * 25))).ca(null).build();
        KeyPair platformKeys = ecKeys("secp256r1");
        X509Certificate platform = X509Builder.subject(TDX_PLATFORM_DN, platformKeys.getPublic())
                .issuer(TDX_ROOT_DN, rootKeys).validity(from, now.plus(Duration.ofDays(365 * 15))).ca(0).build();
        KeyPair pckKeys = ecKeys("secp256r1");
        X509Certificate pck = X509Builder.subject(TDX_PCK_DN, pckKeys.getPublic())
                .issuer(TDX_PLATFORM_DN, platformKeys).validity(from, now.plus(Duration.ofDays(365 * 7)))
                .extension(new ASN1ObjectIdentifier(SGX_EXTENSION_OID), sgxExtension()).build();

        KeyPair nvRootKeys = ecKeys("secp384r1");
        X509Certificate nvRoot = X509Builder.subject(NV_ROOT_DN, nvRootKeys.getPublic())
                .issuer(NV_ROOT_DN, nvRootKeys).validity(from, now.plus(Duration.ofDays(365 * 25))).ca(null).build();
        KeyPair nvIntermediateKeys = ecKeys("secp384r1");
        X509Certificate nvIntermediate = X509Builder.subject(NV_INTERMEDIATE_DN, nvIntermediateKeys.getPublic())
                .issuer(NV_ROOT_DN, nvRootKeys).validity(from, now.plus(Duration.ofDays(365 * 15))).ca(0).build();
        KeyPair deviceKeys = ecKeys("secp384r1");
        X509Certificate device = X509Builder.subject(NV_LEAF_DN, deviceKeys.getPublic())
                .issuer(NV_INTERMEDIATE_DN, nvIntermediateKeys).validity(from, now.plus(Duration.ofDays(365 * 7))).build();

        return new TestPki(root, platform, pck, pckKeys, nvRoot, List.of(device, nvIntermediate, nvRoot), deviceKeys);
    }

    /** The PCK chain as the quote carries it: leaf, platform CA, root. */
    List<X509Certificate> pckChain() {
        return List.of(pckLeaf, tdxPlatformCa, tdxRoot);
    }

    /** A fresh EC key pair on the named JDK curve. */
    static KeyPair ecKeys(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + curve + " keys", e);
        }
    }

    /** Raw r ‖ s ECDSA signature ({@code SHA256withECDSA} or {@code SHA384withECDSA}) over {@code data}. */
    static byte[] signRaw(String jdkAlgorithm, PrivateKey key, byte[] data, int offset, int length) {
        try {
            Signature s = Signature.getInstance(jdkAlgorithm + "inP1363Format");
            s.initSign(key, RANDOM);
            s.update(data, offset, length);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + jdkAlgorithm, e);
        }
    }

    /** The X ‖ Y coordinates of a P-256 public key, 64 bytes. */
    static byte[] rawP256(ECPublicKey key) {
        byte[] out = new byte[64];
        Secp256k1.writeFixed32(key.getW().getAffineX(), out, 0);
        Secp256k1.writeFixed32(key.getW().getAffineY(), out, 32);
        return out;
    }

    /** Intel's SGX extension layout: PPID, TCB (16 component SVNs, PCESVN, CPUSVN), PCE-ID, FMSPC, SGX type. */
    private static byte[] sgxExtension() {
        String base = SGX_EXTENSION_OID;
        ASN1Encodable[] tcb = new ASN1Encodable[18];
        byte[] cpuSvn = new byte[16];
        for (int i = 0; i < 16; i++) {
            int svn = i < 2 ? 3 : 0;
            cpuSvn[i] = (byte) svn;
            tcb[i] = pair(base + ".2." + (i + 1), new ASN1Integer(svn));
        }
        tcb[16] = pair(base + ".2.17", new ASN1Integer(13));
        tcb[17] = pair(base + ".2.18", new DEROctetString(cpuSvn));
        byte[] ppid = new byte[16];
        RANDOM.nextBytes(ppid);
        try {
            return new DERSequence(new ASN1Encodable[] {
                pair(base + ".1", new DEROctetString(ppid)),
                pair(base + ".2", new DERSequence(tcb)),
                pair(base + ".3", new DEROctetString(new byte[] {0, 0})),
                pair(base + ".4", new DEROctetString(FMSPC)),
                pair(base + ".5", new ASN1Enumerated(0)),
            }).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DERSequence pair(String oid, ASN1Encodable value) {
        return new DERSequence(new ASN1Encodable[] {new ASN1ObjectIdentifier(oid), value});
    }
}
