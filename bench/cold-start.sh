#!/usr/bin/env bash
# Cold start of the packaged Lambda functions, measured like Lambda's java runtime starts them (docs/measurements.md).
# Usage: bench/cold-start.sh [runs]     (default 5; runs are interleaved across functions)
# Env:   BENCH_JAVA   the java the functions run on (default: Temurin 25 where installed, else java on the PATH;
#                     Lambda runs java21, which is not installable here)
#        BENCH_NODES  Nodes of the emulated cluster (default 200; one is marked at risk per sizeBuffer start)
#        BENCH_EXTRA  extra --case/--env arguments for bench/ColdStart.java (the levers in docs/measurements.md)
# Builds function.zip of maintenance and bootstrap, the echo baseline, the Runtime Interface Client and the bench module;
# starts moto_server (fleet registry, EKS DescribeCluster) and an https fabric8 mock API server (bench ColdStartCluster)
# that sizeBuffer reaches through NODELESS_LOCAL_KUBE_API; then runs bench/ColdStart.java. Not part of any test run.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"
NODES="${BENCH_NODES:-200}"
if [[ -z "${BENCH_JAVA:-}" ]]; then
  BENCH_JAVA=java
  [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]] && BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
MVN=(./mvnw -B -q)
WORK="$(mktemp -d /tmp/cold-start-XXXXXX)"
CP="$WORK/bench-classpath.txt"

if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
  "${MVN[@]}" -pl functions/maintenance,functions/bootstrap -am package -DskipTests
  "${MVN[@]}" -f bench/echo-baseline/pom.xml package -DskipTests
  "${MVN[@]}" -f bench/lambda-runtime/pom.xml dependency:copy-dependencies -DoutputDirectory=target/ric
fi
"${MVN[@]}" -pl bench -am package dependency:build-classpath -DskipTests -Dmdep.outputFile="$CP" >&2

PIDS=()
cleanup() {
  exec 3>&- 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
moto_server -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/moto-api/" >/dev/null && break; sleep 0.2; done

# The emulated cluster serves until its standard input (this fifo) closes.
mkfifo "$WORK/hold"
java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "bench/target/classes:$(cat "$CP")" \
  dev.nodeless.bench.ColdStartCluster "http://127.0.0.1:$PORT" us-east-1 bench-nodeless-clusters "$WORK/kube.env" "$NODES" <"$WORK/hold" &
PIDS+=($!)
exec 3>"$WORK/hold"
for _ in $(seq 300); do [[ -s "$WORK/kube.env" ]] && break; sleep 0.2; done
{ echo "NODELESS_AWS_ENDPOINT=http://127.0.0.1:$PORT"; cat "$WORK/kube.env"; } >"$WORK/size-buffer.env"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
java bench/ColdStart.java --java "$BENCH_JAVA" --ric bench/lambda-runtime/target/ric --runs "$RUNS" \
  --env size-buffer="$WORK/size-buffer.env" \
  --case echo-floor=bench/echo-baseline/target/function.zip,echo,bench/events/foreign-event.json \
  --case maintenance=functions/maintenance/target/function.zip,classifyEvent,bench/events/foreign-event.json \
  --case size-buffer=functions/maintenance/target/function.zip,sizeBuffer,bench/events/size-buffer-step.json \
  --case bootstrap=functions/bootstrap/target/function.zip,validateSpec,bench/events/cluster-spec.json \
  ${BENCH_EXTRA:-}
