#!/usr/bin/env bash
# Runs the JMH suite (with -prof gc) on the default JDK (17) and, where it is installed, on JDK 25 (JDK25_HOME, by
# default /usr/lib/jvm/temurin-25-jdk-amd64), which adds the constant-time key agreement on java.lang.foreign
# (native-ffm) and its floor; in the same run, Venice's Python and JavaScript reference clients' decrypt loops over
# the golden envelopes; then writes target/summary.json (the JDK on every row), target/summary.md and
# target/chunk.svg.
#   venice-e2ee-bench/run.sh            full run (an estimated 90 minutes on 2 cores, both JDKs)
#   venice-e2ee-bench/run.sh --quick    short iterations, one fork (about 20 minutes, both JDKs)
# Extra arguments after the mode are passed to JMH (e.g. a benchmark regex: run.sh --quick Ecdh).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
TARGET="$BENCH_DIR/target"
JAR="$TARGET/benchmarks.jar"
VECTORS="$ROOT/../shared/testvectors/venice/e2ee_vectors.json"

MODE=full
if [[ "${1:-}" == "--quick" ]]; then
  MODE=quick
  shift
fi
if [[ "$MODE" == quick ]]; then
  JMH_OPTS=(-f 1 -wi 3 -w 1s -i 3 -r 1s)
  REF_CHUNKS=400
else
  JMH_OPTS=(-f 2 -wi 5 -w 2s -i 5 -r 2s)
  REF_CHUNKS=3000
fi

mkdir -p "$TARGET"
NOTES="$TARGET/notes.json"
echo '{}' > "$NOTES"
note() { # note KEY TEXT: printed now, and carried into the summary
  echo "note: $2" >&2
  /usr/bin/env python3 - "$NOTES" "$1" "$2" <<'PY'
import json, sys
path, key, text = sys.argv[1:4]
notes = json.load(open(path))
notes[key] = text
json.dump(notes, open(path, 'w'))
PY
}

JDK25_HOME="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
HAVE_JDK25=false
if [[ -x "$JDK25_HOME/bin/java" ]]; then
  HAVE_JDK25=true
else
  note jdk25 "no JDK 25 at $JDK25_HOME (set JDK25_HOME): the constant-time native-ffm key agreement and its floor were not measured"
fi

# 1. the benchmarks jar, rebuilt when any module's sources are newer; built by JDK 25 where present, so that it
#    carries the java.lang.foreign engine and floor (META-INF/versions/22) and still runs on JDK 17
FFM_CLASSES=(META-INF/versions/22/io/venice/e2ee/bench/FfmFloor.class
             META-INF/versions/22/io/venice/e2ee/crypto/nativesecp/FfmKeyAgreement.class)
if [[ ! -f "$JAR" ]] || [[ -n "$(find "$ROOT" -path '*/src/main/*' -newer "$JAR" -type f -print -quit)" ]] \
    || [[ "$BENCH_DIR/pom.xml" -nt "$JAR" ]] \
    || { $HAVE_JDK25 && [[ "$(unzip -l "$JAR" "${FFM_CLASSES[@]}" 2>/dev/null | grep -c 'versions/22')" != 2 ]]; }; then
  echo "building $JAR" >&2
  BUILD_JAVA_HOME="${JAVA_HOME:-}"
  if $HAVE_JDK25; then
    BUILD_JAVA_HOME="$JDK25_HOME"
  fi
  (cd "$ROOT" && export JAVA_HOME="$BUILD_JAVA_HOME" && { mvn -q -B -o -pl venice-e2ee-bench -am package -DskipTests \
      || mvn -q -B -pl venice-e2ee-bench -am package -DskipTests; })
fi

# 2. the reference clients (Venice's documentation), timed on the same machine in the same run
PY=/usr/bin/python3
rm -f "$TARGET/reference-python.json" "$TARGET/reference-js.json"
if [[ ! -f "$VECTORS" ]]; then
  note reference "golden vectors not found at $VECTORS: reference clients skipped"
elif [[ -x "$PY" ]] && "$PY" -c 'import ecdsa, cryptography' 2>/dev/null; then
  echo "timing the Python reference client over $REF_CHUNKS chunks" >&2
  if ! "$PY" "$BENCH_DIR/scripts/reference_client.py" "$VECTORS" "$REF_CHUNKS" > "$TARGET/reference-python.json"; then
    rm -f "$TARGET/reference-python.json"
    note reference-python "the Python reference client failed (see above); left out"
  fi
else
  note reference-python "skipped: $PY with python3-ecdsa and python3-cryptography is missing (apt-get install python3-ecdsa python3-cryptography)"
fi
if [[ -f "$VECTORS" ]] && command -v node >/dev/null && command -v npm >/dev/null; then
  NODE_DIR="$TARGET/node"
  mkdir -p "$NODE_DIR"
  if [[ ! -d "$NODE_DIR/node_modules/elliptic" || ! -d "$NODE_DIR/node_modules/@noble/ciphers" || ! -d "$NODE_DIR/node_modules/@noble/hashes" ]]; then
    [[ -f "$NODE_DIR/package.json" ]] || echo '{"name":"venice-e2ee-reference-peers","private":true,"type":"module"}' > "$NODE_DIR/package.json"
    (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error elliptic @noble/ciphers @noble/hashes >&2) || true
  fi
  if [[ -d "$NODE_DIR/node_modules/elliptic" ]]; then
    cp "$BENCH_DIR/scripts/reference_client.mjs" "$NODE_DIR/"
    echo "timing the JavaScript reference client over $REF_CHUNKS chunks" >&2
    if ! node "$NODE_DIR/reference_client.mjs" "$VECTORS" "$REF_CHUNKS" > "$TARGET/reference-js.json"; then
      rm -f "$TARGET/reference-js.json"
      note reference-js "the JavaScript reference client failed (see above); left out"
    fi
  else
    note reference-js "skipped: npm could not install elliptic, @noble/ciphers and @noble/hashes"
  fi
elif [[ -f "$VECTORS" ]]; then
  note reference-js "skipped: node and npm are missing"
fi

# 3. the JMH suite, once per JDK; the machine's load is recorded, since other work on the same cores skews every figure
rm -f "$TARGET"/jmh-*.json "$TARGET"/jmh-*.txt
run_jmh() { # run_jmh LABEL JAVA [JVM and JMH options...] -- extra JMH arguments
  local label="$1" java="$2"
  shift 2
  local load_start
  load_start="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  echo "running JMH ($MODE) on JDK $label" >&2
  if ! "$java" "$@" -prof gc -rf json -rff "$TARGET/jmh-$label.json" | tee "$TARGET/jmh-$label.txt"; then
    note "jmh-$label" "JMH on JDK $label exited with an error; the summary covers the benchmarks that completed"
  fi
  note "load-$label" "JDK $label: load average (1, 5, 15 min) $load_start before its JMH run, $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) after it, on $(nproc) cores; a load above the core count means other processes shared the CPUs and the figures are inflated"
}
JDK_DEFAULT="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [[ "${JDK_DEFAULT%%.*}" -lt 22 ]]; then
  # the constant-time engine needs JDK 22+: below, only the key agreements that run there
  run_jmh "$JDK_DEFAULT" java -jar "$JAR" "${JMH_OPTS[@]}" -p keyAgreement=bc,jca,native-jni "$@"
else
  run_jmh "$JDK_DEFAULT" java --enable-native-access=ALL-UNNAMED -jar "$JAR" "${JMH_OPTS[@]}" \
    -jvmArgsAppend --enable-native-access=ALL-UNNAMED "$@"
fi
if $HAVE_JDK25 && [[ "${JDK_DEFAULT%%.*}" != 25 ]]; then
  run_jmh 25 "$JDK25_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$JAR" "${JMH_OPTS[@]}" \
    -jvmArgsAppend --enable-native-access=ALL-UNNAMED "$@"
fi

# 4. summary, table and chart
JMH_FILES=()
for f in "$TARGET"/jmh-*.json; do
  [[ -f "$f" ]] && JMH_FILES+=(--jmh "$f")
done
"$PY" "$BENCH_DIR/scripts/summarize.py" "${JMH_FILES[@]}" \
  --ref "$TARGET/reference-python.json" --ref "$TARGET/reference-js.json" \
  --notes "$NOTES" --mode "$MODE" --out "$TARGET" > /dev/null
echo "wrote $TARGET/summary.json, $TARGET/summary.md and $TARGET/chunk.svg" >&2
cat "$TARGET/summary.md"
