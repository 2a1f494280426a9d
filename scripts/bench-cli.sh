#!/usr/bin/env bash
# scripts/bench-cli.sh [N]: `./jemception em++ hello.cpp -o hello.js` as separate shell commands,
# N (default 10) in a row from a stopped daemon, timed from outside: with a cold result cache (a
# different source each call) and a warm one (the same source); then em++ -O2, a different source
# each call; the client's own overhead (a --daemon-status round trip); the daemon's peak RSS;
# native emcc on the same files when present.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
J="$ROOT/jemception"
N="${1:-10}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

source_with() {  # the hello.cpp `jemception bench` compiles, printing $1 too
  sed "s/\"jemception\"/\"call\", \"$1\"/" "$ROOT/bench/src/main/resources/dev/jemception/bench/hello.cpp" > hello.cpp
}

timed() {  # prints the seconds one command took
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; echo "bench: $* failed" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

"$J" --stop-daemon >/dev/null 2>&1 || true
sleep 1
echo "cold result cache (a different source each call), call 1 starts the daemon:"
for i in $(seq 1 "$N"); do
  source_with "cold-$i-$RANDOM$RANDOM"
  printf '  call %2d: %6.2f s\n' "$i" "$(timed "$J" em++ hello.cpp -o hello.js)"
done
echo "warm result cache (the same source each call):"
source_with "warm-$RANDOM$RANDOM"
for i in $(seq 1 "$N"); do
  printf '  call %2d: %6.2f s\n' "$i" "$(timed "$J" em++ hello.cpp -o hello.js)"
done
echo "em++ -O2 hello.cpp -o hello.js, a different source each call (the JS around it is the same: its"
echo "compiler and optimizer runs come from the result cache after the first):"
for i in $(seq 1 "$N"); do
  source_with "o2-$i-$RANDOM$RANDOM"
  printf '  call %2d: %6.2f s\n' "$i" "$(timed "$J" em++ -O2 hello.cpp -o hello.js)"
done
echo "client overhead (jemception --daemon-status, a round trip without a compile):"
for i in 1 2 3 4 5; do
  printf '  %6.3f s\n' "$(timed "$J" --daemon-status)"
done
PID=$("$J" --daemon-status | sed -n 's/^jemception daemon: pid \([0-9]*\).*/\1/p')
if [ -n "$PID" ] && [ -r "/proc/$PID/status" ]; then
  echo "daemon peak RSS: $(awk '/VmHWM/ {printf "%.2f GB", $2 / 1048576}' "/proc/$PID/status")"
fi
echo "where a cold-cache call's time goes (JEMCEPTION_TIMES=1):"
source_with "times-$RANDOM$RANDOM"
JEMCEPTION_TIMES=1 "$J" em++ hello.cpp -o hello.js 2>&1 >/dev/null | grep 'jemception: times' | sed 's/^/  /'
if command -v emcc >/dev/null 2>&1; then
  echo "native emcc ($(emcc --version | head -1)):"
  for i in 1 2 3; do
    source_with "native-$i"
    printf '  call %d: %6.2f s\n' "$i" "$(timed emcc hello.cpp -o hello.js)"
  done
fi
