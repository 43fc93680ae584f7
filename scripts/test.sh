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

# shellcheck source=lib/deps.sh
source "$root/scripts/lib/deps.sh"

cd "$root"
exec mvn -B verify "$@"
