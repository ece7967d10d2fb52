package io.venice.e2ee.attestation.dcap;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.tdx.QeReport;
import io.venice.e2ee.crypto.Hex;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * A quoting enclave identity as Intel publishes it ({@code /tdx/certification/v4/qe/identity}): which enclave may sign
 * quotes (MRSIGNER, ISVPRODID, MISCSELECT and ATTRIBUTES under their masks) and the TCB status of each of its ISVSVNs.
 * {@link #INTEL_TD_QE} is Intel's published TD quoting enclave identity, built in for level {@code dcap}; at level
 * {@code full} the identity comes from Intel's signed collateral. Immutable.
 */
public final class QeIdentity {
    /** One TCB level of the enclave: from {@code isvSvn} on, {@code status}. */
    public record Level(int isvSvn, Instant tcbDate, TcbStatus status, List<String> advisoryIds) {
        /** Validates the parts. */
        public Level {
            Objects.requireNonNull(status, "status");
            advisoryIds = List.copyOf(advisoryIds);
        }
    }

    /**
     * Intel's TD quoting enclave as every TD_QE identity Intel has published says (TCB evaluation data numbers 15 to
     * 18): MRSIGNER {@code dc9e2a7c…a8c5}, ISVPRODID 2, MISCSELECT 0 under mask {@code ffffffff}, ATTRIBUTES
     * {@code 11} (INIT and PROVISIONKEY set, DEBUG clear) under mask {@code fbffffffffffffff} on the first eight bytes.
     * Its levels are not built in: an ISVSVN's status needs current collateral.
     */
    public static final QeIdentity INTEL_TD_QE = new QeIdentity("TD_QE", 2, null, null,
            Hex.decode("00000000"), Hex.decode("ffffffff"),
            Hex.decode("11000000000000000000000000000000"), Hex.decode("fbffffffffffffff0000000000000000"),
            Hex.decode("dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5"), 2, List.of());

    private static final java.util.Set<TcbStatus> LEVEL_STATUSES = EnumSet.of(TcbStatus.UP_TO_DATE,
            TcbStatus.CONFIGURATION_NEEDED, TcbStatus.OUT_OF_DATE, TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED,
            TcbStatus.REVOKED);

    private final String id;
    private final int version;
    private final Instant issueDate;
    private final Instant nextUpdate;
    private final byte[] miscSelect;
    private final byte[] miscSelectMask;
    private final byte[] attributes;
    private final byte[] attributesMask;
    private final byte[] mrSigner;
    private final int isvProdId;
    private final List<Level> levels;

    private QeIdentity(String id, int version, Instant issueDate, Instant nextUpdate, byte[] miscSelect,
                       byte[] miscSelectMask, byte[] attributes, byte[] attributesMask, byte[] mrSigner, int isvProdId,
                       List<Level> levels) {
        this.id = id;
        this.version = version;
        this.issueDate = issueDate;
        this.nextUpdate = nextUpdate;
        this.miscSelect = miscSelect;
        this.miscSelectMask = miscSelectMask;
        this.attributes = attributes;
        this.attributesMask = attributesMask;
        this.mrSigner = mrSigner;
        this.isvProdId = isvProdId;
        List<Level> sorted = new ArrayList<>(levels);
        // Intel's parser sorts by ISVSVN, highest first, and takes the first level at or below the enclave's
        sorted.sort(Comparator.comparingInt(Level::isvSvn).reversed());
        this.levels = List.copyOf(sorted);
    }

    /**
     * Parses the signed {@code enclaveIdentity} JSON (the object itself, or the PCS answer wrapping it) with the
     * fields and forms Intel's parser requires; the {@code id} and {@code version} are read, and judged by
     * {@link TcbEvaluator}.
     *
     * @throws io.venice.e2ee.attestation.error.AttestationException.MalformedCollateral naming the field at fault
     */
    public static QeIdentity parse(String text) {
        String at = "qe_identity";
        JsonNode n = CollateralJson.signedObject(at, text, "enclaveIdentity");
        List<Level> levels = new ArrayList<>();
        List<JsonNode> raw = CollateralJson.array(n, "tcbLevels", at, true);
        for (int i = 0; i < raw.size(); i++) {
            String l = at + ".tcbLevels[" + i + "]";
            JsonNode level = raw.get(i);
            levels.add(new Level(CollateralJson.integer(CollateralJson.member(level, "tcb", l), "isvsvn", l + ".tcb",
                    0, 0xffff), CollateralJson.instant(level, "tcbDate", l),
                    CollateralJson.status(level, l, LEVEL_STATUSES), CollateralJson.advisories(level, l)));
        }
        return new QeIdentity(CollateralJson.text(n, "id", at), CollateralJson.integer(n, "version", at, 0,
                Integer.MAX_VALUE), CollateralJson.instant(n, "issueDate", at),
                CollateralJson.instant(n, "nextUpdate", at), CollateralJson.hex(n, "miscselect", at, 4),
                CollateralJson.hex(n, "miscselectMask", at, 4), CollateralJson.hex(n, "attributes", at, 16),
                CollateralJson.hex(n, "attributesMask", at, 16), CollateralJson.hex(n, "mrsigner", at, 32),
                CollateralJson.integer(n, "isvprodid", at, 0, 0xffff), levels);
    }

    /**
     * Why {@code qe} is not this enclave, checked in the order of Intel's {@code EnclaveReportVerifier}: MISCSELECT
     * and ATTRIBUTES under their masks (both read in the report's own byte order, MISCSELECT being little-endian in
     * the report and in Intel's hex alike), MRSIGNER, ISVPRODID; null when it is.
     */
    public String mismatch(QeReport qe) {
        if (!masked(qe.miscSelect(), miscSelectMask, miscSelect)) {
            return "MISCSELECT " + Hex.encode(qe.miscSelect()) + " under mask " + Hex.encode(miscSelectMask) + " is not "
                    + Hex.encode(miscSelect);
        }
        if (!masked(qe.attributes(), attributesMask, attributes)) {
            return "ATTRIBUTES " + Hex.encode(qe.attributes()) + " under mask " + Hex.encode(attributesMask) + " are not "
                    + Hex.encode(attributes) + ((qe.attributes()[0] & 0x02) != 0 ? " (the enclave is a debug enclave)"
                    : "");
        }
        if (!Arrays.equals(qe.mrSigner(), mrSigner)) {
            return "MRSIGNER " + Hex.encode(qe.mrSigner()) + " is not " + Hex.encode(mrSigner);
        }
        if (qe.isvProdId() != isvProdId) {
            return "ISVPRODID " + qe.isvProdId() + " is not " + isvProdId;
        }
        return null;
    }

    /** The level of ISVSVN {@code isvSvn}: the highest level at or below it, or null when it is below every level. */
    public Level levelOf(int isvSvn) {
        for (Level l : levels) {
            if (isvSvn >= l.isvSvn()) {
                return l;
            }
        }
        return null;
    }

    /** The identity's id: {@code TD_QE} for the TD quoting enclave. */
    public String id() {
        return id;
    }

    /** The identity format version (Intel's rules read version 2). */
    public int version() {
        return version;
    }

    /** When Intel issued it (null for the built-in identity). */
    public Instant issueDate() {
        return issueDate;
    }

    /** When Intel will issue the next one (null for the built-in identity). */
    public Instant nextUpdate() {
        return nextUpdate;
    }

    /** MRSIGNER (32 bytes). */
    public byte[] mrSigner() {
        return mrSigner.clone();
    }

    /** ISVPRODID. */
    public int isvProdId() {
        return isvProdId;
    }

    /** The levels, highest ISVSVN first. */
    public List<Level> levels() {
        return levels;
    }

    private static boolean masked(byte[] value, byte[] mask, byte[] expected) {
        if (value.length != mask.length || value.length != expected.length) {
            return false;
        }
        for (int i = 0; i < value.length; i++) {
            // as Intel's verifier does: the report is masked, the expected value is compared as published
            if ((byte) (value[i] & mask[i]) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
