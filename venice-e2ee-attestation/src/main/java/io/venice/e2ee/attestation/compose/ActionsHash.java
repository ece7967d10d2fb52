package io.venice.e2ee.attestation.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.jcs.CompactJson;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The compose-manager's {@code actions_hash}: SHA-256 of its actions as compact JSON (raw UTF-8, no whitespace). The
 * member order inside each action has changed over time, and the served order does not say which one was hashed (in
 * April 2026 NEAR served alphabetical order and hashed the fixed field order), so the three orders seen in real
 * evidence are each tried and the one that matched is reported.
 */
public final class ActionsHash {

    /** The member orders seen in real evidence, the current one first. */
    public enum Form {
        /** Members sorted by name (NEAR from June 2026 on; its verifier's documented rule). */
        SORTED_KEYS("members sorted by name"),
        /** Members in the order served (NEAR in early June 2026). */
        SERVED_ORDER("members in the order served"),
        /**
         * The compose-manager's own field order: {@code timestamp, action, tag, commit, file, file_sha256, services,
         * container, image}, then any other member in the order served (Venice and NEAR in April 2026).
         */
        STRUCT_ORDER("members in the compose-manager's field order");

        private final String description;

        Form(String description) {
            this.description = description;
        }

        /** What the form is, for people. */
        public String description() {
            return description;
        }
    }

    /** The compose-manager's field order (where container and image fall relative to the others is not pinned by data). */
    static final List<String> STRUCT_ORDER = List.of("timestamp", "action", "tag", "commit", "file", "file_sha256",
            "services", "container", "image");

    private ActionsHash() {
    }

    /**
     * The bytes {@code form} hashes for {@code actions} (the served JSON array).
     *
     * @throws io.venice.e2ee.attestation.jcs.CanonicalizationException for a value with no single compact form (a
     *                                                                   non-integer number, an unpaired surrogate)
     */
    public static byte[] canonical(JsonNode actions, Form form) {
        CompactJson.MemberOrder order = switch (form) {
            case SORTED_KEYS -> CompactJson.MemberOrder.sortedByCodePoint();
            case SERVED_ORDER -> CompactJson.MemberOrder.served();
            case STRUCT_ORDER -> ActionsHash::structOrder;
        };
        return CompactJson.write(actions, order);
    }

    /** SHA-256 of {@link #canonical(JsonNode, Form)}. */
    public static byte[] hash(JsonNode actions, Form form) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(canonical(actions, form));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Every form whose hash of {@code actions} is {@code expected}, in {@link Form} order; empty when none is. */
    public static List<Form> matching(JsonNode actions, byte[] expected) {
        List<Form> out = new ArrayList<>();
        for (Form f : Form.values()) {
            if (MessageDigest.isEqual(hash(actions, f), expected)) {
                out.add(f);
            }
        }
        return List.copyOf(out);
    }

    /** The field order for an action object (one level below the array); nested objects keep their served order. */
    private static List<String> structOrder(String path, List<String> served) {
        if (!path.matches("\\$\\[\\d+]")) {
            return served;
        }
        List<String> out = new ArrayList<>(served.size());
        for (String name : STRUCT_ORDER) {
            if (served.contains(name)) {
                out.add(name);
            }
        }
        for (String name : served) {
            if (!STRUCT_ORDER.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }
}
