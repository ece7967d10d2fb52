#!/usr/bin/env bash
# Runs every test of the project: installs the tools the cross-checks against Venice's reference clients need
# (Debian's python3-cryptography, python3-ecdsa, python3-requests; node with elliptic, @noble and openai; idempotent),
# then builds and verifies every module on the default JDK (17), and once more on JDK 25 where it is installed
# (JDK25_HOME, by default /usr/lib/jvm/temurin-25-jdk-amd64): that pass builds everything again and runs the crypto
# tests (the constant-time key-agreement engine on java.lang.foreign, JDK 22+, and the conformance kit on every
# provider) and the CLI jar's test, which runs that engine from the jar; the rest was tested by the first pass.
# Extra arguments go to Maven, e.g. ./run-tests.sh -o
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
bash venice-e2ee-simulator/src/test/reference/install.sh
mvn -B verify "$@"

JDK25_HOME="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ -x "$JDK25_HOME/bin/java" ]]; then
  echo "run-tests: the crypto tests and the CLI jar test again on JDK 25 ($JDK25_HOME), with the java.lang.foreign key-agreement engine" >&2
  JAVA_HOME="$JDK25_HOME" mvn -B verify -Dtest='**/crypto/**/*Test' -Dcli.jar.tests=ShadedJarIT \
    -Dsurefire.failIfNoSpecifiedTests=false "$@"
else
  echo "run-tests: note: no JDK 25 at $JDK25_HOME (set JDK25_HOME); the JDK 22+ pass, which tests the" \
       "java.lang.foreign key-agreement engine, was skipped" >&2
fi
