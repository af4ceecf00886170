#!/usr/bin/env bash
# The simulator's economics target as a table: every shipped scenario for seeds 1-3, then variants nobody tuned on
# (cluster sizes 50-5,000 nodes, expireAfter 24 h and 720 h, runs up to 7 days). Each row compares Nodeless with the
# other strategies of the same run: extra $ (node cost over "none") against the proportional buffer's, pending
# pod-seconds against half the best other strategy's (or under 0.05 per node-hour), and Nodeless's start floor (image
# pull and readiness of the pods interruptions, expiry and drift displaced: no buffer shortens it).
# Usage: bench/sim-economics.sh [--quick] [--override JSON]  (JSON merged into every scenario, e.g.
# '{"karpenter": {"consolidateAfterSeconds": 0}}', to measure one lever on every row)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl tools -am package -DskipTests
java -cp "tools/target/nodeless-tools.jar:tools/target/lib/*" dev.nodeless.sim.TargetTable "$@"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
