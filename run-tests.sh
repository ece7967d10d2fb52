#!/usr/bin/env bash
# Runs every test of the project: installs the tools the cross-checks against Venice's reference clients need
# (Debian's python3-cryptography, python3-ecdsa, python3-requests; node with elliptic and @noble; idempotent),
# then builds and verifies every module. Extra arguments go to Maven, e.g. ./run-tests.sh -o
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
bash venice-e2ee-simulator/src/test/reference/install.sh
exec mvn -B verify "$@"
