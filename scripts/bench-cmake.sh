#!/usr/bin/env bash
# scripts/bench-cmake.sh: CMake and make projects through jemception, each step a separate shell
# command timed from outside, the daemon warm (one compile first): lz4 1.9.2 (the npm package
# lz4@0.6.5, checked against its pinned hash) configured with `jemception emcmake cmake` and built
# (target lz4_static) with Ninja and with Unix Makefiles; first in a new directory (a cold result
# cache: nothing was compiled at these paths), then again after deleting the build directory (a
# warm one); then a no-change rebuild; the Ninja tree again with jemception's own ninja; and lz4's
# own lib/Makefile under `jemception emmake make`; then the same configure and build with CMake in
# the JVM (JEMCEPTION_CMAKE=jvm: no host tool). `scripts/bench-cmake.sh jvm` runs only that part.
# Native emcc on the same steps when one is installed.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
J="$ROOT/jemception"
LZ4_INTEGRITY="sha512-KSZcJU49QZOlJSItaeIU3p8WoAvkTmD9fJqeahQXNu1iQ/kR0/mQLdbrK8JY9MY8f6AhJoMrihp1nu1xDbscSQ=="
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
npm pack lz4@0.6.5 --silent >/dev/null
[ "sha512-$(openssl dgst -sha512 -binary lz4-0.6.5.tgz | base64 -w0)" = "$LZ4_INTEGRITY" ] \
  || { echo "bench: lz4-0.6.5.tgz does not match its pinned hash" >&2; exit 1; }
tar xzf lz4-0.6.5.tgz package/deps/lz4
SRC="$WORK/package/deps/lz4"

timed() {  # LABEL COMMAND...: prints the seconds the command took
  local label=$1 start end
  shift
  start=${EPOCHREALTIME/./}
  "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; echo "bench: $* failed" >&2; exit 1; }
  end=${EPOCHREALTIME/./}
  printf '  %-52s %6d.%d s\n' "$label" $(((end - start) / 1000000)) $(((end - start) / 100000 % 10))
}

steps() {  # EMCMAKE EMMAKE: the CMake and Makefile steps with these wrappers ("jemception emcmake" ...)
  local emcmake=$1 emmake=$2
  for gen in Ninja "Unix Makefiles"; do
    local build="build-${gen// /-}" src="$WORK/src-${gen// /-}"
    rm -rf "$src"
    cp -r "$SRC" "$src" # sources at a path of their own: nothing compiled here yet
    for cache in cold warm; do
      rm -rf "$build"
      timed "configure, $gen ($cache result cache)" $emcmake cmake -G "$gen" -S "$src/contrib/cmake_unofficial" \
        -B "$build" -DBUILD_SHARED_LIBS=OFF
      timed "build lz4_static, $gen ($cache)" $emmake cmake --build "$build" --target lz4_static
    done
    timed "no-change rebuild, $gen" $emmake cmake --build "$build" --target lz4_static
    if [ "$gen" = Ninja ] && [ "$emmake" = "$J emmake" ]; then # jemception's own ninja on the same tree
      "$J" ninja -C "$build" -t clean >/dev/null
      timed "jemception ninja lz4_static after -t clean (warm)" "$J" ninja -C "$build" lz4_static
      timed "jemception ninja, no-change rebuild" "$J" ninja -C "$build" lz4_static
    fi
  done
  # a define of its own: its relative command lines would replay an earlier run's results
  local run="MOREFLAGS=-DBENCH_RUN=$RANDOM$RANDOM"
  timed "lz4's lib/Makefile: emmake make liblz4.a (cold)" $emmake make -C "$SRC/lib" liblz4.a "$run"
  timed "its no-change rebuild" $emmake make -C "$SRC/lib" liblz4.a "$run"
}

in_jvm() {  # CMake and ninja inside jemception, the source under the working directory (which it sees)
  local src="$WORK/src-jvm"
  cp -r "$SRC" "$src"
  for cache in cold warm; do
    rm -rf build-jvm
    timed "configure, Ninja ($cache result cache)" env JEMCEPTION_CMAKE=jvm "$J" emcmake cmake \
      -S "$src/contrib/cmake_unofficial" -B build-jvm -DBUILD_SHARED_LIBS=OFF
    timed "build lz4_static ($cache)" "$J" cmake --build build-jvm --target lz4_static
  done
  timed "no-change rebuild" "$J" cmake --build build-jvm --target lz4_static
}

echo 'int main(void) { return 0; }' > warm.c
"$J" emcc -c warm.c -o warm.o >/dev/null 2>&1
if [ "${1:-}" = jvm ]; then
  echo "jemception, CMake in the JVM (daemon):"
  in_jvm
  exit 0
fi
echo "jemception (daemon; $(cmake --version | head -1), $(ninja --version 2>/dev/null | sed 's/^/ninja /'), $(make --version | head -1)):"
steps "$J emcmake" "$J emmake"
echo "jemception, CMake in the JVM (daemon):"
in_jvm
if command -v emcmake >/dev/null 2>&1; then
  echo "native emsdk:"
  rm -f "$SRC"/lib/*.o "$SRC"/lib/*.a "$SRC"/lib/*.d
  steps emcmake emmake
else
  echo "native emsdk: not installed here"
fi
