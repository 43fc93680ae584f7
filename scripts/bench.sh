#!/usr/bin/env bash
# Performance benchmark: starts private MariaDB and PostgreSQL servers, measures the physical limits
# (binlog library alone, raw COPY) and the daemons (miner and loader catch-up, end-to-end lag, peak
# heap through a 5M-row transaction), prints one table and writes docs/PERFORMANCE.md.
#   scripts/bench.sh            # 1,000,000 rows plus a 5,000,000-row transaction (several minutes)
#   scripts/bench.sh --quick    # 100,000 rows, no big transaction (about a minute)
#   scripts/bench.sh --jmh      # JMH microbenchmarks of the miner's value encoding and the loader's merge
#                               # engine (no servers; about 4 minutes), written to docs/PERFORMANCE.md
# Extra -D options are passed to the benchmark, e.g. -Dbench.rows=200000 -Dbench.lagSeconds=10;
# -Dbench.jfr=true writes a flight recording of each daemon run (miner-N.jfr, loader-N.jfr) into the
# deployment directory the run logs (docs/PERFORMANCE.md says how to read them); -o runs Maven offline.
# Installs nothing beyond what scripts/test.sh would (MariaDB, PostgreSQL, JDK 17, Maven).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"

# shellcheck source=lib/deps.sh
source "$root/scripts/lib/deps.sh"

props=()
jmh=false
for arg in "$@"; do
  case "$arg" in
    --quick) props+=(-Dbench.quick=true) ;;
    --jmh) jmh=true ;;
    -D*|-o|--offline) props+=("$arg") ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench.sh: unknown argument '$arg' (use --quick or -Dname=value)" >&2; exit 2 ;;
  esac
done

cd "$root"
out="$root/docs/PERFORMANCE.md"

if $jmh; then
  # the benchmarks are generated into the test classes by JMH's annotation processor
  mvn -B -q test-compile dependency:build-classpath -pl binlog-miner,binlog-loader -am \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath "${props[@]}"
  results="$root/target/jmh-results.txt"
  mkdir -p "$root/target"
  : >"$results"
  for module in binlog-miner binlog-loader; do
    java -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/jmh.classpath")" \
      org.openjdk.jmh.Main -rf text -rff "$module/target/jmh.txt"
    cat "$module/target/jmh.txt" >>"$results"
  done
  section="$(mktemp)"
  {
    echo "## Microbenchmarks (JMH)"
    echo
    echo "Written by \`scripts/bench.sh --jmh\` on $(date -u +%Y-%m-%dT%H:%M:%SZ) with $(java -version 2>&1 | head -1)"
    echo "(1 fork, 5 warm-up iterations of 1 s and 5 measured ones of 2 s; the benchmark classes are"
    echo "\`io.mysql2gp.miner.jmh.ValueEncodingBenchmark\` and \`io.mysql2gp.loader.jmh.MergeBenchmark\`, whose"
    echo "Javadoc says what each measures). Merge figures are per staged change. JMH's JVMs use the default"
    echo "compilers (C2); the loader daemon runs C1 only (bin/jvm.options)."
    echo
    echo '```text'
    cat "$results"
    echo '```'
  } >"$section"
  # replace the section (it lies after the hand-written observations, which the full benchmark keeps)
  awk '/^## Microbenchmarks \(JMH\)/ {skip=1; next} /^## / {skip=0} !skip' "$out" >"$out.tmp"
  { cat "$out.tmp"; echo; cat "$section"; } | cat -s >"$out"
  rm -f "$out.tmp" "$section"
  echo
  cat "$results"
  echo "bench.sh: written to $out"
  exit 0
fi

# builds binlog-loader and the modules it needs in one reactor, running only the benchmark class
mvn -B test -pl binlog-loader -am \
  -Dtest=PipelineBench -Dsurefire.failIfNoSpecifiedTests=false -DtrimStackTrace=false \
  -Dmysql2gp.test.servers=private -Dbench.out="$out" "${props[@]}"
echo
sed -n '/^## Results/,/^## How/p' "$out" | sed '$d'
echo "bench.sh: written to $out"
