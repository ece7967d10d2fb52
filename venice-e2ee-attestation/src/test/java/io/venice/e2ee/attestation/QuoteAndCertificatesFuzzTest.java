package io.venice.e2ee.attestation;

import io.venice.e2ee.testing.OnlyTyped;
import io.venice.e2ee.attestation.dcap.SgxExtensions;
import io.venice.e2ee.attestation.error.AttestationException;
import io.venice.e2ee.attestation.pki.ChainValidator;
import io.venice.e2ee.attestation.pki.Pem;
import io.venice.e2ee.attestation.pki.PinnedRoots;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.testing.TestVectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Intel TDX quotes, the SGX extension's DER and certificate chains as a hostile server may serve them: real quotes
 * cut at every length, bytes changed anywhere, every length field pointing past the end or at 2³¹−1 or 2³²−1 (the
 * parser refuses before allocating: measured per thread, not against the heap), random bytes; the PCK certificate's
 * SGX extension cut and changed; the PEM chain cut and changed; the chain's certificates in any order and subset.
 */
class QuoteAndCertificatesFuzzTest {
    private static final List<byte[]> QUOTES = List.of(Evidence.captureQuote(),
            TestVectors.bytes("tdx/dcapqvl_tdx_quote_v4.bin"), TestVectors.bytes("tdx/dcapqvl_tdx_quote_v5_outdated.bin"));
    private static final TdxQuote CAPTURE = TdxQuote.parse(QUOTES.get(0));
    private static final List<TdxQuote.Part> LENGTH_FIELDS = List.of(TdxQuote.Part.SIGNATURE_DATA_LENGTH,
            TdxQuote.Part.CERTIFICATION_DATA_SIZE, TdxQuote.Part.QE_AUTH_DATA_LENGTH,
            TdxQuote.Part.PCK_CERTIFICATION_DATA_SIZE);

    @Test
    void everyTruncationOfEveryRealQuoteIsRefusedAsAMalformedQuote() {
        for (byte[] quote : QUOTES) {
            assertThat(TdxQuote.parse(quote)).isNotNull();
            for (int n = 0; n < quote.length; n++) {
                byte[] cut = java.util.Arrays.copyOf(quote, n);
                OnlyTyped.check("the first " + n + " bytes", () -> TdxQuote.parse(cut),
                        AttestationException.MalformedQuote.class);
            }
        }
    }

    @Test
    void aLengthFieldPointingPastTheEndIsRefusedBeforeAnythingOfThatSizeIsAllocated() {
        byte[] quote = QUOTES.get(0);
        for (TdxQuote.Part field : LENGTH_FIELDS) {
            TdxQuote.Span span = CAPTURE.span(field);
            for (long value : new long[] {0x7fffffffL, 0xffffffffL, 0x80000000L, quote.length + 1L, 0xffffL}) {
                byte[] forged = quote.clone();
                for (int i = 0; i < span.length(); i++) {
                    forged[span.offset() + i] = (byte) (value >>> (8 * i));
                }
                long allocated = allocatedBy(() -> OnlyTyped.check(field.label() + " = " + value,
                        () -> TdxQuote.parse(forged), AttestationException.MalformedQuote.class));
                assertThat(allocated).as("bytes allocated parsing %s = %d", field.label(), value)
                        .isLessThan(16L * quote.length + (1 << 20));
            }
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedQuotes() {
        Arbitrary<byte[]> quote = Arbitraries.of(QUOTES);
        Arbitrary<byte[]> changed = quote.flatMap(q -> Combinators.combine(Arbitraries.integers().between(0,
                q.length - 1), Arbitraries.bytes()).as((i, b) -> {
                    byte[] m = q.clone();
                    m[i] = b;
                    return m;
                }));
        Arbitrary<byte[]> header = quote.flatMap(q -> Combinators.combine(Arbitraries.integers().between(0, 47),
                Arbitraries.bytes()).as((i, b) -> {
                    byte[] m = q.clone();
                    m[i] = b;
                    return m;
                }));
        return Arbitraries.oneOf(changed, header, Arbitraries.bytes().array(byte[].class).ofMaxSize(2000));
    }

    @Property
    void anyChangedQuoteParsesOrIsRefusedAsAMalformedQuote(@ForAll("mutatedQuotes") byte[] quote) {
        TdxQuote q = OnlyTyped.check(quote, () -> TdxQuote.parse(quote), AttestationException.MalformedQuote.class);
        if (q != null) {
            OnlyTyped.check(quote, q::pckChainPem);
        }
    }

    @Provide
    Arbitrary<byte[]> sgxExtensions() {
        byte[] real = pckCertificate().getExtensionValue(SgxExtensions.OID);
        Arbitrary<Integer> at = Arbitraries.integers().between(0, real.length - 1);
        Arbitrary<byte[]> cut = at.map(i -> java.util.Arrays.copyOf(real, i));
        Arbitrary<byte[]> changed = Combinators.combine(at, Arbitraries.bytes()).as((i, b) -> {
            byte[] m = real.clone();
            m[i] = b;
            return m;
        });
        // a length byte turned into a long form claiming 2^32 - 1 bytes
        Arbitrary<byte[]> hugeLength = at.map(i -> {
            byte[] m = new byte[real.length + 4];
            System.arraycopy(real, 0, m, 0, i);
            m[i] = (byte) 0x84;
            m[i + 1] = m[i + 2] = m[i + 3] = m[i + 4] = (byte) 0xff;
            System.arraycopy(real, i + 1, m, i + 5, real.length - i - 1);
            return m;
        });
        return Arbitraries.oneOf(cut, changed, hugeLength, Arbitraries.bytes().array(byte[].class).ofMaxSize(300));
    }

    @Property
    void theSgxExtensionIsReadOrRefusedAsAMalformedQuote(@ForAll("sgxExtensions") byte[] der) {
        X509Certificate pck = new ExtensionOnlyCertificate(SgxExtensions.OID, der);
        long allocated = allocatedBy(() -> OnlyTyped.check(der, () -> SgxExtensions.of(pck),
                AttestationException.MalformedQuote.class));
        assertThat(allocated).isLessThan(64L * der.length + (1 << 20));
    }

    @Provide
    Arbitrary<byte[]> pems() {
        byte[] real = CAPTURE.pckChainPem().getBytes(StandardCharsets.US_ASCII);
        Arbitrary<Integer> at = Arbitraries.integers().between(0, real.length - 1);
        return Arbitraries.oneOf(at.map(i -> java.util.Arrays.copyOf(real, i)),
                Combinators.combine(at, Arbitraries.bytes()).as((i, b) -> {
                    byte[] m = real.clone();
                    m[i] = b;
                    return m;
                }),
                Arbitraries.strings().ofMaxLength(200).map(s -> ("-----BEGIN CERTIFICATE-----\n" + s
                        + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.UTF_8)),
                Arbitraries.just("-----BEGIN CERTIFICATE-----\n".repeat(2000).getBytes(StandardCharsets.US_ASCII)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(400));
    }

    @Property
    void aPemOrDerChainParsesOrIsRefusedAsACertificateError(@ForAll("pems") byte[] pem) {
        OnlyTyped.check(pem, () -> Pem.certificates(pem), CertificateException.class);
        OnlyTyped.check(pem, () -> Pem.crl(pem), CRLException.class);
    }

    @Provide
    Arbitrary<List<X509Certificate>> chains() {
        List<X509Certificate> real = realChain();
        return Arbitraries.of(real).list().ofMaxSize(5);
    }

    @Property(tries = 60)
    void anyOrderOrSubsetOfTheChainValidatesOrIsRefusedAsASecurityError(
            @ForAll("chains") List<X509Certificate> chain, @ForAll("instants") Instant at) {
        OnlyTyped.check(chain, () -> ChainValidator.validate(chain, List.of(PinnedRoots.intelSgxRootCa()), at),
                GeneralSecurityException.class);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.of(Evidence.CAPTURE_TIME, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"),
                Instant.parse("1999-12-31T23:59:59Z"));
    }

    private static List<X509Certificate> realChain() {
        try {
            List<X509Certificate> chain = new ArrayList<>(Pem.certificates(CAPTURE.pckChainPem()));
            chain.add(PinnedRoots.intelSgxRootCa());
            return Collections.unmodifiableList(chain);
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate pckCertificate() {
        return realChain().get(0);
    }

    /** Bytes the current thread allocated while {@code r} ran (HotSpot's per-thread counter). */
    static long allocatedBy(Runnable r) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        r.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
