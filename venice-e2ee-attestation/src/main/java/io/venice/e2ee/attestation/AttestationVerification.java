package io.venice.e2ee.attestation;

import io.venice.e2ee.spi.AttestationVerifier;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Verifies attestation evidence. The built-in checks (binding, TDX, NVIDIA: every {@link BuiltInCheck}) are called
 * directly, so they run whatever the class path holds; extensions found through the {@link AttestationVerifier}
 * service (those reading a {@link VerificationInput}) then add checks of their own. An extension may only add: one
 * that reports the id of a built-in check or of a check already reported, overwrites a measurement, or throws, is
 * reported as the failed check {@code extension.<name>} and its refused results are dropped. The verdict needs every
 * check the policy requires ({@link VerificationPolicy#requiredChecks()}) to have run and passed.
 */
public final class AttestationVerification {
    /** Prefix of the failed check that stands for a misbehaving extension. */
    public static final String EXTENSION_PREFIX = "extension.";

    private static final List<CheckFamily> BUILT_IN = List.of(new BindingChecks(), new TdxChecks(), new NvidiaChecks(),
            new ComposeManagerChecks(), new OhttpChecks(), new AciChecks(), new GuardChecks());
    private static final Set<String> BUILT_IN_MEASUREMENTS = builtInMeasurements();
    private static final Discovered DISCOVERED = discover();

    private AttestationVerification() {
    }

    /**
     * Verifies {@code report} under {@code policy} with the nonce, time and optional inputs of {@code ctx}: the
     * built-in checks, then the extensions on the class path.
     */
    public static VerificationReport verify(AttestationReport report, VerificationPolicy policy, VerificationContext ctx) {
        return run(report, policy, ctx, DISCOVERED.verifiers(), DISCOVERED.loadErrors());
    }

    /**
     * Verifies as {@link #verify(AttestationReport, VerificationPolicy, VerificationContext)} does, with exactly
     * {@code extensions} instead of those on the class path (the built-in checks always run).
     */
    public static VerificationReport verify(AttestationReport report, VerificationPolicy policy, VerificationContext ctx,
                                            List<? extends AttestationVerifier<VerificationInput>> extensions) {
        return run(report, policy, ctx, List.copyOf(extensions), List.of());
    }

    /**
     * The names of the built-in check families, in the order they run: {@code binding}, {@code tdx}, {@code nvidia},
     * {@code compose}, {@code ohttp}, {@code aci}, {@code guards}.
     */
    public static List<String> builtInNames() {
        return BUILT_IN.stream().map(CheckFamily::name).toList();
    }

    /** The names of the extensions found on the class path, in the order they run after the built-in checks. */
    public static List<String> extensionNames() {
        return DISCOVERED.verifiers().stream().map(AttestationVerification::nameOf).toList();
    }

    private static VerificationReport run(AttestationReport report, VerificationPolicy policy, VerificationContext ctx,
                                          List<? extends AttestationVerifier<VerificationInput>> extensions,
                                          List<String> loadErrors) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(ctx, "ctx");
        VerificationInput input = new VerificationInput(report, policy, ctx);
        Findings findings = new Findings();
        for (CheckFamily family : BUILT_IN) {
            try {
                family.run(input, new CheckRun(findings, policy.level(), family.measurements()));
            } catch (RuntimeException e) {
                // a defect, not bad evidence: the checks it did not report stay unmet, and this says why
                findings.check(family.name() + ".checks", Outcome.FAIL, "the " + family.name() + " checks stopped: "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
        }
        if (!loadErrors.isEmpty()) {
            findings.check(EXTENSION_PREFIX + "load", Outcome.FAIL, "an attestation extension on the class path could"
                    + " not be loaded: " + String.join("; ", loadErrors));
        }
        for (AttestationVerifier<VerificationInput> extension : extensions) {
            runExtension(extension, input, findings);
        }
        return new VerificationReport(policy.level(), policy.requiredChecks(), findings.checks(),
                findings.measurements(), findings.facts().build());
    }

    private static void runExtension(AttestationVerifier<VerificationInput> extension, VerificationInput input,
                                     Findings findings) {
        String name = nameOf(extension);
        GuardedSink sink = new GuardedSink(findings);
        try {
            extension.verify(input, sink);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            sink.refuse("threw " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        } finally {
            sink.close();
        }
        if (!sink.refusals.isEmpty()) {
            findings.check(EXTENSION_PREFIX + name, Outcome.FAIL, "extension '" + name + "' "
                    + String.join("; ", sink.refusals) + ": an extension may add checks, never replace or remove one");
        }
    }

    /** Passes an extension's results on, refusing those that would replace or hide anything already there. */
    private static final class GuardedSink implements AttestationVerifier.CheckSink {
        private final Findings findings;
        private final List<String> refusals = new ArrayList<>();
        private final Set<String> own = new HashSet<>();
        private boolean closed;

        GuardedSink(Findings findings) {
            this.findings = findings;
        }

        @Override
        public synchronized void record(String id, Outcome outcome, String reason) {
            if (closed) {
                throw new IllegalStateException("the verification this sink belongs to is over");
            }
            if (id == null || id.isBlank() || outcome == null) {
                refuse("reported a check without an id or an outcome");
            } else if (BuiltInCheck.byId(id).isPresent()) {
                refuse("reported '" + id + "' as " + outcome.label() + ", but that id belongs to a built-in check");
            } else if (id.startsWith(EXTENSION_PREFIX)) {
                refuse("reported '" + id + "', but ids starting '" + EXTENSION_PREFIX + "' name refused extensions");
            } else if (findings.hasCheck(id) || !own.add(id)) {
                refuse("reported '" + id + "', which was already reported");
            } else {
                findings.check(id, outcome, reason == null ? "(no reason given)" : reason);
            }
        }

        @Override
        public synchronized void measurement(String name, String value) {
            if (closed) {
                throw new IllegalStateException("the verification this sink belongs to is over");
            }
            if (name == null || value == null) {
                refuse("reported a measurement without a name or a value");
            } else if (BUILT_IN_MEASUREMENTS.contains(name) || findings.hasMeasurement(name)) {
                refuse("reported measurement '" + name + "', which a built-in check or an earlier extension owns");
            } else {
                findings.measurement(name, value);
            }
        }

        synchronized void refuse(String why) {
            refusals.add(why);
        }

        synchronized void close() {
            closed = true;
        }
    }

    private static String nameOf(AttestationVerifier<?> v) {
        try {
            String n = v.name();
            if (n != null && !n.isBlank()) {
                return n;
            }
        } catch (RuntimeException e) {
            // named by its class below
        }
        return v.getClass().getName();
    }

    private static Set<String> builtInMeasurements() {
        Set<String> out = new HashSet<>();
        BUILT_IN.forEach(f -> out.addAll(f.measurements()));
        return Set.copyOf(out);
    }

    /** The extensions found on the class path, and why any could not be loaded. */
    private record Discovered(List<AttestationVerifier<VerificationInput>> verifiers, List<String> loadErrors) {
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Discovered discover() {
        List<AttestationVerifier<VerificationInput>> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        var it = ServiceLoader.load(AttestationVerifier.class, AttestationVerification.class.getClassLoader())
                .iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                AttestationVerifier v = it.next();
                if (v.inputType() == VerificationInput.class) {
                    found.add(v);
                }
            } catch (ServiceConfigurationError | RuntimeException e) {
                errors.add(e.getMessage());
                if (errors.size() > 16) {
                    break;
                }
            }
        }
        found.sort(Comparator.comparingInt(AttestationVerification::orderOf));
        return new Discovered(List.copyOf(found), List.copyOf(errors));
    }

    private static int orderOf(AttestationVerifier<?> v) {
        try {
            return v.order();
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }
}
