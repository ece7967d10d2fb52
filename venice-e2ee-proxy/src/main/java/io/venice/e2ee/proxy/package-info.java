/**
 * A local OpenAI-compatible endpoint in front of Venice: programs speak plaintext OpenAI chat completions to it on
 * loopback; it attests each model, encrypts to the verified enclave key, streams and decrypts.
 */
package io.venice.e2ee.proxy;
