#!/usr/bin/env bash
# Records tests/src/test/resources/dwarfdump/srcmap{,5}.wasm.dump, the references SourceMapTest compares
# jemception's llvm-dwarfdump with: the program of SourceMapTest, compiled by jemception exactly as
# the test compiles it, dumped by a real llvm-dwarfdump (Debian's LLVM 14: apt-get install llvm-14).
# Run once when the toolchain changes what clang emits; the output is committed, the tool is not.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
DUMP="${LLVM_DWARFDUMP:-llvm-dwarfdump-14}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
sed -n '/static final String SOURCE = """/,/""";/p' "$ROOT/tests/src/test/java/dev/jemception/tests/SourceMapTest.java" \
  | sed '1d;$d' | sed 's/^            //' > srcmap.c
for pair in "-g srcmap" "-gdwarf-5 srcmap5"; do   # emcc's default DWARF (4), and DWARF 5
  set -- $pair
  "$ROOT/jemception" emcc -O0 "$1" -fdebug-compilation-dir=/src srcmap.c -o "$2.wasm"
  "$DUMP" -debug-info -debug-line "$2.wasm" --recurse-depth=0 > "$ROOT/tests/src/test/resources/dwarfdump/$2.wasm.dump"
done
echo "recorded with $("$DUMP" --version | grep -i version | head -1)"
