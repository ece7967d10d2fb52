package io.venice.e2ee.attestation;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Set;

/**
 * A certificate that is nothing but one extension, so a parser of that extension can be fed any bytes without
 * signing a certificate for each: every other accessor says there is nothing there.
 */
final class ExtensionOnlyCertificate extends X509Certificate {
    private final String oid;
    private final byte[] value;

    /** {@code value} is what {@link #getExtensionValue} returns for {@code oid}: the DER OCTET STRING, as the JDK does. */
    ExtensionOnlyCertificate(String oid, byte[] value) {
        this.oid = oid;
        this.value = value.clone();
    }

    @Override
    public byte[] getExtensionValue(String requested) {
        return oid.equals(requested) ? value.clone() : null;
    }

    @Override
    public boolean hasUnsupportedCriticalExtension() {
        return false;
    }

    @Override
    public Set<String> getCriticalExtensionOIDs() {
        return Set.of();
    }

    @Override
    public Set<String> getNonCriticalExtensionOIDs() {
        return Set.of(oid);
    }

    @Override
    public void checkValidity() {
    }

    @Override
    public void checkValidity(Date date) {
    }

    @Override
    public int getVersion() {
        return 3;
    }

    @Override
    public BigInteger getSerialNumber() {
        return BigInteger.ONE;
    }

    @Override
    public java.security.Principal getIssuerDN() {
        return null;
    }

    @Override
    public java.security.Principal getSubjectDN() {
        return null;
    }

    @Override
    public Date getNotBefore() {
        return new Date(0);
    }

    @Override
    public Date getNotAfter() {
        return new Date(0);
    }

    @Override
    public byte[] getTBSCertificate() {
        return new byte[0];
    }

    @Override
    public byte[] getSignature() {
        return new byte[0];
    }

    @Override
    public String getSigAlgName() {
        return "none";
    }

    @Override
    public String getSigAlgOID() {
        return "0.0";
    }

    @Override
    public byte[] getSigAlgParams() {
        return null;
    }

    @Override
    public boolean[] getIssuerUniqueID() {
        return null;
    }

    @Override
    public boolean[] getSubjectUniqueID() {
        return null;
    }

    @Override
    public boolean[] getKeyUsage() {
        return null;
    }

    @Override
    public int getBasicConstraints() {
        return -1;
    }

    @Override
    public byte[] getEncoded() {
        return new byte[0];
    }

    @Override
    public void verify(PublicKey key) {
        throw new UnsupportedOperationException("an extension-only certificate has no signature");
    }

    @Override
    public void verify(PublicKey key, String sigProvider) {
        throw new UnsupportedOperationException("an extension-only certificate has no signature");
    }

    @Override
    public String toString() {
        return "ExtensionOnlyCertificate[" + oid + "]";
    }

    @Override
    public PublicKey getPublicKey() {
        return null;
    }
}
