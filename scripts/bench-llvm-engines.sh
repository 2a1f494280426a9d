#!/usr/bin/env bash
# scripts/bench-llvm-engines.sh [RUNS] [ENGINE...]: the YoWASP LLVM module (box-llvm) on each wasm
# engine, each in its own fresh JVM (or Node.js), on the same inputs: clang++ -O0 -c hello.cpp RUNS
# times (default 8; run 1 from process start), then a ~3,000-line C++ translation unit (HeavySource) once at
# -O0 and -O2, peak RSS and the objects' sha256 (they must agree). Engines (default: all):
#   chicory        today's: box-llvm's build-time compiled classes through a jemception Session
#                  (the product's JVM flags); also em++ hello.cpp -o hello.js runs 1..5 (result cache on,
#                  a new source line each run: clang misses, compiler.mjs hits, as for a user)
#   chicory-split  Chicory 1.7.5's compiler in the JVM at start, functions split as the build splits them
#                  (BuildLlvmChicory.SPLIT): the same classes as chicory's, compiled in the JVM instead
#   endive-split   the same with Endive 1.0.0 (run.endive, Chicory's successor)
#   graalwasm-jit  GraalWasm ${graalvm.version} with the Graal compiler (JVMCI) as its JIT
#   graalwasm-interpreted   GraalWasm without it (hello.cpp once: minutes)
#   node           Node.js running YoWASP's own runClang (the V8 reference)
# Needs the project built (README) and, for node, Node.js. The extra engines' jars (pinned below) are
# fetched by Maven into ~/.m2, checksums enforced. BENCH_WORKLOADS=hello,heavy,emxx picks the
# workloads (default all). The machine should be otherwise idle.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$ROOT/scripts/jdk.sh"
jemception_find_jdk
RUNS="${1:-8}"
shift || true
ENGINES=("$@")
[ ${#ENGINES[@]} -gt 0 ] || ENGINES=(chicory chicory-split endive-split graalwasm-jit graalwasm-interpreted node)

GRAALVM=$(sed -n 's:.*<graalvm.version>\(.*\)</graalvm.version>.*:\1:p' "$ROOT/pom.xml")
ENDIVE=1.0.0
LIB="$ROOT/demo-cli/target/lib"
GEN="$ROOT/box-llvm/target/llvm-package/package/gen"
[ -f "$GEN/llvm.core.wasm" ] && [ -f "$ROOT/demo-cli/target/jvm.options" ] \
  || { echo "bench-llvm-engines: build the project first (see README)" >&2; exit 1; }
JAVA="$JEMCEPTION_JAVA_HOME/bin/java"
M2="${MAVEN_REPO:-$HOME/.m2/repository}"
extra=()
for gav in org.graalvm.wasm:wasm-language:$GRAALVM run.endive:compiler:$ENDIVE run.endive:runtime:$ENDIVE \
    run.endive:wasi:$ENDIVE run.endive:wasm:$ENDIVE run.endive:log:$ENDIVE; do
  IFS=: read -r g a v <<< "$gav"
  jar="$M2/${g//.//}/$a/$v/$a-$v.jar"
  [ -f "$jar" ] || JAVA_HOME="$JEMCEPTION_JAVA_HOME" mvn -B -q -C dependency:get -Dartifact="$gav" -Dtransitive=false >&2
  extra+=("$jar")
done
# build-tools: the function splitter and Chicory's compiler (in no runtime jar)
CP="$LIB/*:$ROOT/build-tools/target/jemception-build-tools-0.1.0-SNAPSHOT.jar:$ROOT/build-tools/target/lib/*:$(IFS=:; echo "${extra[*]}")"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ln -s "$GEN/llvm.core.wasm" "$WORK/llvm.core.wasm"
mkdir "$WORK/llvm-resources" && tar -xf "$GEN/llvm-resources.tar" -C "$WORK/llvm-resources"
cp "$ROOT/bench/src/main/resources/dev/jemception/bench/hello.cpp" "$WORK/hello.cpp"   # the source `jemception bench` compiles
"$JAVA" "$ROOT/scripts/llvm-engines/HeavySource.java" > "$WORK/heavy.cpp"

read -r -a FLAGS < "$ROOT/demo-cli/target/jvm.options"
FLAGS+=(--sun-misc-unsafe-memory-access=allow -Xss64m)
GRAAL=$(printf '%s:' "$ROOT"/demo-cli/target/graal/*.jar)
JIT=(-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path="${GRAAL%:}")
bench() { # ENGINE RUNS [JVM flags...]: one fresh JVM
  local engine=$1 runs=$2
  shift 2
  "$JAVA" "${FLAGS[@]}" "$@" -cp "$CP" "$ROOT/scripts/llvm-engines/LlvmEngineBench.java" "$engine" "$WORK" "$runs" \
    || echo "$engine: failed (exit $?)"
}
echo "bench-llvm-engines: JDK $("$JAVA" -version 2>&1 | head -n 1), $(nproc) cores; inputs hello.cpp and heavy.cpp ($(wc -l < "$WORK/heavy.cpp") lines)"
for engine in "${ENGINES[@]}"; do
  case "$engine" in
    chicory) JEMCEPTION_RESULT_CACHE=off bench chicory "$RUNS" ;;
    chicory-split|endive-split) bench "$engine" "$RUNS" -Xmx18g ;;
    graalwasm-jit) bench graalwasm "$RUNS" "${JIT[@]}" ;;
    graalwasm-interpreted) BENCH_WORKLOADS=hello bench graalwasm 1 ;;
    node)
      if ! command -v node >/dev/null; then echo "node: not installed"; continue; fi
      tgz=$(for f in "${JEMCEPTION_CACHE:-$HOME/.cache/jemception}"/npm/*.tgz; do
              tar -tzf "$f" package/gen/bundle.js >/dev/null 2>&1 && echo "$f" && break; done)
      mkdir -p "$WORK/yowasp" && tar -xzf "$tgz" -C "$WORK/yowasp" package
      node "$ROOT/scripts/llvm-engines/node-clang.mjs" "$WORK/yowasp/package/gen/bundle.js" "$WORK" "$RUNS" ;;
    *) echo "bench-llvm-engines: unknown engine $engine" >&2; exit 2 ;;
  esac
done
