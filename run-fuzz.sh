#!/usr/bin/env bash
# The long fuzz run: every fuzz test of the parsers (api, client, attestation, proxy) with many more tries than the
# normal build gives them (the fuzz profile: 20000 per property; FUZZ_TRIES=N to change). Extra arguments go to
# Maven (e.g. -o to stay offline). A failure prints the sample and the seed that reproduce it.
set -euo pipefail
cd "$(dirname "$0")"
tries="${FUZZ_TRIES:-20000}"
exec mvn -B -Pfuzz -Djqwik.tries="$tries" -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false \
    -pl venice-e2ee-api,venice-e2ee-attestation,venice-e2ee-client,venice-e2ee-proxy -am verify "$@"
