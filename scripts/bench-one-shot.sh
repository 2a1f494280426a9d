#!/usr/bin/env bash
# scripts/bench-one-shot.sh [ROUNDS]: one command per fresh JVM (`./jemception --no-daemon`), timed from
# outside, with the default JIT and with C1 only (JEMCEPTION_QUICK_JIT=1), result cache off:
# clang++ -O0 -c hello.cpp and em++ hello.cpp -o hello.js ROUNDS times (default 2), then the LLVM
# engines bench's 2,958-line unit (HeavySource) once at -O0 and -O2 (set HEAVY=0 to skip it: ~15 min).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$ROOT/scripts/jdk.sh"
jemception_find_jdk
ROUNDS="${1:-2}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
cp "$ROOT/bench/src/main/resources/dev/jemception/bench/hello.cpp" hello.cpp   # the source `jemception bench` compiles
export JEMCEPTION_NO_DAEMON=1 JEMCEPTION_RESULT_CACHE=off

timed() {  # MODE COMMAND...: prints the command's wall time in that mode
  local mode=$1 start end
  shift
  start=$(date +%s.%N)
  if [ "$mode" = c1-only ]; then JEMCEPTION_QUICK_JIT=1 "$ROOT/jemception" "$@" >/dev/null 2>err.txt
  else env -u JEMCEPTION_QUICK_JIT "$ROOT/jemception" "$@" >/dev/null 2>err.txt; fi || { cat err.txt >&2; exit 1; }
  end=$(date +%s.%N)
  printf '%-8s %-45s %6.1f s\n' "$mode" "$*" "$(echo "$end - $start" | bc)"
}

"$ROOT/jemception" --version >/dev/null   # builds and trains the AOT cache first, when needed
for round in $(seq 1 "$ROUNDS"); do
  for mode in default c1-only; do
    timed $mode clang++ --target=wasm32-wasip1 -O0 -c hello.cpp -o hello.o
    timed $mode em++ hello.cpp -o hello.js
  done
done
if [ "${HEAVY:-1}" != 0 ]; then
  "$JEMCEPTION_JAVA_HOME/bin/java" "$ROOT/scripts/llvm-engines/HeavySource.java" > heavy.cpp
  for opt in -O0 -O2; do
    for mode in default c1-only; do
      timed $mode clang++ --target=wasm32-wasip1 $opt -c heavy.cpp -o heavy.o
    done
  done
fi
