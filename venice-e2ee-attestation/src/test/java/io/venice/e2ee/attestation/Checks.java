package io.venice.e2ee.attestation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import io.venice.e2ee.spi.AttestationVerifier.Outcome;

/** Assertions and evidence edits shared by the attestation tests. */
final class Checks {
    static final ObjectMapper JSON = new ObjectMapper();

    private Checks() {
    }

    /** The ids of the checks with {@code status}. */
    static Set<String> ids(VerificationReport vr, Outcome status) {
        Set<String> out = new TreeSet<>();
        vr.checks().stream().filter(c -> c.status() == status).forEach(c -> out.add(c.id()));
        return out;
    }

    /** Asserts exactly {@code failed} fail and each of {@code blocked} is skipped because of a failed dependency. */
    static void assertFailures(VerificationReport vr, Set<String> failed, Set<String> blocked) {
        assertThat(ids(vr, Outcome.FAIL)).as(vr.summary()).isEqualTo(new TreeSet<>(failed));
        for (String id : blocked) {
            VerificationReport.Check c = vr.check(id).orElseThrow();
            assertThat(c.status()).as(id).isEqualTo(Outcome.SKIP);
            assertThat(c.reason()).as(id).startsWith("depends on ");
        }
        assertThat(vr.passed()).isFalse();
    }

    /** The text of top-level string field {@code field} of JSON {@code json}. */
    static String textField(String json, String field) {
        try {
            return JSON.readTree(json).path(field).textValue();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The capture's attestation JSON with {@code edit} applied. */
    static AttestationReport editedCapture(Consumer<ObjectNode> edit) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(Evidence.captureJson());
            edit.accept(root);
            return AttestationReport.parse(JSON.writeValueAsString(root));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
