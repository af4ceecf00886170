#!/usr/bin/env bash
# Cold start of the packaged Lambda functions, measured like Lambda's java runtime starts them (docs/measurements.md).
# Usage: bench/cold-start.sh [runs]     (default 5; runs are interleaved across functions)
# Builds function.zip of maintenance and bootstrap, the echo baseline, and the Runtime Interface Client, then
# runs bench/ColdStart.java. Not part of any test run.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
MVN=(./mvnw -B -q)

"${MVN[@]}" -pl functions/maintenance,functions/bootstrap -am package -DskipTests
"${MVN[@]}" -f bench/echo-baseline/pom.xml package -DskipTests
"${MVN[@]}" -f bench/lambda-runtime/pom.xml dependency:copy-dependencies -DoutputDirectory=target/ric

exec java bench/ColdStart.java --ric bench/lambda-runtime/target/ric --runs "$RUNS" \
  --case echo-floor=bench/echo-baseline/target/function.zip,echo,bench/events/foreign-event.json \
  --case maintenance=functions/maintenance/target/function.zip,classifyEvent,bench/events/foreign-event.json \
  --case bootstrap=functions/bootstrap/target/function.zip,validateSpec,bench/events/cluster-spec.json
