#!/usr/bin/env bash
# scripts/bench-serve.sh [bench serve options]: `jemception serve` as a user meets it, timed from
# outside: the command started in a shell, how long until it answers /api/health and until its
# first compile (a program nobody compiled before) returns; then `jemception bench serve --url`
# loads it from a second JVM (8 clients x 25 compiles unless the options say otherwise), and the
# server's peak RSS (VmHWM) is read from /proc. Loopback only.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
J="$ROOT/jemception"
PORT="${JEMCEPTION_BENCH_PORT:-18181}"
LOG="$(mktemp)"
"$J" serve --help >/dev/null # builds first if the sources changed: not part of the timing

start=$(date +%s.%N)
"$J" serve --port "$PORT" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -f "$LOG"' EXIT
until curl -sf "http://127.0.0.1:$PORT/api/health" >/dev/null; do
  kill -0 $SERVER 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.1
done
listening=$(date +%s.%N)
curl -sf "http://127.0.0.1:$PORT/api/compile" -o /dev/null -d "{\"files\": {\"main.c\": \"#include <stdio.h>\\nint main(void) { puts(\\\"first $start\\\"); }\\n\"},
  \"args\": [\"emcc\", \"main.c\", \"-O0\", \"-o\", \"main.wasm\"]}"
first=$(date +%s.%N)
printf 'serve answers after %.1f s; its first compile returns %.1f s after the command started\n' \
  "$(echo "$listening - $start" | bc)" "$(echo "$first - $start" | bc)"

"$J" bench serve --url "http://127.0.0.1:$PORT/" "$@"
PID=$(pgrep -f "dev.jemception.cli.Main serve --port $PORT" | head -1)
echo "server's peak RSS: $(grep VmHWM /proc/"$PID"/status | awk '{print $2, $3}')"
