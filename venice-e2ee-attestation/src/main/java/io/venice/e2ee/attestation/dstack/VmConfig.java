package io.venice.e2ee.attestation.dstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.error.AttestationException.MalformedEvidence;
import io.venice.e2ee.attestation.internal.JsonFields;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A dstack CVM's {@code vm_config} (served as a JSON string beside the quote): how many GPUs were passed to the
 * confidential VM, its image and OS image hash. It is the host's launch configuration, not a measurement: it says
 * whether a TD was launched with GPUs (a NEAR model node: 8; the gateway that fronts Venice's {@code -p} models: 0),
 * which decides where a prompt is decrypted. Immutable.
 */
public final class VmConfig {
    private static final JsonFields FIELDS = new JsonFields(MalformedEvidence::new);

    private final Long numGpus;
    private final String image;
    private final String osImageHash;
    private final String json;

    private VmConfig(Long numGpus, String image, String osImageHash, String json) {
        this.numGpus = numGpus;
        this.image = image;
        this.osImageHash = osImageHash;
        this.json = json;
    }

    /**
     * The {@code vm_config} member {@code key} of {@code node} (an object or a JSON string holding one), or null when
     * it is absent.
     *
     * @throws MalformedEvidence naming {@code path} when it is served in another form
     */
    public static VmConfig read(JsonNode node, String key, String path) {
        JsonNode o = FIELDS.objectOrJsonString(node, key, path);
        if (o == null) {
            return null;
        }
        return new VmConfig(FIELDS.count(o, "num_gpus", path + ".num_gpus"), FIELDS.text(o, "image", path + ".image"),
                FIELDS.text(o, "os_image_hash", path + ".os_image_hash"), o.toString());
    }

    /** {@code num_gpus}: how many GPUs the VM was launched with, when stated. */
    public OptionalLong numGpus() {
        return numGpus == null ? OptionalLong.empty() : OptionalLong.of(numGpus);
    }

    /** {@code image}, e.g. {@code dstack-nvidia-0.5.5}. */
    public Optional<String> image() {
        return Optional.ofNullable(image);
    }

    /** {@code os_image_hash}. */
    public Optional<String> osImageHash() {
        return Optional.ofNullable(osImageHash);
    }

    /** The whole configuration as compact JSON. */
    public String json() {
        return json;
    }

    @Override
    public String toString() {
        return json;
    }
}
