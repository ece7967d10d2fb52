// Venice's JavaScript reference client's per-chunk decrypt loop (from its E2EE documentation), timed over golden
// envelopes. Prints one JSON object: microseconds per chunk (SSE line to text) and per envelope (decrypt only).
import { gcm } from '@noble/ciphers/aes.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import elliptic from 'elliptic'
import { readFileSync } from 'node:fs'

const EC = elliptic.ec
const HKDF_INFO = new TextEncoder().encode('ecdsa_encryption')

function hexToBytes(hex) {
  const h = hex.startsWith('0x') ? hex.slice(2) : hex
  const bytes = new Uint8Array(h.length / 2)
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = parseInt(h.substring(i * 2, i * 2 + 2), 16)
  }
  return bytes
}

function isHexEncrypted(s) {
  if (s.length < 186) return false
  return /^[0-9a-fA-F]+$/.test(s)
}

function decryptChunk(ciphertextHex, clientPrivateKey) {
  const raw = hexToBytes(ciphertextHex)
  const serverEphemeralPubKey = raw.slice(0, 65)
  const nonce = raw.slice(65, 65 + 12)
  const ciphertext = raw.slice(65 + 12)
  const ec = new EC('secp256k1')
  const clientKey = ec.keyFromPrivate(Buffer.from(clientPrivateKey))
  const serverKey = ec.keyFromPublic(Buffer.from(serverEphemeralPubKey))
  const sharedSecret = clientKey.derive(serverKey.getPublic())
  const sharedSecretBytes = new Uint8Array(sharedSecret.toArray('be', 32))
  const aesKey = hkdf(sha256, sharedSecretBytes, undefined, HKDF_INFO, 32)
  const cipher = gcm(aesKey, nonce)
  const plaintext = cipher.decrypt(ciphertext)
  return new TextDecoder().decode(plaintext)
}

// the body of the reference's processE2EEStream loop for one line
function lineToText(line, clientPrivateKey) {
  if (!line.startsWith('data: ')) return null
  const data = line.slice(6)
  if (data === '[DONE]') return null
  const chunk = JSON.parse(data)
  const content = chunk.choices?.[0]?.delta?.content
  if (content && isHexEncrypted(content)) return decryptChunk(content, clientPrivateKey)
  return content || null
}

const [vectors, countText] = process.argv.slice(2)
const count = Number(countText)
const golden = JSON.parse(readFileSync(vectors, 'utf8')).envelopes
  .filter((v) => Buffer.byteLength(v.plaintext, 'utf8') <= 64)
const cases = golden.map((v) => ({
  // the SSE bytes arrive as a decoded text chunk, as in the reference (TextDecoder over the read)
  line: 'data: ' + JSON.stringify({ id: 'chatcmpl-8f2c1e0b9a', object: 'chat.completion.chunk', created: 1777000000,
    model: 'e2ee-qwen3-5-122b-a10b', choices: [{ index: 0, delta: { content: v.envelope }, logprobs: null,
      finish_reason: null }] }),
  envelope: v.envelope,
  key: hexToBytes(v.recipientPrivateKey),
  plaintext: v.plaintext,
}))
for (const c of cases) {
  if (lineToText(c.line, c.key) !== c.plaintext || decryptChunk(c.envelope, c.key) !== c.plaintext) {
    console.error('reference js client decrypted a golden envelope wrongly')
    process.exit(1)
  }
}
let start = process.hrtime.bigint()
for (let i = 0; i < count; i++) {
  const c = cases[i % cases.length]
  lineToText(c.line, c.key)
}
const chunkUs = Number(process.hrtime.bigint() - start) / 1000 / count
start = process.hrtime.bigint()
for (let i = 0; i < count; i++) {
  const c = cases[i % cases.length]
  decryptChunk(c.envelope, c.key)
}
const envelopeUs = Number(process.hrtime.bigint() - start) / 1000 / count
console.log(JSON.stringify({ client: 'reference-js', runtime: 'Node ' + process.version, chunks: count,
  golden_envelopes: cases.length, chunk_us: chunkUs, envelope_open_us: envelopeUs }))
