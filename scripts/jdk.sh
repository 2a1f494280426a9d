# Sourced by ./jemception and ./build.sh: picks the newest JDK 21+ on this machine and checks Maven.
# Sets JEMCEPTION_JAVA_HOME, or prints what to install and exits.

jemception_java_major() { # $1: a java binary; prints its major version
  local release="${1%/bin/java}/release" line   # every JDK 9+ has it: no JVM start, no process at all
  if [ -f "$release" ]; then
    while IFS= read -r line; do
      [[ "$line" =~ ^JAVA_VERSION=\"([0-9]+) ]] && { echo "${BASH_REMATCH[1]}"; return; }
    done < "$release"
  else
    "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -n 1
  fi
}

jemception_find_jdk() {
  local best="" best_major=0 home major candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    home=$(readlink -f "$(command -v java)")
    candidates+=("${home%/bin/java}")
  fi
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
              "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$home" ] && candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(jemception_java_major "$home/bin/java")
    [ -n "$major" ] || continue
    if [ "$major" -gt "$best_major" ]; then best="$home"; best_major="$major"; fi
  done
  if [ "$best_major" -lt 21 ]; then
    echo "jemception needs a JDK 21 or newer (25 runs fastest); found none${best:+ (newest: $best, Java $best_major)}." >&2
    echo "Install one, e.g. 'apt-get install temurin-25-jdk' or 'sdk install java 25-tem', or set JAVA_HOME to it." >&2
    exit 1
  fi
  JEMCEPTION_JAVA_HOME="$best"
  # Maven's own Guava warns about sun.misc.Unsafe on JDK 24+; the flag silences it there.
  if [ "$best_major" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

jemception_need_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "jemception builds itself with Apache Maven 3.8+, which is not on PATH: install it (e.g. 'apt-get install maven')." >&2
    exit 1
  fi
}
