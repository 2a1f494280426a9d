#!/usr/bin/env bash
# scripts/bench-engines.sh [ENGINE...]: the numbers of the wasm engines (default: wasmtime chicory),
# each command a separate shell command timed from outside, as a user meets them:
#   1. one command per fresh JVM (./jemception --no-daemon, result cache off): clang++ -O0 -c hello.cpp,
#      then the 2,958-line unit (scripts/llvm-engines/HeavySource.java) at -O0 and -O2 (HEAVY=0 skips
#      them; on Chicory they take about 6 minutes);
#   2. warm, in one JVM (jemception bench): clang++ -O0 -c hello.cpp and em++ -O2 hello.cpp -o hello.js;
#   3. through the daemon (scripts/bench-cli.sh 10): em++ hello.cpp -o hello.js with a new source per
#      call, the first call starting the daemon, then the same source, and the daemon's peak RSS after
#      those 20 commands.
# Native em++ (Debian's emscripten package) is timed by bench-cli.sh where it is installed.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$ROOT/scripts/jdk.sh"
jemception_find_jdk
ENGINES=("$@")
[ ${#ENGINES[@]} -gt 0 ] || ENGINES=(wasmtime chicory)
J="$ROOT/jemception"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
cp "$ROOT/bench/src/main/resources/dev/jemception/bench/hello.cpp" hello.cpp   # the source `jemception bench` compiles
"$JEMCEPTION_JAVA_HOME/bin/java" "$ROOT/scripts/llvm-engines/HeavySource.java" > heavy.cpp

timed() {  # COMMAND...: prints the seconds it took
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>err.txt || { cat err.txt >&2; echo "bench-engines: $* failed" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

"$J" --version >/dev/null   # builds and trains the JVM AOT cache first, when needed
for engine in "${ENGINES[@]}"; do
  export JEMCEPTION_WASM_ENGINE=$engine
  echo "== $engine: $("$J" --no-daemon --version | sed -n 's/^wasm engine: //p')"
  echo "fresh JVM per command (--no-daemon, result cache off):"
  (
    export JEMCEPTION_NO_DAEMON=1 JEMCEPTION_RESULT_CACHE=off
    for i in 1 2; do
      printf '  clang++ -O0 -c hello.cpp (%d)      %6.1f s\n' "$i" "$(timed "$J" clang++ --target=wasm32-wasip1 -O0 -c hello.cpp -o hello.o)"
    done
    if [ "${HEAVY:-1}" != 0 ]; then
      for opt in -O0 -O2; do
        printf '  clang++ %s -c heavy.cpp          %6.1f s\n' "$opt" "$(timed "$J" clang++ --target=wasm32-wasip1 $opt -c heavy.cpp -o heavy.o)"
      done
    fi
    printf '  em++ hello.cpp -o hello.js         %6.1f s\n' "$(timed "$J" em++ hello.cpp -o hello.js)"
  )
  echo "warm, in one JVM (jemception bench: no result cache):"
  "$J" bench clang --runs 6 | grep -E '^run' | sed 's/^/  clang++ -O0 hello.cpp: /'
  "$J" bench emxxO2 --runs 4 | grep -E '^run' | sed 's/^/  em++ -O2 hello.cpp: /'
  echo "through the daemon:"
  "$ROOT/scripts/bench-cli.sh" 10 | sed 's/^/  /'
done
