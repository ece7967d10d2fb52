package io.venice.e2ee.client.collateral;

import io.venice.e2ee.crypto.Hex;

import java.util.Locale;
import java.util.Objects;

/**
 * One piece of what verification at level {@code full} needs from outside the evidence, with what it depends on:
 * Intel's TCB info (by the platform's FMSPC), the TD quoting enclave's identity, the PCK CRL (by the CA that issued
 * the PCK certificate), the root CA's CRL, NVIDIA's remote attestation answer for the GPU evidence (by nonce) and
 * NVIDIA's key set.
 */
public sealed interface CollateralRequest {
    /** The piece's stable name: {@code tcb_info}, {@code qe_identity}, {@code pck_crl}, {@code root_ca_crl}, {@code nras} or {@code jwks}. */
    String piece();

    /** What it is, for people: e.g. {@code Intel TCB info for FMSPC 90c06f000000}. */
    String description();

    /** TDX TCB info of the platform family {@code fmspc} (12 hex digits, kept lower case). */
    record TcbInfo(String fmspc) implements CollateralRequest {
        /** Validates and normalises the FMSPC. */
        public TcbInfo {
            Objects.requireNonNull(fmspc, "fmspc");
            if (fmspc.length() != 12 || !Hex.isHex(fmspc)) {
                throw new IllegalArgumentException("an FMSPC is 12 hex digits, got '" + fmspc + "'");
            }
            fmspc = fmspc.toLowerCase(Locale.ROOT);
        }

        @Override
        public String piece() {
            return "tcb_info";
        }

        @Override
        public String description() {
            return "Intel TCB info for FMSPC " + fmspc;
        }
    }

    /** The TD quoting enclave's identity. */
    record QeIdentity() implements CollateralRequest {
        @Override
        public String piece() {
            return "qe_identity";
        }

        @Override
        public String description() {
            return "Intel TD QE identity";
        }
    }

    /** The CRL of the PCK CA {@code ca}: {@code platform} or {@code processor}. */
    record PckCrl(String ca) implements CollateralRequest {
        /** Validates the CA type. */
        public PckCrl {
            Objects.requireNonNull(ca, "ca");
            ca = ca.toLowerCase(Locale.ROOT);
            if (!ca.equals("platform") && !ca.equals("processor")) {
                throw new IllegalArgumentException("the PCK CA is platform or processor, got '" + ca + "'");
            }
        }

        @Override
        public String piece() {
            return "pck_crl";
        }

        @Override
        public String description() {
            return "Intel PCK CRL of the " + ca + " CA";
        }
    }

    /** The root CA's CRL. */
    record RootCaCrl() implements CollateralRequest {
        @Override
        public String piece() {
            return "root_ca_crl";
        }

        @Override
        public String description() {
            return "Intel root CA CRL";
        }
    }

    /**
     * NVIDIA's remote attestation of the GPU evidence {@code payload} (the attestation's {@code nvidia_payload},
     * sent as served), requested with {@code nonce}.
     */
    record NrasAttestation(String nonce, byte[] payload) implements CollateralRequest {
        /** Validates and copies. */
        public NrasAttestation {
            Objects.requireNonNull(nonce, "nonce");
            payload = Objects.requireNonNull(payload, "payload").clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public String piece() {
            return "nras";
        }

        @Override
        public String description() {
            return "NVIDIA remote attestation of the GPU evidence";
        }

        /** Short form: never the evidence itself. */
        @Override
        public String toString() {
            return "NrasAttestation[nonce=" + nonce + ", " + payload.length + " payload bytes]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NrasAttestation n && n.nonce.equals(nonce) && java.util.Arrays.equals(n.payload, payload);
        }

        @Override
        public int hashCode() {
            return nonce.hashCode() * 31 + java.util.Arrays.hashCode(payload);
        }
    }

    /** NVIDIA's remote attestation key set (JWKS). */
    record NrasKeySet() implements CollateralRequest {
        @Override
        public String piece() {
            return "jwks";
        }

        @Override
        public String description() {
            return "NVIDIA remote attestation key set";
        }
    }
}
