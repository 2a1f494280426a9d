#!/usr/bin/env bash
# scripts/bench-maven-example.sh [N]: examples/maven-chicory built with `mvn -q package` as separate
# shell commands, timed from outside (needs ./build.sh install first):
#   - from clean with the plugin's daemon stopped, and from clean with it warm (N builds), both with
#     JEMCEPTION_RESULT_CACHE=off, so that clang really compiles every file;
#   - from clean with the result cache on, twice (the second takes every object from the cache);
#   - no-change rebuilds (N), against the same build with the plugin skipped (-Djemception.skip):
#     the difference is what the plugin adds when nothing changed.
set -euo pipefail
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/maven-bench.sh"
N="${1:-3}"
CACHE="${JEMCEPTION_CACHE:-$HOME/.cache/jemception}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp -r "$ROOT/examples/maven-chicory" "$WORK/project"
cd "$WORK/project"
MVN=(mvn -B -q -o -Djemception.version="$VERSION")


stop_plugin_daemons() {  # the daemons jemception-maven-plugin uses (the command's too: they are shared)
  for dir in $(daemon_dirs "$CACHE"); do
    "$JAVA_HOME/bin/java" -cp "$CLIENT" dev.jemception.client.Client "$dir" -- --stop-daemon >/dev/null 2>&1 || true
  done
  sleep 2
}

stop_plugin_daemons
echo "mvn -q package, examples/maven-chicory (2 C files), JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
printf '  clean, daemon stopped, result cache off:   %6.2f s\n' \
  "$(JEMCEPTION_RESULT_CACHE=off timed "${MVN[@]}" clean package)"
for i in $(seq 1 "$N"); do
  printf '  clean, daemon warm, result cache off (%d): %6.2f s\n' "$i" \
    "$(JEMCEPTION_RESULT_CACHE=off timed "${MVN[@]}" clean package)"
done
for i in 1 2; do  # build 1 fills the result cache for this checkout, build 2 takes its objects from it
  printf '  clean, daemon warm, result cache on (%d):   %6.2f s\n' "$i" "$(timed "${MVN[@]}" clean package)"
done
for i in $(seq 1 "$N"); do
  printf '  no change (%d):                            %6.2f s\n' "$i" "$(timed "${MVN[@]}" package)"
done
for i in $(seq 1 "$N"); do
  printf '  no change, plugin skipped (%d):            %6.2f s\n' "$i" \
    "$(timed "${MVN[@]}" package -Djemception.skip)"
done
for dir in $(daemon_dirs "$CACHE"); do
  pid=$(cat "$dir/daemon.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; then
    echo "  daemon peak RSS: $(awk '/VmHWM/ {printf "%.2f GB", $2 / 1048576}' "/proc/$pid/status")"
  fi
done
