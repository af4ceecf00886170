#!/usr/bin/env bash
# Simulation speed, each run a fresh JVM as an operator would start it:
#  1. mixed-day (500 nodes, 24 h, 5 strategies), target under 2 s of simulation;
#  2. 5,000 nodes for 7 days (5 strategies), target under 60 s;
# each against its baseline in the same run: the same scenario with consolidationPolicy WhenEmpty (no underutilized
# consolidation, what the model did before it had consolidation). Usage: bench/sim-throughput.sh [runs] (default 3).
# BASELINE_TOOLS=<dir holding an earlier build's nodeless-tools.jar and lib/> also times that build on the same
# scenarios in the same run (e.g. main before a speed change: its figures must be the same, only the time may differ).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
./mvnw -B -q -pl tools -am package -DskipTests
out="$(mktemp -d)"
cp tools/src/main/resources/scenarios/mixed-day.json "$out/mixed-day.json"
sed 's/"name": "mixed-day"/"name": "mixed-day-when-empty", "karpenter": {"consolidationPolicy": "WhenEmpty"}/' \
  "$out/mixed-day.json" > "$out/mixed-day-when-empty.json"
big='"hours": 168, "cluster": {"nodes": 5000, "expireAfterHours": 720}, "disruptions": {"rebalanceOnlyPerNodeMonth": 0.1,
  "storms": [{"atMinutes": 180, "pool": "m5.xlarge/us-east-1b", "fraction": 0.7, "withinMinutes": 10}]}'
echo "{\"name\": \"week-5000\", $big}" > "$out/week-5000.json"
echo "{\"name\": \"week-5000-when-empty\", \"karpenter\": {\"consolidationPolicy\": \"WhenEmpty\"}, $big}" > "$out/week-5000-when-empty.json"
sim() { # prints the simulation's own wall time (JVM start and PNG excluded) from the plot line; $2: tools dir
  local tools="${2:-tools/target}"
  java -cp "$tools/nodeless-tools.jar:$tools/lib/*" dev.nodeless.cli.Main simulate --scenario "$1" --out "$out" \
    | sed -n 's/.*simulated in \([0-9.]*\) s wall.*/\1/p'
}
earlier() { # the same scenario on the BASELINE_TOOLS build, when given
  if [ -n "${BASELINE_TOOLS:-}" ]; then echo "; earlier build $(sim "$1" "$BASELINE_TOOLS") s"; fi
}
for i in $(seq "$RUNS"); do
  echo "run $i: mixed-day $(sim "$out/mixed-day.json") s (baseline WhenEmpty $(sim "$out/mixed-day-when-empty.json") s$(earlier "$out/mixed-day.json")) [load $(cut -d' ' -f1 /proc/loadavg)]"
done
start=$(date +%s.%N)
sim "$out/mixed-day.json" > /dev/null
echo "mixed-day, the whole command (JVM start, scenario load and PNGs included): $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s"
echo "5000 nodes x 7 days: $(sim "$out/week-5000.json") s (baseline WhenEmpty $(sim "$out/week-5000-when-empty.json") s$(earlier "$out/week-5000.json"))"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
