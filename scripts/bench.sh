#!/usr/bin/env bash
# Performance benchmark: starts private MariaDB and PostgreSQL servers, measures the physical limits
# (binlog library alone, raw COPY) and the daemons (miner and loader catch-up, end-to-end lag, peak
# heap through a 5M-row transaction), prints one table and writes docs/PERFORMANCE.md.
#   scripts/bench.sh            # 1,000,000 rows plus a 5,000,000-row transaction (several minutes)
#   scripts/bench.sh --quick    # 100,000 rows, no big transaction (about a minute)
# Extra -D options are passed to the benchmark, e.g. -Dbench.rows=200000 -Dbench.lagSeconds=10;
# -Dbench.jfr=true writes a flight recording of each daemon run (miner-N.jfr, loader-N.jfr) into the
# deployment directory the run logs (docs/PERFORMANCE.md says how to read them); -o runs Maven offline.
# Installs nothing beyond what scripts/test.sh would (MariaDB, PostgreSQL, JDK 17, Maven).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"

# shellcheck source=lib/deps.sh
source "$root/scripts/lib/deps.sh"

props=()
for arg in "$@"; do
  case "$arg" in
    --quick) props+=(-Dbench.quick=true) ;;
    -D*|-o|--offline) props+=("$arg") ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown argument '$arg' (use --quick or -Dname=value)" >&2; exit 2 ;;
  esac
done

cd "$root"
out="$root/docs/PERFORMANCE.md"
# builds binlog-loader and the modules it needs in one reactor, running only the benchmark class
mvn -B test -pl binlog-loader -am \
  -Dtest=PipelineBench -Dsurefire.failIfNoSpecifiedTests=false -DtrimStackTrace=false \
  -Dmysql2gp.test.servers=private -Dbench.out="$out" "${props[@]}"
echo
sed -n '/^## Results/,/^## How/p' "$out" | sed '$d'
echo "bench.sh: written to $out"
