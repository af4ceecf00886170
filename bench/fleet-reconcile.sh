#!/usr/bin/env bash
# One scheduled tick of reconcile-fleet against emulated clusters (docs/maintenance.md, "Fleet scale"): the production
# per-cluster reconcile (ReconcileClusterStep) for each of N healthy clusters of M nodes (30 pods per node, one
# NodeClaim per node, paginated lists) plus one cluster whose API fails every request. The Distributed Map is stood in
# for by a Java thread pool of the definition's MaxConcurrency, with its per-item timeout, retry and catch.
# Prints exactly one line on stdout:
#   fleet-reconcile clusters=<n> nodes=<per cluster> pods=<per cluster> requests_per_cluster=<max> tick_s=<wall> \
#     p99_cluster_s=<s> starved=<clusters not reconciled> broken_isolated=<yes|no>
# and the breakdown plus a baseline (the same clusters walked in sequence, as the old single Lambda did) on stderr.
# Usage: bench/fleet-reconcile.sh [healthy clusters (default 20)] [nodes per cluster (default 2000)]
set -euo pipefail
cd "$(dirname "$0")/.."
CLUSTERS="${1:-20}"
NODES="${2:-2000}"
CP="$PWD/bench/target/fleet-classpath.txt"
./mvnw -B -q -pl bench -am package dependency:build-classpath -DskipTests -Dmdep.outputFile="$CP" >&2
exec java -Xmx1500m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "bench/target/classes:$(cat "$CP")" \
  dev.nodeless.bench.FleetReconcileBenchmark "$CLUSTERS" "$NODES"
