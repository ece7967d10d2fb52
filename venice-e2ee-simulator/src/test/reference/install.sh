#!/usr/bin/env bash
# Installs what the reference-client tests need: Debian's python3 with cryptography, ecdsa and requests,
# and node with elliptic, @noble/ciphers, @noble/hashes and the official openai client in a cache directory the tests
# find.
# Idempotent: does nothing when everything is already there.
set -euo pipefail

JS_DIR="${VENICE_REFERENCE_JS_DIR:-$HOME/.cache/venice-e2ee/reference-js}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

if ! /usr/bin/python3 -c 'import cryptography, ecdsa, requests' 2>/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq python3 python3-cryptography python3-ecdsa python3-requests >/dev/null
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi

if [ ! -d "$JS_DIR/node_modules/elliptic" ] || [ ! -d "$JS_DIR/node_modules/@noble/ciphers" ] \
    || [ ! -d "$JS_DIR/node_modules/@noble/hashes" ]; then
  mkdir -p "$JS_DIR"
  if [ ! -f "$JS_DIR/package.json" ]; then
    printf '{"name":"venice-reference-js","private":true,"type":"module"}\n' > "$JS_DIR/package.json"
  fi
  (cd "$JS_DIR" && npm install --silent --no-audit --no-fund elliptic@6.6.1 @noble/ciphers@2.4.0 @noble/hashes@2.4.0)
fi

# the official OpenAI client, for the proxy's test (venice-e2ee-proxy: OpenAiNodeClientTest)
if [ ! -d "$JS_DIR/node_modules/openai" ]; then
  mkdir -p "$JS_DIR"
  if [ ! -f "$JS_DIR/package.json" ]; then
    printf '{"name":"venice-reference-js","private":true,"type":"module"}\n' > "$JS_DIR/package.json"
  fi
  (cd "$JS_DIR" && npm install --silent --no-audit --no-fund openai@7.55.0)
fi

echo "reference clients ready: /usr/bin/python3, node $(node --version), modules in $JS_DIR"
