#!/usr/bin/env bash
# Simulation speed, each run a fresh JVM as an operator would start it:
#  1. mixed-day (500 nodes, 24 h, 5 strategies), target under 2 s of simulation;
#  2. 5,000 nodes for 7 days (5 strategies), target under 60 s;
# each against its baseline in the same run: the same scenario with consolidationPolicy WhenEmpty (no underutilized
# consolidation, what the model did before it had consolidation). Usage: bench/sim-throughput.sh [runs] (default 3).
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
sim() { # prints the simulation's own wall time (JVM start and PNG excluded) from the plot line
  java -cp "tools/target/nodeless-tools.jar:tools/target/lib/*" dev.nodeless.cli.Main simulate --scenario "$1" --out "$out" \
    | sed -n 's/.*simulated in \([0-9.]*\) s wall.*/\1/p'
}
for i in $(seq "$RUNS"); do
  echo "run $i: mixed-day $(sim "$out/mixed-day.json") s (baseline WhenEmpty $(sim "$out/mixed-day-when-empty.json") s)"
done
echo "5000 nodes x 7 days: $(sim "$out/week-5000.json") s (baseline WhenEmpty $(sim "$out/week-5000-when-empty.json") s)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
