package io.venice.e2ee.attestation.aci;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.dstack.VmConfig;

import java.util.Optional;

/**
 * {@code attestation.evidence} of an ACI report under the dstack TDX policy: the quote (hex), the 64 bytes it binds,
 * the event log and {@code vm_config} (JSON strings), the app compose, and the TLS key the report was fetched through.
 * {@code key_custody} is not read: its chains cover only the secp256k1 counterpart of the keys, and the statement in
 * the quote is what binds the keyset. Immutable.
 *
 * @param quote                the TDX quote as served, or null
 * @param quoteReportData      {@code quote_report_data} (64 bytes; 32 in the gateway's test fixtures), or null
 * @param eventLog             {@code event_log} as served (a JSON string or an array), or null
 * @param vmConfig             {@code vm_config}, or null
 * @param appCompose           {@code app_compose}, or null
 * @param tlsBindingDomain     {@code downstream_tls_binding.domain}, or null
 * @param tlsBindingSpkiSha256 {@code downstream_tls_binding.spki_sha256}, or null
 */
public record AciEvidence(String quote, byte[] quoteReportData, JsonNode eventLog, VmConfig vmConfig,
                          String appCompose, String tlsBindingDomain, String tlsBindingSpkiSha256) {
    /** Copies the mutable parts. */
    public AciEvidence {
        quoteReportData = quoteReportData == null ? null : quoteReportData.clone();
        eventLog = eventLog == null ? null : eventLog.deepCopy();
    }

    /** {@code quote_report_data} (a copy), or null. */
    @Override
    public byte[] quoteReportData() {
        return quoteReportData == null ? null : quoteReportData.clone();
    }

    /** {@code event_log} as served (a copy), or null. */
    @Override
    public JsonNode eventLog() {
        return eventLog == null ? null : eventLog.deepCopy();
    }

    /** {@code vm_config}, when served. */
    public Optional<VmConfig> vmConfigValue() {
        return Optional.ofNullable(vmConfig);
    }
}
