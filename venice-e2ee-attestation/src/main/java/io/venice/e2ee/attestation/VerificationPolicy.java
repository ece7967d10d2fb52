package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.dcap.TcbStatus;
import io.venice.e2ee.attestation.nvidia.NrasTrust;
import io.venice.e2ee.crypto.Hex;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a verification requires: the level of checking, the trust anchors beyond the pinned Intel and NVIDIA roots
 * (an explicit opt-in), the accepted nonce binding, optional allow-lists of measurements and the accepted TCB
 * statuses. Immutable; build with {@link #builder()}.
 */
public final class VerificationPolicy {

    /**
     * How much is checked; each level includes the ones before it. A level requires a fixed set of checks
     * ({@link #requiredChecks()}, from {@link BuiltInCheck}): the verdict is passed only when each of them ran and
     * passed.
     */
    public enum Level {
        /** The server's verdict, the nonce echo, the key and its address. */
        BASIC,
        /**
         * Plus the TDX quote: parse, debug bit, REPORTDATA binding, measurements, event log, compose hash; and the
         * compose-manager's quote when served.
         */
        TDX,
        /** Plus Intel's DCAP signature chain and the NVIDIA GPU evidence, offline (the default). */
        DCAP,
        /** Plus Intel collateral (TCB status, QE identity, CRLs) and NVIDIA's remote attestation answer. */
        FULL;

        /** Whether this level includes {@code other}. */
        public boolean includes(Level other) {
            return compareTo(other) >= 0;
        }

        /**
         * The ids of the checks this level requires to run and pass, in report order, under the default options
         * (GPU evidence required, no allow-lists); {@link VerificationPolicy#requiredChecks()} applies a policy's
         * options.
         */
        public Set<String> requiredChecks() {
            return BuiltInCheck.requiredAt(this);
        }

        /** Lower-case name, as on the command line. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The level named {@code text} (any case). */
        public static Level parse(String text) {
            for (Level l : values()) {
                if (l.name().equalsIgnoreCase(text.strip())) {
                    return l;
                }
            }
            throw new IllegalArgumentException("unknown policy level '" + text + "' (expected basic, tdx, dcap or full)");
        }
    }

    /** A measurement register that can carry an allow-list. */
    public enum Measurement {
        /** The TD's initial contents. */
        MRTD,
        /** Runtime register 0 (firmware). */
        RTMR0,
        /** Runtime register 1 (kernel). */
        RTMR1,
        /** Runtime register 2 (kernel command line, initrd). */
        RTMR2,
        /** Runtime register 3 (the application). */
        RTMR3,
        /** The configuration id (dstack: 01 ‖ SHA-256(app compose)). */
        MRCONFIGID,
        /** SHA-256 of the app compose document. */
        COMPOSE_HASH,
        /** The TDX module's measurement. */
        MRSEAM,
        /** The extended features allowed to the TD (8 bytes as in the quote, little-endian). */
        XFAM,
        /** The TD attributes (8 bytes as in the quote, little-endian). */
        TD_ATTRIBUTES,
        /** The TD owner's id. */
        MROWNER,
        /** The TD owner's configuration. */
        MROWNERCONFIG;

        /** Lower-case name, as in the report's measurements. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final VerificationPolicy DEFAULTS = builder().build();

    private final Level level;
    private final List<X509Certificate> extraTrustAnchors;
    private final boolean allowSha256NonceBinding;
    private final boolean requireGpuEvidence;
    private final boolean requireComposeManagerEvidence;
    private final Map<Measurement, Set<String>> expected;
    private final Set<TcbStatus> acceptedTcbStatuses;
    private final TdPolicy tdPolicy;
    private final NrasTrust nrasTrust;
    private final EvidenceLimits limits;

    private VerificationPolicy(Builder b) {
        this.level = b.level;
        this.extraTrustAnchors = List.copyOf(b.extraTrustAnchors);
        this.allowSha256NonceBinding = b.allowSha256NonceBinding;
        this.requireGpuEvidence = b.requireGpuEvidence;
        this.requireComposeManagerEvidence = b.requireComposeManagerEvidence;
        Map<Measurement, Set<String>> m = new LinkedHashMap<>();
        b.expected.forEach((k, v) -> m.put(k, Collections.unmodifiableSet(new LinkedHashSet<>(v))));
        this.expected = Collections.unmodifiableMap(m);
        this.acceptedTcbStatuses = Collections.unmodifiableSet(EnumSet.copyOf(b.acceptedTcbStatuses));
        this.tdPolicy = b.tdPolicy;
        this.nrasTrust = b.nrasTrust;
        this.limits = b.limits;
    }

    /** Level DCAP, the pinned Intel SGX Root CA and NVIDIA Device Identity CA only, raw nonce binding only. */
    public static VerificationPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The level of checking. */
    public Level level() {
        return level;
    }

    /** Trust anchors added to the pinned roots (for test PKIs such as the simulator's); empty by default. */
    public List<X509Certificate> extraTrustAnchors() {
        return extraTrustAnchors;
    }

    /** Whether REPORTDATA may carry SHA-256(nonce) instead of the raw nonce. */
    public boolean allowSha256NonceBinding() {
        return allowSha256NonceBinding;
    }

    /** Whether GPU evidence must be present (from level DCAP); true by default. */
    public boolean requireGpuEvidence() {
        return requireGpuEvidence;
    }

    /**
     * Whether {@code compose_manager_attestation} must be served and pass the {@code compose.*} checks (from level
     * TDX); false by default, so a backend that never serves it is not failed for that, while evidence that does serve
     * it must pass them.
     */
    public boolean requireComposeManagerEvidence() {
        return requireComposeManagerEvidence;
    }

    /** The allowed values (lower-case hex) of {@code m}; empty when any value is accepted. */
    public Set<String> expected(Measurement m) {
        return expected.getOrDefault(m, Set.of());
    }

    /** Whether any allow-list is configured. */
    public boolean hasExpectedMeasurements() {
        return !expected.isEmpty();
    }

    /**
     * The ids of the checks this policy requires to run and pass, in report order: its level's
     * {@link Level#requiredChecks()}, plus {@code tdx.measurements.policy} when allow-lists are configured and the
     * {@code compose.*} checks when compose-manager evidence is required, minus the NVIDIA checks when GPU evidence is
     * optional.
     */
    public Set<String> requiredChecks() {
        Set<String> ids = new LinkedHashSet<>();
        for (BuiltInCheck c : BuiltInCheck.values()) {
            if (c.requiredBy(this)) {
                ids.add(c.id());
            }
        }
        return Collections.unmodifiableSet(ids);
    }

    /** TCB statuses accepted at level FULL; by default UpToDate and SWHardeningNeeded. */
    public Set<TcbStatus> acceptedTcbStatuses() {
        return acceptedTcbStatuses;
    }

    /** What the TD's attributes, XFAM, service TD and MRCONFIGID must be ({@code tdx.td.policy}). */
    public TdPolicy tdPolicy() {
        return tdPolicy;
    }

    /** The pinned NRAS intermediates and issuer NRAS tokens must come from ({@code nvidia.nras.jwt}). */
    public NrasTrust nrasTrust() {
        return nrasTrust;
    }

    /** How large the served evidence may be ({@link EvidenceLimits#defaults()} unless set). */
    public EvidenceLimits limits() {
        return limits;
    }

    /** Builds a {@link VerificationPolicy}. */
    public static final class Builder {
        private Level level = Level.DCAP;
        private final List<X509Certificate> extraTrustAnchors = new ArrayList<>();
        private boolean allowSha256NonceBinding;
        private boolean requireGpuEvidence = true;
        private boolean requireComposeManagerEvidence;
        private final Map<Measurement, Set<String>> expected = new LinkedHashMap<>();
        private Set<TcbStatus> acceptedTcbStatuses = EnumSet.of(TcbStatus.UP_TO_DATE, TcbStatus.SW_HARDENING_NEEDED);
        private TdPolicy tdPolicy = TdPolicy.defaults();
        private NrasTrust nrasTrust = NrasTrust.nvidia();
        private EvidenceLimits limits = EvidenceLimits.defaults();

        private Builder() {
        }

        /** Sets the level of checking. */
        public Builder level(Level level) {
            this.level = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * Trusts {@code cert} as an extra root for the TDX PCK and collateral chains and the NVIDIA device chain, and as
         * an extra pinned NRAS intermediate (explicit opt-in, e.g. a simulator's exported test roots).
         */
        public Builder extraTrustAnchor(X509Certificate cert) {
            extraTrustAnchors.add(Objects.requireNonNull(cert, "cert"));
            return this;
        }

        /** Accepts REPORTDATA[32..64] = SHA-256(nonce) as well as the raw nonce. */
        public Builder allowSha256NonceBinding(boolean allow) {
            this.allowSha256NonceBinding = allow;
            return this;
        }

        /** Whether missing GPU evidence fails the NVIDIA checks (true) or skips them (false). */
        public Builder requireGpuEvidence(boolean require) {
            this.requireGpuEvidence = require;
            return this;
        }

        /**
         * Whether {@code compose_manager_attestation} must be served (true: its absence fails the {@code compose.*}
         * checks from level TDX) or is checked only when served (false, the default).
         */
        public Builder requireComposeManagerEvidence(boolean require) {
            this.requireComposeManagerEvidence = require;
            return this;
        }

        /** Adds {@code hex} to the allowed values of {@code m} (repeatable: any listed value is accepted). */
        public Builder expect(Measurement m, String hex) {
            String h = hex.strip().toLowerCase(Locale.ROOT);
            if (h.startsWith("0x")) {
                h = h.substring(2);
            }
            if (!Hex.isHex(h)) {
                throw new IllegalArgumentException("expected " + m.label() + " must be hex");
            }
            expected.computeIfAbsent(m, k -> new LinkedHashSet<>()).add(h);
            return this;
        }

        /**
         * Replaces the TCB statuses accepted at level FULL.
         *
         * @throws IllegalArgumentException when empty, or when it lists {@code Revoked} or {@code TcbNotSupported},
         *                                  which no policy can accept
         */
        public Builder acceptTcbStatuses(Set<TcbStatus> statuses) {
            if (statuses.isEmpty()) {
                throw new IllegalArgumentException("accept at least one TCB status");
            }
            for (TcbStatus s : statuses) {
                if (!s.acceptable()) {
                    throw new IllegalArgumentException("TCB status " + s.intelName() + " can never be accepted");
                }
            }
            this.acceptedTcbStatuses = EnumSet.copyOf(statuses);
            return this;
        }

        /**
         * The NRAS intermediates (pinned, byte for byte) and issuer NRAS tokens must come from; NVIDIA's Intermediate
         * 004 and {@code https://nras.attestation.nvidia.com} unless set.
         */
        public Builder nrasTrust(NrasTrust trust) {
            this.nrasTrust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /** What the TD must be ({@link TdPolicy#defaults()} unless set). */
        public Builder tdPolicy(TdPolicy tdPolicy) {
            this.tdPolicy = Objects.requireNonNull(tdPolicy, "tdPolicy");
            return this;
        }

        /**
         * How large the served evidence may be: the length of a quote, the certificates of a chain
         * ({@link EvidenceLimits#defaults()} unless set). Evidence beyond them fails the checks that read it.
         */
        public Builder limits(EvidenceLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The policy. */
        public VerificationPolicy build() {
            return new VerificationPolicy(this);
        }
    }
}
