#!/usr/bin/env bash
# ./build.sh        build everything (fetches pinned packages, AOT-compiles LLVM; cached per machine)
# ./build.sh test   build and run the test suite (what CI runs)
# ./build.sh install  build and install the jars and jemception-maven-plugin into ~/.m2 (for the examples)
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
. "$ROOT/scripts/jdk.sh"
jemception_find_jdk
jemception_need_maven
cd "$ROOT"
export JAVA_HOME="$JEMCEPTION_JAVA_HOME"
echo "build.sh: using JDK $JAVA_HOME" >&2
case "${1:-package}" in
  test) exec mvn -B verify ;;
  package) exec mvn -B -DskipTests package ;;
  install) exec mvn -B -DskipTests install ;;
  *) echo "usage: ./build.sh [package|test|install]" >&2; exit 2 ;;
esac
