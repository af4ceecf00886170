#!/usr/bin/env bash
# Simulation throughput: simulated hours per wall-clock second for mixed-day (500 nodes, 24 h, 5 strategies),
# each run a fresh JVM as an operator would start it. Usage: bench/sim-throughput.sh [runs] (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
./mvnw -B -q -pl tools -am package -DskipTests
out="$(mktemp -d)"
for i in $(seq "$RUNS"); do
  start=$(date +%s.%N)
  line=$(java -cp "tools/target/nodeless-tools.jar:tools/target/lib/*" dev.nodeless.cli.Main simulate \
           --scenario mixed-day --out "$out" | grep '^plot:')
  end=$(date +%s.%N)
  echo "run $i: ${line#*; }; whole command incl. JVM start and PNG: $(echo "$end - $start" | bc) s"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
