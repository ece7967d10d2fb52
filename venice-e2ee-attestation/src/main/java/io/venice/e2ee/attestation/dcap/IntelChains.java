package io.venice.e2ee.attestation.dcap;

import io.venice.e2ee.attestation.pki.ChainProfile;

import java.util.List;
import java.util.Set;

/**
 * The two kinds of Intel certificate chain, as Intel's quote verification library and go-tdx-guest accept them: the
 * PCK chain a quote carries and the chain of the key that signs TCB info and QE identity. Names are compared exactly
 * (go-tdx-guest; Intel's library only looks for substrings), every certificate is ECDSA with SHA-256 on P-256, and
 * each chain ends with the pinned Intel SGX Root CA itself.
 */
public final class IntelChains {
    /** Common name of a PCK certificate. */
    public static final String PCK_CERTIFICATE = "Intel SGX PCK Certificate";
    /** Common name of the PCK CA of platforms with a platform registration. */
    public static final String PCK_PLATFORM_CA = "Intel SGX PCK Platform CA";
    /** Common name of the PCK CA of single-socket platforms. */
    public static final String PCK_PROCESSOR_CA = "Intel SGX PCK Processor CA";
    /** Common name of the certificate whose key signs TCB info and QE identity. */
    public static final String TCB_SIGNING = "Intel SGX TCB Signing";

    /** The PCK chain: PCK certificate, PCK platform or processor CA, Intel SGX Root CA (QuoteVerification.cpp). */
    public static final ChainProfile PCK = new ChainProfile("PCK certificate chain",
            "PCK certificate, PCK platform or processor CA, Intel SGX Root CA", 3, true,
            List.of(Set.of(PCK_CERTIFICATE), Set.of(PCK_PLATFORM_CA, PCK_PROCESSOR_CA)),
            ChainProfile.ECDSA_WITH_SHA256, "secp256r1");

    /** The TCB info and QE identity signing chain: TCB signing certificate, Intel SGX Root CA (TCBSigningChain.cpp). */
    public static final ChainProfile TCB_SIGNING_CHAIN = new ChainProfile("TCB signing chain",
            "Intel SGX TCB Signing, Intel SGX Root CA", 2, true, List.of(Set.of(TCB_SIGNING)),
            ChainProfile.ECDSA_WITH_SHA256, "secp256r1");

    private IntelChains() {
    }
}
