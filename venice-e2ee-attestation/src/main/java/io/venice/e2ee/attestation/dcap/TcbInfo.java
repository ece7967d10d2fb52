package io.venice.e2ee.attestation.dcap;

import com.fasterxml.jackson.databind.JsonNode;
import io.venice.e2ee.attestation.error.AttestationException.MalformedCollateral;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Intel's TCB info for one platform family ({@code /tdx/certification/v4/tcb}), parsed with the fields, forms and
 * ordering Intel's {@code TcbInfo} parser requires: its FMSPC and PCE-ID, dates, TCB levels (16 SGX components, PCESVN
 * and 16 TDX components each) sorted the way Intel sorts them, and the TDX module and its identities. Duplicate levels
 * are refused, as Intel refuses them. Immutable.
 */
public final class TcbInfo {

    /** One platform TCB level: from these SVNs on, {@code status}. */
    public record Level(int[] sgxComponents, int pceSvn, int[] tdxComponents, Instant tcbDate, TcbStatus status,
                        List<String> advisoryIds) {
        /** Validates and copies the parts. */
        public Level {
            sgxComponents = sgxComponents.clone();
            tdxComponents = tdxComponents.clone();
            Objects.requireNonNull(status, "status");
            advisoryIds = List.copyOf(advisoryIds);
        }

        /** The 16 SGX component SVNs (a copy). */
        @Override
        public int[] sgxComponents() {
            return sgxComponents.clone();
        }

        /** The 16 TDX component SVNs (a copy). */
        @Override
        public int[] tdxComponents() {
            return tdxComponents.clone();
        }

        /** TDX component {@code i}. */
        public int tdxComponent(int i) {
            return tdxComponents[i];
        }
    }

    /** One level of a TDX module identity: from ISVSVN {@code isvSvn} on, {@code status}. */
    public record ModuleLevel(int isvSvn, Instant tcbDate, TcbStatus status, List<String> advisoryIds) {
        /** Validates and copies the parts. */
        public ModuleLevel {
            Objects.requireNonNull(status, "status");
            advisoryIds = List.copyOf(advisoryIds);
        }
    }

    /** The TDX module's signer and attributes, and for a module identity ({@code TDX_01}, ...) its levels. */
    public record Module(String id, byte[] mrSigner, byte[] attributes, byte[] attributesMask, List<ModuleLevel> levels) {
        /** Validates and copies the parts; levels are sorted by ISVSVN, highest first, as Intel sorts them. */
        public Module {
            mrSigner = mrSigner.clone();
            attributes = attributes.clone();
            attributesMask = attributesMask.clone();
            List<ModuleLevel> sorted = new ArrayList<>(levels);
            sorted.sort(Comparator.comparingInt(ModuleLevel::isvSvn).reversed());
            levels = List.copyOf(sorted);
        }

        /** MRSIGNER of the module (48 bytes, a copy). */
        @Override
        public byte[] mrSigner() {
            return mrSigner.clone();
        }

        /** The attributes the module must have (8 bytes, a copy). */
        @Override
        public byte[] attributes() {
            return attributes.clone();
        }

        /** The mask published with them (8 bytes, a copy; Intel's verifier does not apply it). */
        @Override
        public byte[] attributesMask() {
            return attributesMask.clone();
        }

        /** The level of module ISVSVN {@code isvSvn}: the highest at or below it, or null when below every level. */
        public ModuleLevel levelOf(int isvSvn) {
            for (ModuleLevel l : levels) {
                if (isvSvn >= l.isvSvn()) {
                    return l;
                }
            }
            return null;
        }
    }

    /** Intel's order of TCB levels (TcbLevel::operator&gt;): SGX SVNs, then TDX SVNs at equal PCESVN, else PCESVN. */
    static final Comparator<Level> INTEL_ORDER = (a, b) -> {
        int c = Arrays.compare(a.sgxComponents, b.sgxComponents);
        if (c != 0) {
            return c;
        }
        return a.pceSvn == b.pceSvn ? Arrays.compare(a.tdxComponents, b.tdxComponents)
                : Integer.compare(a.pceSvn, b.pceSvn);
    };

    private final String id;
    private final int version;
    private final Instant issueDate;
    private final Instant nextUpdate;
    private final byte[] fmspc;
    private final byte[] pceId;
    private final Module tdxModule;
    private final List<Module> tdxModuleIdentities;
    private final List<Level> levels;

    private TcbInfo(String id, int version, Instant issueDate, Instant nextUpdate, byte[] fmspc, byte[] pceId,
                    Module tdxModule, List<Module> tdxModuleIdentities, List<Level> levels) {
        this.id = id;
        this.version = version;
        this.issueDate = issueDate;
        this.nextUpdate = nextUpdate;
        this.fmspc = fmspc;
        this.pceId = pceId;
        this.tdxModule = tdxModule;
        this.tdxModuleIdentities = tdxModuleIdentities;
        this.levels = levels;
    }

    /**
     * Parses the signed {@code tcbInfo} JSON (the object itself, or the PCS answer wrapping it).
     *
     * @throws MalformedCollateral naming the field at fault, or the duplicated level
     */
    public static TcbInfo parse(String text) {
        String at = "tcb_info";
        JsonNode n = CollateralJson.signedObject(at, text, "tcbInfo");
        int version = CollateralJson.integer(n, "version", at, 0, Integer.MAX_VALUE);
        if (version != 2 && version != 3) {
            throw new MalformedCollateral(at + ".version", "is " + version + "; Intel's rules read versions 2 and 3");
        }
        String id = version == 3 ? CollateralJson.text(n, "id", at) : "SGX";
        if (!id.equals("SGX") && !id.equals("TDX")) {
            throw new MalformedCollateral(at + ".id", "is '" + id + "'; it is SGX or TDX");
        }
        if (CollateralJson.integer(n, "tcbType", at, 0, Integer.MAX_VALUE) != 0) {
            throw new MalformedCollateral(at + ".tcbType", "must be 0, the only TCB type Intel defines");
        }
        CollateralJson.integer(n, "tcbEvaluationDataNumber", at, 0, Integer.MAX_VALUE);
        boolean tdx = id.equals("TDX");
        Module module = null;
        List<Module> identities = new ArrayList<>();
        if (tdx) {
            JsonNode m = CollateralJson.member(n, "tdxModule", at);
            module = module(m, at + ".tdxModule", null, List.of());
            if (!n.path("tdxModuleIdentities").isMissingNode()) {
                List<JsonNode> raw = CollateralJson.array(n, "tdxModuleIdentities", at, true);
                for (int i = 0; i < raw.size(); i++) {
                    identities.add(identity(raw.get(i), at + ".tdxModuleIdentities[" + i + "]"));
                }
            }
        }
        List<Level> levels = new ArrayList<>();
        List<JsonNode> raw = CollateralJson.array(n, "tcbLevels", at, true);
        for (int i = 0; i < raw.size(); i++) {
            levels.add(level(raw.get(i), at + ".tcbLevels[" + i + "]", tdx));
        }
        levels.sort(INTEL_ORDER.reversed());
        for (int i = 1; i < levels.size(); i++) {
            if (INTEL_ORDER.compare(levels.get(i - 1), levels.get(i)) == 0) {
                throw new MalformedCollateral(at + ".tcbLevels", "lists the same TCB level twice");
            }
        }
        return new TcbInfo(id, version, CollateralJson.instant(n, "issueDate", at),
                CollateralJson.instant(n, "nextUpdate", at), CollateralJson.hex(n, "fmspc", at, 6),
                CollateralJson.hex(n, "pceId", at, 2), module, List.copyOf(identities), List.copyOf(levels));
    }

    private static Module identity(JsonNode n, String at) {
        String id = CollateralJson.text(n, "id", at);
        List<ModuleLevel> levels = new ArrayList<>();
        List<JsonNode> raw = CollateralJson.array(n, "tcbLevels", at, true);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String l = at + ".tcbLevels[" + i + "]";
            JsonNode level = raw.get(i);
            int isvSvn = CollateralJson.integer(CollateralJson.member(level, "tcb", l), "isvsvn", l + ".tcb", 0, 255);
            if (!seen.add(isvSvn)) {
                throw new MalformedCollateral(l, "repeats ISVSVN " + isvSvn);
            }
            levels.add(new ModuleLevel(isvSvn, CollateralJson.instant(level, "tcbDate", l),
                    CollateralJson.status(level, l, TcbStatus.collateralStatuses()), CollateralJson.advisories(level, l)));
        }
        return module(n, at, id, levels);
    }

    private static Module module(JsonNode n, String at, String id, List<ModuleLevel> levels) {
        return new Module(id, CollateralJson.hex(n, "mrsigner", at, 48), CollateralJson.hex(n, "attributes", at, 8),
                CollateralJson.hex(n, "attributesMask", at, 8), levels);
    }

    private static Level level(JsonNode n, String at, boolean tdx) {
        JsonNode tcb = CollateralJson.member(n, "tcb", at);
        int[] sgx = components(tcb, "sgxtcbcomponents", at + ".tcb");
        int[] tdxComponents = tdx ? components(tcb, "tdxtcbcomponents", at + ".tcb") : new int[16];
        return new Level(sgx, CollateralJson.integer(tcb, "pcesvn", at + ".tcb", 0, 0xffff), tdxComponents,
                CollateralJson.instant(n, "tcbDate", at), CollateralJson.status(n, at, TcbStatus.collateralStatuses()),
                CollateralJson.advisories(n, at));
    }

    private static int[] components(JsonNode tcb, String field, String at) {
        List<JsonNode> raw = CollateralJson.array(tcb, field, at, true);
        if (raw.size() != 16) {
            throw new MalformedCollateral(at + "." + field, "has " + raw.size() + " components; a TCB level has 16");
        }
        int[] out = new int[16];
        for (int i = 0; i < 16; i++) {
            out[i] = CollateralJson.integer(raw.get(i), "svn", at + "." + field + "[" + i + "]", 0, 255);
        }
        return out;
    }

    /** {@code TDX} or {@code SGX}. */
    public String id() {
        return id;
    }

    /** The format version (2 or 3). */
    public int version() {
        return version;
    }

    /** When Intel issued it. */
    public Instant issueDate() {
        return issueDate;
    }

    /** When Intel will issue the next one. */
    public Instant nextUpdate() {
        return nextUpdate;
    }

    /** The platform family (6 bytes, a copy). */
    public byte[] fmspc() {
        return fmspc.clone();
    }

    /** The PCE id (2 bytes, a copy). */
    public byte[] pceId() {
        return pceId.clone();
    }

    /** The TDX module's signer and attributes (null for SGX TCB info). */
    public Module tdxModule() {
        return tdxModule;
    }

    /** The TDX module identities, empty when none is listed. */
    public List<Module> tdxModuleIdentities() {
        return tdxModuleIdentities;
    }

    /** The identity {@code TDX_<version as two hex digits>}, compared as Intel does (upper case). */
    public Optional<Module> tdxModuleIdentity(int moduleVersion) {
        String want = String.format(Locale.ROOT, "TDX_%02X", moduleVersion);
        return tdxModuleIdentities.stream().filter(m -> m.id().toUpperCase(Locale.ROOT).equals(want)).findFirst();
    }

    /** The platform TCB levels, in Intel's order: the highest first. */
    public List<Level> levels() {
        return levels;
    }
}
