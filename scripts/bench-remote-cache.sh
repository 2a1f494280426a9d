#!/usr/bin/env bash
# scripts/bench-remote-cache.sh: a generated C project of 21 translation units built by
# jemception-maven-plugin (`mvn -q package` from clean, separate shell commands timed from outside,
# the plugin's daemon warm), with no result cache, and from a second checkout at another path with
# an empty local cache and a warm remote cache (a real nginx with WebDAV on a loopback port, as
# Bazel's remote-caching documentation sets it up). Needs ./build.sh install and nginx.
# Everything (daemon, caches) lives in a temporary JEMCEPTION_CACHE: the user's caches are untouched.
set -euo pipefail
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/maven-bench.sh"
UNITS="${1:-20}"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "bench: nginx is not installed (apt-get install nginx)" >&2; exit 1; }
WORK="$(mktemp -d)"
export JEMCEPTION_CACHE="$WORK/cache"
cleanup() {
  for dir in "$JEMCEPTION_CACHE"/daemon/*/; do
    [ -d "$dir" ] && "$JAVA_HOME/bin/java" -cp "$CLIENT" dev.jemception.client.Client "$dir" -- --stop-daemon >/dev/null 2>&1 || true
  done
  [ -n "${NGINX_PID:-}" ] && kill "$NGINX_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# the server: nginx, WebDAV PUT into $WORK/server/data
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$WORK/server/data" "$WORK/server/tmp"
cat > "$WORK/server/nginx.conf" <<CONF
daemon off; master_process off; worker_processes 1;
pid $WORK/server/nginx.pid; error_log $WORK/server/error.log;
events { worker_connections 64; }
http {
  access_log $WORK/server/access.log;
  client_body_temp_path $WORK/server/tmp/body; proxy_temp_path $WORK/server/tmp/proxy;
  fastcgi_temp_path $WORK/server/tmp/fastcgi; uwsgi_temp_path $WORK/server/tmp/uwsgi; scgi_temp_path $WORK/server/tmp/scgi;
  server {
    listen 127.0.0.1:$PORT;
    location / { root $WORK/server/data; dav_methods PUT; create_full_put_path on; client_max_body_size 1024m; }
  }
}
CONF
"$NGINX" -c "$WORK/server/nginx.conf" -p "$WORK/server" -e "$WORK/server/error.log" &
NGINX_PID=$!
URL="http://127.0.0.1:$PORT/jemception"

# the project: $UNITS units with a shared header, and main.c calling each
P="$WORK/one/project"
mkdir -p "$P/src/main/c" "$P/src/main/include"
{ echo '#include <stddef.h>'; for i in $(seq -w 1 "$UNITS"); do echo "long unit_$i(const char *text, size_t n);"; done; } \
  > "$P/src/main/include/units.h"
for i in $(seq -w 1 "$UNITS"); do
  cat > "$P/src/main/c/unit_$i.c" <<C
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "units.h"
/* unit $i: a checksum over the sorted words of the text, formatted and parsed back */
static int by_text(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }
long unit_$i(const char *text, size_t n) {
  char *copy = malloc(n + 1), *words[64];
  size_t count = 0;
  memcpy(copy, text, n);
  copy[n] = 0;
  for (char *w = strtok(copy, " "); w && count < 64; w = strtok(NULL, " ")) words[count++] = w;
  qsort(words, count, sizeof *words, by_text);
  unsigned long h = 10$i;
  for (size_t k = 0; k < count; k++)
    for (const char *c = words[k]; *c; c++) h = h * 31u + (unsigned char)*c;
  char line[64];
  snprintf(line, sizeof line, "%lu", h % 1000003u);
  free(copy);
  return strtol(line, NULL, 10);
}
C
done
{ echo '#include <stdio.h>'; echo '#include <string.h>'; echo '#include "units.h"'
  echo 'int main(void) { const char *t = "the quick brown fox jumps over the lazy dog"; long s = 0;'
  for i in $(seq -w 1 "$UNITS"); do echo "  s += unit_$i(t, strlen(t));"; done
  echo '  printf("%ld\n", s); return 0; }'; } > "$P/src/main/c/main.c"
cat > "$P/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>units</artifactId><version>1</version>
  <properties><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <build><plugins>
    <plugin><groupId>dev.jemception</groupId><artifactId>jemception-maven-plugin</artifactId><version>$VERSION</version>
      <executions><execution><goals><goal>compile</goal></goals>
        <configuration><main>true</main><flags><flag>-O1</flag></flags></configuration>
      </execution></executions></plugin>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.3</version></plugin>
  </plugins></build>
</project>
POM
mkdir -p "$WORK/two/elsewhere" && cp -r "$P" "$WORK/two/elsewhere/project"

build() {  # DIR [mvn args...]: a clean build of the project in DIR
  local dir="$1"; shift
  (cd "$dir" && timed mvn -B -q -o clean package "$@")
}
daemon() {  # a command in the plugin's daemon (the only one in this JEMCEPTION_CACHE)
  "$JAVA_HOME/bin/java" -cp "$CLIENT" dev.jemception.client.Client "$(daemon_dirs "$JEMCEPTION_CACHE")" -- "$@"
}

report() {  # LABEL COMMAND...: the command's time (a failure stops the bench)
  local label="$1" t
  shift
  t=$("$@")
  printf '  %-52s %7.2f s\n' "$label" "$t"
}
echo "$((UNITS + 1)) translation units (-O1), mvn -q clean package, JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
JEMCEPTION_RESULT_CACHE=off report "warm-up (starts the daemon, no result cache):" build "$P"
JEMCEPTION_RESULT_CACHE=off report "no cache (warm daemon):" build "$P"
report "fills the remote cache (empty local, empty remote):" build "$P" -Djemception.remoteCache="$URL"
sleep 5 # the uploads finish in the background
daemon --cache-clear >/dev/null
report "second checkout, empty local, warm remote:" build "$WORK/two/elsewhere/project" -Djemception.remoteCache="$URL"
report "second checkout again (local hits):" build "$WORK/two/elsewhere/project" -Djemception.remoteCache="$URL"
cmp -s "$P/target/classes/wasm/units.wasm" "$WORK/two/elsewhere/project/target/classes/wasm/units.wasm" \
  && echo "  modules of both checkouts: byte-identical" || echo "  modules of both checkouts DIFFER"
echo "  the daemon's counts (--cache-stats):"
JEMCEPTION_REMOTE_CACHE="$URL" daemon --cache-stats | sed 's/^/    /'
