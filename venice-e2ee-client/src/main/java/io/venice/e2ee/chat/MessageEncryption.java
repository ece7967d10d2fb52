package io.venice.e2ee.chat;

/** Which messages' content an end-to-end-encrypted request encrypts. */
public enum MessageEncryption {
    /** Every role (the default: Venice refuses plaintext assistant turns under E2EE too). */
    ALL_ROLES,
    /** Only user and system messages, as Venice's documentation describes. */
    USER_AND_SYSTEM
}
