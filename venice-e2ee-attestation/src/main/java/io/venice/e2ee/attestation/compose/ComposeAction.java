package io.venice.e2ee.attestation.compose;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One deployment action the dstack compose-manager recorded and attested: what it did ({@code compose_up},
 * {@code compose_down}, container actions), when, and which compose file at which tag and commit with which
 * SHA-256; members of other names are kept as served (their JSON text). Immutable.
 *
 * @param timestamp  {@code timestamp} as served (RFC 3339 with nanoseconds)
 * @param action     {@code action}
 * @param tag        {@code tag}, or null
 * @param commit     {@code commit}, or null
 * @param file       {@code file}, or null
 * @param fileSha256 {@code file_sha256}, or null
 * @param services   {@code services} (empty when not served)
 * @param container  {@code container}, or null
 * @param image      {@code image}, or null
 * @param other      any other member, by name, as its JSON text
 */
public record ComposeAction(String timestamp, String action, String tag, String commit, String file, String fileSha256,
                            List<String> services, String container, String image, Map<String, String> other) {
    /** Copies the collections. */
    public ComposeAction {
        Objects.requireNonNull(action, "action");
        services = List.copyOf(services);
        other = Map.copyOf(other);
    }

    /** One line for people: timestamp, action, file at tag (commit), its SHA-256, services, container, image. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(timestamp == null ? "(no time)" : timestamp).append(' ').append(action);
        if (file != null) {
            sb.append(' ').append(file);
        }
        if (tag != null) {
            sb.append(" at ").append(tag);
        }
        if (commit != null) {
            sb.append(" (commit ").append(commit).append(')');
        }
        if (fileSha256 != null) {
            sb.append(" sha256 ").append(fileSha256);
        }
        if (!services.isEmpty()) {
            sb.append(" services ").append(String.join(",", services));
        }
        if (container != null) {
            sb.append(" container ").append(container);
        }
        if (image != null) {
            sb.append(" image ").append(image);
        }
        return sb.toString();
    }
}
