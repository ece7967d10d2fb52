#!/usr/bin/python3
"""Venice's Python reference client's per-chunk decrypt loop (from its E2EE documentation), timed over golden
envelopes. Prints one JSON object: microseconds per chunk (SSE line to text) and per envelope (decrypt only)."""
import json
import sys
import time

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from ecdsa import SECP256k1, SigningKey, VerifyingKey

HKDF_INFO = b'ecdsa_encryption'


def decrypt_content(content, private_key):
    """The body of the reference's streaming loop once `content` is known, verbatim in substance."""
    if len(content) >= 186 and all(c in '0123456789abcdefABCDEF' for c in content):
        raw = bytes.fromhex(content)
        server_ephemeral_pub = raw[:65]
        nonce = raw[65:77]
        ciphertext = raw[77:]
        server_verifying_key = VerifyingKey.from_string(server_ephemeral_pub[1:], curve=SECP256k1)
        shared_point = server_verifying_key.pubkey.point * private_key.privkey.secret_multiplier
        shared_secret = shared_point.x().to_bytes(32, 'big')
        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO)
        aes_key = hkdf.derive(shared_secret)
        aesgcm = AESGCM(aes_key)
        return aesgcm.decrypt(nonce, ciphertext, None).decode('utf-8')
    return content


def chunk_to_text(line, private_key):
    """One SSE line to text, as the reference's `for line in response.iter_lines()` body does."""
    line_str = line.decode('utf-8')
    if not line_str.startswith('data: ') or '[DONE]' in line_str:
        return None
    chunk = json.loads(line_str[6:])
    content = chunk.get('choices', [{}])[0].get('delta', {}).get('content', '')
    if not content:
        return None
    return decrypt_content(content, private_key)


def main():
    vectors, count = sys.argv[1], int(sys.argv[2])
    with open(vectors) as f:
        golden = [v for v in json.load(f)['envelopes'] if len(v['plaintext'].encode('utf-8')) <= 64]
    cases = []
    for v in golden:
        key = SigningKey.from_string(bytes.fromhex(v['recipientPrivateKey']), curve=SECP256k1)
        line = ('data: ' + json.dumps({'id': 'chatcmpl-8f2c1e0b9a', 'object': 'chat.completion.chunk',
                                       'created': 1777000000, 'model': 'e2ee-qwen3-5-122b-a10b',
                                       'choices': [{'index': 0, 'delta': {'content': v['envelope']},
                                                    'logprobs': None, 'finish_reason': None}]})).encode('utf-8')
        cases.append((line, v['envelope'], key, v['plaintext']))
    for line, envelope, key, plaintext in cases:  # correctness first, and warm-up
        if chunk_to_text(line, key) != plaintext or decrypt_content(envelope, key) != plaintext:
            sys.exit('reference python client decrypted a golden envelope wrongly')
    start = time.perf_counter()
    for i in range(count):
        line, _, key, _ = cases[i % len(cases)]
        chunk_to_text(line, key)
    chunk_us = (time.perf_counter() - start) * 1e6 / count
    start = time.perf_counter()
    for i in range(count):
        _, envelope, key, _ = cases[i % len(cases)]
        decrypt_content(envelope, key)
    envelope_us = (time.perf_counter() - start) * 1e6 / count
    print(json.dumps({'client': 'reference-python', 'runtime': 'Python ' + sys.version.split()[0],
                      'chunks': count, 'golden_envelopes': len(cases),
                      'chunk_us': chunk_us, 'envelope_open_us': envelope_us}))


if __name__ == '__main__':
    main()
