#!/usr/bin/env bash
# Runs the JMH benchmarks over suite.json and writes bench/RESULTS.md.
#
#   bench/run.sh [quick|full] [more JMH options, e.g. -p caseId=r50_3x3_56]
#
# quick: 1 fork, 2 x 200 ms warm-up, 3 x 300 ms measurement; trials whose single call takes over
#        2 s are skipped (the pure-Java backend on the largest cases). About 8 minutes.
# full:  1 fork, 3 x 1 s warm-up, 5 x 2 s measurement, nothing skipped. About 26 minutes.
# Either profile runs JMH once per (case, thread count), so that each ratio's two sides are
# measured close together (see below).
# Builds the benchmark jar first when it is missing or older than the sources. Raw JMH JSON and
# logs go to bench/results/ (not committed). A run narrowed by extra JMH options writes its report
# to bench/results/RESULTS-<profile>-<time>.md and leaves bench/RESULTS.md alone.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
profile="${1:-quick}"
[[ $# -gt 0 ]] && shift
case "$profile" in
  quick) jmh_args=(-f 1 -wi 2 -i 3 -w 200ms -r 300ms -jvmArgsAppend -Djconv.bench.maxOpSeconds=2) ;;
  full)  jmh_args=(-f 1 -wi 3 -i 5 -w 1s -r 2s) ;;
  *) echo "usage: bench/run.sh [quick|full] [JMH options...]" >&2; exit 2 ;;
esac

jar="$here/target/benchmarks.jar"
stale() {
  [[ ! -f $jar ]] && return 0
  [[ -n "$(find "$root/pom.xml" "$root/java/src/main" "$root/native/src" "$root/native/include" \
            "$root/presets/src" "$root/presets/pom.xml" "$here/src/main" "$here/pom.xml" "$here/suite.json" \
            -newer "$jar" -print -quit 2>/dev/null)" ]]
}
if stale; then
  echo "== building the benchmark jar"
  if grep -q '<module>bench</module>' "$root/pom.xml"; then
    (cd "$root" && mvn -B -q -DskipTests -pl bench -am package)
  else
    (cd "$root" && mvn -B -q -DskipTests install && mvn -B -q -f bench/pom.xml -DskipTests package)
  fi
fi

mkdir -p "$here/results"
stamp="$(date +%Y%m%d-%H%M%S)"
log="$here/results/jmh-$profile-$stamp.log"
start=$(date +%s)
load_start="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
jsons=()
# JMH runs each trial once, in its own order (all convolutions of every case, then all GEMMs),
# so a convolution and its GEMM baseline would be measured a quarter of an hour apart, and a
# noisy spell on this shared machine lands on one side of the ratio only. So the whole profile
# is one JMH invocation per (case, threads): its convolution trials and its GEMM trial follow
# each other within about a minute. Extra JMH options: a single invocation, as given.
if [[ $# -gt 0 ]]; then
  json="$here/results/jmh-$profile-$stamp.json"
  echo "== JMH ($profile) -> $json"
  # JMH exits 0 even when trials fail (the quick profile's skips); the report shows what is missing.
  java -jar "$jar" ConvBenchmark "${jmh_args[@]}" "$@" -rf json -rff "$json" 2>&1 | tee "$log"
  jsons+=("$json")
else
  ids=$(grep -o '"id": *"[^"]*"' "$here/suite.json" | sed 's/.*"\([^"]*\)"$/\1/')
  for id in $ids; do
    for t in 1 2; do
      json="$here/results/jmh-$profile-$stamp-$id-$t.json"
      echo "== JMH ($profile) $id, $t thread(s) -> $json" | tee -a "$log"
      java -jar "$jar" ConvBenchmark "${jmh_args[@]}" -p caseId="$id" -p threads="$t" -rf json -rff "$json" 2>&1 \
        | tee -a "$log" | grep -E '^# (Benchmark|Parameters):|^Benchmark result' || true
      jsons+=("$json")
    done
  done
fi
took=$(( $(date +%s) - start ))
report="$here/RESULTS.md"
[[ $# -gt 0 ]] && report="$here/results/RESULTS-$profile-$stamp.md"
load_end="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "== JMH took $took s"
java -cp "$jar" org.jconv.bench.ReportMain --profile "$profile" --out "$report" \
  --note "Run: $took s, one JMH invocation per case and thread count (conv and GEMM trials a minute apart at most); load average (1, 5, 15 min) at the start $load_start, at the end $load_end" "${jsons[@]}"
