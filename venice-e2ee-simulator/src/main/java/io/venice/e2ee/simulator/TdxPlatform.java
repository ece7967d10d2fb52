package io.venice.e2ee.simulator;

import io.venice.e2ee.attestation.dcap.QeIdentity;
import io.venice.e2ee.attestation.tdx.QeReport;
import io.venice.e2ee.attestation.tdx.TdReport;
import io.venice.e2ee.attestation.tdx.TdReport.Field;
import io.venice.e2ee.attestation.tdx.TdxQuote;
import io.venice.e2ee.crypto.Hex;
import io.venice.e2ee.testing.pki.Curve;
import io.venice.e2ee.testing.pki.IntelPki;
import io.venice.e2ee.testing.pki.Pems;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A synthetic TDX platform: a boot event log whose SHA-384 replay gives the RTMRs, an app compose whose SHA-256
 * is in MRCONFIGID ({@code 01 ‖ hash}), a quoting enclave whose report binds the attestation key and is signed by
 * the PCK leaf, and version 4 quotes over a TD report carrying the caller's REPORTDATA, written by the attestation
 * module's quote codec ({@link TdxQuote.Writer}).
 */
final class TdxPlatform {
    /** TDATTRIBUTES of a production TD: SEPT_VE_DISABLE (bit 28) set, DEBUG (bit 0) clear. */
    static final byte[] TD_ATTRIBUTES = Hex.decode("0000001000000000");
    static final byte[] XFAM = Hex.decode("e702060000000000");
    static final byte[] TEE_TCB_SVN = Hex.decode("07010300000000000000000000000000");
    /** dstack's event type for application events (extended into RTMR3). */
    static final long DSTACK_EVENT_TYPE = 0x08000001L;
    /** The quoting enclave's MRSIGNER, ISVPRODID (2: the TD QE) and ISVSVN, which the simulated QE identity lists. */
    /** Intel's TD quoting enclave signer, product 2: what verifiers require of a TD QE and the simulated PCS serves. */
    static final byte[] QE_MRSIGNER = QeIdentity.INTEL_TD_QE.mrSigner();
    static final int QE_ISV_PROD_ID = 2;
    static final int QE_ISV_SVN = 8;

    /** One event-log entry as served: the RTMR index, the event type, its SHA-384 digest, name and payload. */
    record Event(int imr, long eventType, byte[] digest, String event, byte[] payload) {
    }

    private final KeyPair attestationKeys;
    private final byte[] attestationPublicKey;
    private final QeReport qeReport;
    private final byte[] qeReportSignature;
    private final byte[] qeAuthData;
    private final String pckChainPem;
    private final String appCompose;
    private final byte[] composeHash;
    private final List<Event> eventLog;
    private final byte[] mrtd;
    private final byte[] mrseam;
    private final byte[] mrconfigid;
    private final byte[][] rtmrs;
    private final String appId;
    private final String instanceId;
    private final String osImageHash;
    private final String keyProviderInfo;

    TdxPlatform(IntelPki pki) {
        this.attestationKeys = Curve.P256.generate();
        this.attestationPublicKey = Curve.P256.rawPublicKey(attestationKeys.getPublic());
        this.qeAuthData = new byte[32];
        for (int i = 0; i < qeAuthData.length; i++) {
            qeAuthData[i] = (byte) i;
        }
        this.qeReport = qeReport(attestationPublicKey, qeAuthData);
        this.qeReportSignature = Curve.P256.signRaw(pki.pck().keys().getPrivate(), qeReport.raw());
        this.pckChainPem = Pems.chain(pki.pckChain());

        this.appId = Hex.encode(sha256("venice-e2ee simulator app id".getBytes(StandardCharsets.US_ASCII)), 0, 20);
        this.instanceId = Hex.encode(sha256("venice-e2ee simulator instance id".getBytes(StandardCharsets.US_ASCII)), 0, 20);
        this.osImageHash = Hex.encode(sha256("venice-e2ee simulator OS image".getBytes(StandardCharsets.US_ASCII)));
        this.keyProviderInfo = "{\"name\":\"kms\",\"id\":\"venice-e2ee-simulator\"}";
        this.appCompose = "{\n    \"manifest_version\": 2,\n    \"name\": \"venice-e2ee-simulator\",\n"
                + "    \"runner\": \"docker-compose\",\n"
                + "    \"docker_compose_file\": \"services:\\n  model:\\n    image: venice-e2ee/simulator:local\\n\",\n"
                + "    \"kms_enabled\": true,\n    \"gateway_enabled\": false,\n    \"local_key_provider_enabled\": false,\n"
                + "    \"no_instance_id\": false,\n    \"secure_time\": false\n}";
        this.composeHash = sha256(appCompose.getBytes(StandardCharsets.UTF_8));
        this.mrtd = sha384("venice-e2ee simulator MRTD".getBytes(StandardCharsets.US_ASCII));
        this.mrseam = sha384("venice-e2ee simulator MRSEAM".getBytes(StandardCharsets.US_ASCII));
        this.mrconfigid = new byte[48];
        mrconfigid[0] = 0x01;
        System.arraycopy(composeHash, 0, mrconfigid, 1, 32);
        this.eventLog = List.copyOf(bootEvents());
        this.rtmrs = replay(eventLog);
    }

    /** A quote over REPORTDATA {@code reportData} (64 bytes); {@code debug} sets TDATTRIBUTES.DEBUG. */
    byte[] quote(byte[] reportData, boolean debug) {
        return quote(reportData, debug, false);
    }

    /**
     * A quote over REPORTDATA {@code reportData}; {@code otherTd} makes it the quote of another TD of the same image
     * (a different RTMR3, as another instance's runtime events would give), validly signed.
     */
    byte[] quote(byte[] reportData, boolean debug, boolean otherTd) {
        TdReport.Builder body = body(reportData, debug);
        if (otherTd) {
            body.set(Field.rtmr(3), sha384(rtmrs[3]));
        }
        return signed(body, attestationKeys, attestationPublicKey);
    }

    /**
     * A quote over {@code reportData} signed by a fresh attestation key that this platform's quoting enclave never
     * certified: the QE report (validly signed by the PCK) binds the platform's own key, not this one.
     */
    byte[] quoteByUncertifiedKey(byte[] reportData) {
        KeyPair other = Curve.P256.generate();
        return signed(body(reportData, false), other, Curve.P256.rawPublicKey(other.getPublic()));
    }

    /** This TD's report body over {@code reportData}. */
    private TdReport.Builder body(byte[] reportData, boolean debug) {
        TdReport.Builder body = TdReport.builder().set(Field.TEE_TCB_SVN, TEE_TCB_SVN).set(Field.MRSEAM, mrseam)
                .set(Field.TDATTRIBUTES, TD_ATTRIBUTES).debug(debug).set(Field.XFAM, XFAM).set(Field.MRTD, mrtd)
                .set(Field.MRCONFIGID, mrconfigid).set(Field.REPORTDATA, reportData);
        for (int i = 0; i < rtmrs.length; i++) {
            body.set(Field.rtmr(i), rtmrs[i]);
        }
        return body;
    }

    /** The quote of {@code body} signed by {@code keys}, with this platform's QE report, its signature and chain. */
    private byte[] signed(TdReport.Builder body, KeyPair keys, byte[] publicKey) {
        TdxQuote.Writer quote = TdxQuote.writer().userData(headerUserData(publicKey)).body(body.build())
                .attestationKey(publicKey).qeReport(qeReport).qeReportSignature(qeReportSignature)
                .qeAuthData(qeAuthData).pckChainPem(pckChainPem);
        return quote.write(Curve.P256.signRaw(keys.getPrivate(), quote.signedRegion()));
    }

    String appCompose() {
        return appCompose;
    }

    String composeHashHex() {
        return Hex.encode(composeHash);
    }

    List<Event> eventLog() {
        return eventLog;
    }

    String mrtdHex() {
        return Hex.encode(mrtd);
    }

    String mrconfigidHex() {
        return Hex.encode(mrconfigid);
    }

    String rtmrHex(int index) {
        return Hex.encode(rtmrs[index]);
    }

    String appId() {
        return appId;
    }

    String instanceId() {
        return instanceId;
    }

    /** The OS image hash recorded in RTMR3 (event {@code os-image-hash}). */
    String osImageHash() {
        return osImageHash;
    }

    /** The key provider description recorded in RTMR3 (event {@code key-provider}). */
    String keyProviderInfo() {
        return keyProviderInfo;
    }

    /** SGX report body of the quoting enclave; report_data = SHA-256(attestation key ‖ auth data) ‖ 32 zeros. */
    private static QeReport qeReport(byte[] attestationKey, byte[] authData) {
        byte[] cpuSvn = new byte[16];
        cpuSvn[0] = 0x03;
        cpuSvn[1] = 0x03;
        byte[] attributes = new byte[16];
        attributes[0] = 0x15; // INIT | MODE64BIT | PROVISIONKEY, not DEBUG: Intel's TD quoting enclave
        attributes[8] = (byte) 0xe7; // XFRM
        return QeReport.builder().set(QeReport.Field.CPUSVN, cpuSvn).set(QeReport.Field.ATTRIBUTES, attributes)
                .set(QeReport.Field.MRENCLAVE, sha256(ascii("venice-e2ee simulator QE MRENCLAVE")))
                .set(QeReport.Field.MRSIGNER, QE_MRSIGNER)
                .isvProdId(QE_ISV_PROD_ID)
                .isvSvn(QE_ISV_SVN)
                .set(QeReport.Field.REPORTDATA, QeReport.reportDataFor(attestationKey, authData))
                .build();
    }

    private List<Event> bootEvents() {
        List<Event> events = new ArrayList<>();
        firmware(events, 0, 0x8000000BL, "TdxTable");
        firmware(events, 0, 0x80000001L, "SecureBoot");
        firmware(events, 0, 0x00000004L, "\0\0\0\0");
        firmware(events, 0, 0x0000000AL, "ACPI DATA");
        firmware(events, 1, 0x80000007L, "Calling EFI Application from Boot Option");
        firmware(events, 1, 0x00000004L, "\0\0\0\0");
        firmware(events, 2, 0x00000006L, "LOADED_IMAGE::LoadOptions");
        firmware(events, 2, 0x00000006L, "Linux initrd");
        firmware(events, 1, 0x80000007L, "Exit Boot Services Invocation");
        firmware(events, 1, 0x80000007L, "Exit Boot Services Returned with Success");
        for (Map.Entry<String, String> e : List.of(
                Map.entry("system-preparing", ""),
                Map.entry("app-id", appId),
                Map.entry("compose-hash", Hex.encode(composeHash)),
                Map.entry("instance-id", instanceId),
                Map.entry("boot-mr-done", ""),
                Map.entry("os-image-hash", osImageHash),
                Map.entry("key-provider", Hex.encode(keyProviderInfo.getBytes(StandardCharsets.UTF_8))),
                Map.entry("system-ready", ""))) {
            byte[] payload = Hex.decode(e.getValue());
            events.add(new Event(3, DSTACK_EVENT_TYPE, dstackDigest(DSTACK_EVENT_TYPE, e.getKey(), payload), e.getKey(), payload));
        }
        return events;
    }

    private static void firmware(List<Event> events, int imr, long type, String payloadText) {
        byte[] payload = payloadText.getBytes(StandardCharsets.UTF_8);
        events.add(new Event(imr, type, sha384(payload), "", payload));
    }

    /** dstack's runtime event digest: SHA-384(type as 4 bytes little-endian ‖ ":" ‖ name ‖ ":" ‖ payload). */
    static byte[] dstackDigest(long type, String name, byte[] payload) {
        MessageDigest sha = digest("SHA-384");
        sha.update(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) type).array());
        sha.update((byte) ':');
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) ':');
        sha.update(payload);
        return sha.digest();
    }

    /** RTMR[i] = SHA-384(RTMR[i] ‖ digest) over the log, from 48 zero bytes. */
    static byte[][] replay(List<Event> events) {
        byte[][] rtmr = new byte[4][48];
        for (Event e : events) {
            MessageDigest sha = digest("SHA-384");
            sha.update(rtmr[e.imr()]);
            sha.update(e.digest());
            rtmr[e.imr()] = sha.digest();
        }
        return rtmr;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] sha256(byte[] data) {
        return digest("SHA-256").digest(data);
    }

    static byte[] sha384(byte[] data) {
        return digest("SHA-384").digest(data);
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(name + " missing from the JDK", e);
        }
    }

    /** The 20-byte header user data: as in Intel's quotes, 16 bytes identifying the quoting key, then zeros. */
    private static byte[] headerUserData(byte[] attestationKey) {
        byte[] out = new byte[20];
        System.arraycopy(sha256(attestationKey), 0, out, 0, 16);
        return out;
    }
}
