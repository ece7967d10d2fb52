package io.venice.e2ee.attestation.aci;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.dstack.VmConfig;
import io.venice.e2ee.attestation.error.AttestationException.MalformedEvidence;
import io.venice.e2ee.attestation.internal.JsonFields;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ACI ({@code api_version: "aci/1"}) attestation report, in either generation: as a gateway serves it on its own
 * {@code /v1/aci/attestation}, or as Venice relays the gateway's legacy report for {@code -p} models (the same envelope
 * beside the legacy fields {@code signing_key}, {@code intel_quote}, ...). What its quote binds differs: on the
 * gateway's own endpoint REPORTDATA is {@code SHA-256(statement) ‖ 0³²} and so binds the keyset; in the legacy report
 * {@code attestation.report_data} is the legacy 64 bytes (address ‖ zeros ‖ nonce) and binds no keyset key. Parsing
 * checks forms only. Immutable.
 */
public final class AciEnvelope {
    /** The one API version defined. */
    public static final String API_VERSION = "aci/1";

    private static final JsonFields FIELDS = new JsonFields(MalformedEvidence::new);

    private final AciGeneration generation;
    private final String workloadId;
    private final String servedKeysetDigest;
    private final String teeType;
    private final String vendor;
    private final WorkloadKeyset keyset;
    private final byte[] reportData;
    private final String endorsementAlgo;
    private final byte[] endorsement;
    private final AciEvidence evidence;
    private final List<String> supportedE2eeVersions;
    private final String serving;
    private final String repoUrl;
    private final String repoCommit;

    private AciEnvelope(AciGeneration generation, String workloadId, String servedKeysetDigest, String teeType,
                        String vendor, WorkloadKeyset keyset, byte[] reportData, String endorsementAlgo,
                        byte[] endorsement, AciEvidence evidence, List<String> supportedE2eeVersions, String serving,
                        String repoUrl, String repoCommit) {
        this.generation = generation;
        this.workloadId = workloadId;
        this.servedKeysetDigest = servedKeysetDigest;
        this.teeType = teeType;
        this.vendor = vendor;
        this.keyset = keyset;
        this.reportData = reportData;
        this.endorsementAlgo = endorsementAlgo;
        this.endorsement = endorsement;
        this.evidence = evidence;
        this.supportedE2eeVersions = supportedE2eeVersions;
        this.serving = serving;
        this.repoUrl = repoUrl;
        this.repoCommit = repoCommit;
    }

    /**
     * The envelope at the top of {@code root}, or null when {@code root} serves neither {@code api_version} nor an
     * {@code attestation} object.
     *
     * @throws MalformedEvidence naming the member that cannot be read; an {@code api_version} other than
     *                           {@code aci/1}, and a generation mixed from both forms, are refused
     */
    public static AciEnvelope read(JsonNode root) {
        String version = FIELDS.text(root, "api_version", "api_version");
        JsonNode att = FIELDS.object(root, "attestation", "attestation");
        if (version == null && att == null) {
            return null;
        }
        if (!API_VERSION.equals(version)) {
            throw new MalformedEvidence("api_version", version == null ? "is missing beside an attestation object"
                    : "is '" + version + "'; only " + API_VERSION + " is defined");
        }
        if (att == null) {
            throw new MalformedEvidence("attestation", "is missing");
        }
        WorkloadKeyset keyset = WorkloadKeyset.read(att.path("workload_keyset"), "attestation.workload_keyset");
        String workloadId = FIELDS.text(root, "workload_id", "workload_id");
        if (workloadId != null && keyset.generation() != AciGeneration.EARLIER) {
            throw new MalformedEvidence("workload_id", "is served beside a keyset of the current form (no"
                    + " workload_identity): the two generations are mixed");
        }
        if (workloadId == null && keyset.generation() == AciGeneration.EARLIER) {
            throw new MalformedEvidence("workload_id", "is missing beside a keyset of the earlier form");
        }
        String digest = FIELDS.requiredText(root, "workload_keyset_digest", "workload_keyset_digest");
        byte[] reportData = FIELDS.hex(att, "report_data", "attestation.report_data", -1);
        if (reportData != null && reportData.length != 32 && reportData.length != 64) {
            throw new MalformedEvidence("attestation.report_data", "must be 32 bytes (a statement's hash) or 64 (a"
                    + " legacy report's REPORTDATA), got " + reportData.length);
        }
        JsonNode endorsement = FIELDS.object(att, "keyset_endorsement", "attestation.keyset_endorsement");
        JsonNode ev = FIELDS.object(att, "evidence", "attestation.evidence");
        JsonNode caps = FIELDS.object(root, "service_capabilities", "service_capabilities");
        JsonNode prov = FIELDS.object(att, "source_provenance", "attestation.source_provenance");
        return new AciEnvelope(keyset.generation(), workloadId, digest,
                FIELDS.text(att, "tee_type", "attestation.tee_type"), FIELDS.text(att, "vendor", "attestation.vendor"),
                keyset, reportData,
                endorsement == null ? null : FIELDS.requiredText(endorsement, "algo",
                        "attestation.keyset_endorsement.algo"),
                endorsement == null ? null : FIELDS.requiredHex(endorsement, "value",
                        "attestation.keyset_endorsement.value", -1),
                ev == null ? null : evidence(ev), caps == null ? List.of() : versions(caps),
                caps == null ? null : FIELDS.text(caps, "serving", "service_capabilities.serving"),
                prov == null ? null : FIELDS.text(prov, "repo_url", "attestation.source_provenance.repo_url"),
                prov == null ? null : FIELDS.text(prov, "repo_commit", "attestation.source_provenance.repo_commit"));
    }

    private static AciEvidence evidence(JsonNode ev) {
        String p = "attestation.evidence";
        JsonNode log = ev.path("event_log");
        if (!log.isMissingNode() && !log.isNull() && !log.isTextual() && !log.isArray()) {
            throw new MalformedEvidence(p + ".event_log", "must be an array (or a JSON string holding one)");
        }
        JsonNode tls = FIELDS.object(ev, "downstream_tls_binding", p + ".downstream_tls_binding");
        byte[] quoteReportData = FIELDS.hex(ev, "quote_report_data", p + ".quote_report_data", -1);
        if (quoteReportData != null && quoteReportData.length != 32 && quoteReportData.length != 64) {
            throw new MalformedEvidence(p + ".quote_report_data", "must be 64 bytes (or the 32 a statement's hash"
                    + " fills), got " + quoteReportData.length);
        }
        return new AciEvidence(FIELDS.text(ev, "quote", p + ".quote"), quoteReportData,
                log.isMissingNode() || log.isNull() ? null : log, VmConfig.read(ev, "vm_config", p + ".vm_config"),
                FIELDS.text(ev, "app_compose", p + ".app_compose"),
                tls == null ? null : FIELDS.text(tls, "domain", p + ".downstream_tls_binding.domain"),
                tls == null ? null : FIELDS.text(tls, "spki_sha256", p + ".downstream_tls_binding.spki_sha256"));
    }

    private static List<String> versions(JsonNode caps) {
        List<String> out = new ArrayList<>();
        JsonNode v = FIELDS.array(caps, "supported_e2ee_versions", "service_capabilities.supported_e2ee_versions");
        if (v != null) {
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isTextual()) {
                    throw new MalformedEvidence("service_capabilities.supported_e2ee_versions[" + i + "]",
                            "must be a string");
                }
                out.add(v.get(i).textValue());
            }
        }
        return List.copyOf(out);
    }

    /** The generation of its form. */
    public AciGeneration generation() {
        return generation;
    }

    /** The earlier form's {@code workload_id}. */
    public Optional<String> workloadId() {
        return Optional.ofNullable(workloadId);
    }

    /** {@code workload_keyset_digest} as served (compare with {@link WorkloadKeyset#digest()}). */
    public String servedKeysetDigest() {
        return servedKeysetDigest;
    }

    /** {@code attestation.tee_type} ({@code tdx}). */
    public Optional<String> teeType() {
        return Optional.ofNullable(teeType);
    }

    /** The earlier form's {@code attestation.vendor}. */
    public Optional<String> vendor() {
        return Optional.ofNullable(vendor);
    }

    /** {@code attestation.workload_keyset}. */
    public WorkloadKeyset keyset() {
        return keyset;
    }

    /**
     * {@code attestation.report_data} (a copy): 32 bytes on the gateway's own endpoint (the statement's hash), 64 in
     * a legacy report (address ‖ zeros ‖ nonce).
     */
    public Optional<byte[]> reportData() {
        return Optional.ofNullable(reportData).map(byte[]::clone);
    }

    /** The earlier form's {@code keyset_endorsement.algo}. */
    public Optional<String> endorsementAlgo() {
        return Optional.ofNullable(endorsementAlgo);
    }

    /** The earlier form's {@code keyset_endorsement.value} (a copy). */
    public Optional<byte[]> endorsement() {
        return Optional.ofNullable(endorsement).map(byte[]::clone);
    }

    /** {@code attestation.evidence}, when served. */
    public Optional<AciEvidence> evidence() {
        return Optional.ofNullable(evidence);
    }

    /** {@code service_capabilities.supported_e2ee_versions} (empty when not served). */
    public List<String> supportedE2eeVersions() {
        return supportedE2eeVersions;
    }

    /** {@code service_capabilities.serving} ({@code direct} or {@code aggregator}). */
    public Optional<String> serving() {
        return Optional.ofNullable(serving);
    }

    /** {@code attestation.source_provenance.repo_url}. */
    public Optional<String> repoUrl() {
        return Optional.ofNullable(repoUrl);
    }

    /** {@code attestation.source_provenance.repo_commit}. */
    public Optional<String> repoCommit() {
        return Optional.ofNullable(repoCommit);
    }
}
