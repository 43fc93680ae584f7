#!/usr/bin/env bash
# Runs every mysql2gp test on a fresh Debian 12 machine (as root, or as a user with sudo):
# installs what is missing (MariaDB and PostgreSQL server binaries, a JDK 17, Maven), then runs
# `mvn -B verify` from the repository root with any arguments given, e.g.
#   scripts/test.sh                      # everything
#   scripts/test.sh -pl test-support -am # one module and what it needs
# Integration tests start their own private servers on free ports; the machine's own MariaDB and
# PostgreSQL services (if any) are never used.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"

java_major() {
  # "javac 17.0.15" -> 17
  javac -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p'
}

missing=()
if ! command -v mariadbd >/dev/null && [ ! -x /usr/sbin/mariadbd ]; then
  missing+=(mariadb-server)
fi
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && ! command -v initdb >/dev/null; then
  missing+=(postgresql)
fi
if ! command -v javac >/dev/null || [ "$(java_major)" -lt 17 ] 2>/dev/null; then
  missing+=(openjdk-17-jdk-headless)
fi
if ! command -v mvn >/dev/null; then
  missing+=(maven)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
  fi
  echo "test.sh: installing ${missing[*]}"
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
fi

# a JDK 17 installed just now may not be the default java
if [ "$(java_major)" -lt 17 ] 2>/dev/null && [ -d /usr/lib/jvm/java-17-openjdk-"$(dpkg --print-architecture)" ]; then
  export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-"$(dpkg --print-architecture)"
  export PATH="$JAVA_HOME/bin:$PATH"
fi

cd "$root"
exec mvn -B verify "$@"
