package io.venice.e2ee.attestation;

import io.venice.e2ee.spi.AttestationVerifier.Outcome;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one verification found so far: the checks in the order reported and the measurements by name. */
final class Findings {
    private final List<VerificationReport.Check> checks = new ArrayList<>();
    private final Map<String, String> measurements = new LinkedHashMap<>();
    // shared by every family's run, so a check may depend on a check of another family
    private final Map<BuiltInCheck, CheckRun.State> states = new EnumMap<>(BuiltInCheck.class);
    private final EvidenceFacts.Builder facts = new EvidenceFacts.Builder();

    void check(String id, Outcome outcome, String reason) {
        checks.add(new VerificationReport.Check(id, outcome, reason));
    }

    void measurement(String name, String value) {
        measurements.put(name, value);
    }

    boolean hasCheck(String id) {
        return checks.stream().anyMatch(c -> c.id().equals(id));
    }

    boolean hasMeasurement(String name) {
        return measurements.containsKey(name);
    }

    Map<BuiltInCheck, CheckRun.State> states() {
        return states;
    }

    EvidenceFacts.Builder facts() {
        return facts;
    }

    List<VerificationReport.Check> checks() {
        return Collections.unmodifiableList(checks);
    }

    Map<String, String> measurements() {
        return Collections.unmodifiableMap(measurements);
    }
}
