# Sourced by the benchmarks of jemception-maven-plugin (bench-maven-example.sh, bench-remote-cache.sh):
# the JDK, the installed version and its client jar (to talk to the plugin's daemon), `daemon_dirs`
# and `timed`.
# Needs WORK (a scratch directory) set before `timed` runs.
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
. "$ROOT/scripts/jdk.sh"
jemception_find_jdk
export JAVA_HOME="$JEMCEPTION_JAVA_HOME"
VERSION=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$ROOT/pom.xml" | head -1)
CLIENT="$HOME/.m2/repository/dev/jemception/jemception-client/$VERSION/jemception-client-$VERSION.jar"
[ -f "$CLIENT" ] || { echo "bench: no $CLIENT: run ./build.sh install first" >&2; exit 1; }

timed() {  # prints the seconds one command took; its output goes to $WORK/out, shown if it fails
  local start end
  start=$(date +%s.%N)
  "$@" >"$WORK/out" 2>&1 || { cat "$WORK/out" >&2; echo "bench: $* failed" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

daemon_dirs() {  # CACHE: the daemon directories there (daemon/<key>/, shared by the plugin and the command)
  local dir
  for dir in "$1"/daemon/*/; do
    [ -f "$dir/daemon.args" ] && echo "${dir%/}"
  done
  return 0
}
