#!/usr/bin/env python3
"""Venice's Python reference E2EE code, as a tool for cross-checking the Java implementation.

The encrypt and decrypt functions follow the reference client in Venice's documentation line for line (the same
libraries: `ecdsa` for secp256k1, `cryptography` for HKDF-SHA256 and AES-256-GCM). Only the randomness is made
reproducible from a seed, so that a failing cross-check can be replayed.

  reference_e2ee.py generate --seed N --count K   -> JSON list of {recipientPrivateKey, recipientPublicKey,
                                                      plaintext, envelope} on stdout
  reference_e2ee.py decrypt                       <- JSON list of {privateKey, envelope} on stdin
                                                  -> JSON list of plaintexts (or {"error": ...}) on stdout
"""
import argparse
import json
import random
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from ecdsa import SECP256k1, SigningKey, VerifyingKey

HKDF_INFO = b'ecdsa_encryption'


def encrypt(model_public_key, plaintext, ephemeral_private, nonce):
    """The reference client's "Step 3: Encrypt message", with the ephemeral key and nonce passed in."""
    key_hex = model_public_key
    if not key_hex.startswith('04') and len(key_hex) == 128:
        key_hex = '04' + key_hex
    model_key_bytes = bytes.fromhex(key_hex)
    model_verifying_key = VerifyingKey.from_string(model_key_bytes[1:], curve=SECP256k1)
    ephemeral_public = ephemeral_private.get_verifying_key()
    shared_point = model_verifying_key.pubkey.point * ephemeral_private.privkey.secret_multiplier
    shared_secret = shared_point.x().to_bytes(32, 'big')
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO)
    aes_key = hkdf.derive(shared_secret)
    aesgcm = AESGCM(aes_key)
    ciphertext = aesgcm.encrypt(nonce, plaintext.encode('utf-8'), None)
    ephemeral_public_bytes = b'\x04' + ephemeral_public.to_string()
    return (ephemeral_public_bytes + nonce + ciphertext).hex()


def decrypt(private_key, content):
    """The reference client's "Step 5: Decrypt response" for one content string."""
    if not (len(content) >= 186 and all(c in '0123456789abcdefABCDEF' for c in content)):
        raise ValueError('not an envelope')
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


def plaintexts(rng, count):
    fixed = ['What is 2+2? Answer briefly.', '', 'h\u00e9llo \U0001f510 \u4e16\u754c', 'x' * 5000]
    out = fixed[:count]
    alphabet = 'abcdefghijklmnopqrstuvwxyz ABCDEF0123456789.,;!?\u00e9\u00fc\u03bb\u4e2d\U0001f600\n\t"\\'
    while len(out) < count:
        out.append(''.join(rng.choice(alphabet) for _ in range(rng.randrange(1, 400))))
    return out


def generate(seed, count):
    rng = random.Random(seed)

    def key():
        return SigningKey.from_secret_exponent(rng.randrange(1, SECP256k1.order), curve=SECP256k1)

    vectors = []
    for i, text in enumerate(plaintexts(rng, count)):
        recipient = key()
        public_hex = (b'\x04' + recipient.get_verifying_key().to_string()).hex()
        # every other vector hands the model key over in its 128-character form, as some servers do
        given = public_hex if i % 2 == 0 else public_hex[2:]
        envelope = encrypt(given, text, key(), rng.randbytes(12))
        assert decrypt(recipient, envelope) == text
        vectors.append({
            'recipientPrivateKey': recipient.to_string().hex(),
            'recipientPublicKey': public_hex,
            'plaintext': text,
            'envelope': envelope,
        })
    return vectors


def decrypt_all(items):
    results = []
    for item in items:
        private_key = SigningKey.from_string(bytes.fromhex(item['privateKey']), curve=SECP256k1)
        try:
            results.append(decrypt(private_key, item['envelope']))
        except Exception as e:  # report, do not hide: the caller compares
            results.append({'error': type(e).__name__ + ': ' + str(e)})
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest='command', required=True)
    g = sub.add_parser('generate')
    g.add_argument('--seed', type=int, required=True)
    g.add_argument('--count', type=int, default=6)
    sub.add_parser('decrypt')
    args = parser.parse_args()
    if args.command == 'generate':
        json.dump(generate(args.seed, args.count), sys.stdout, ensure_ascii=True)
    else:
        json.dump(decrypt_all(json.load(sys.stdin)), sys.stdout, ensure_ascii=True)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
