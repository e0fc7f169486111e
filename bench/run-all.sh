#!/usr/bin/env bash
# Runs every Countersign benchmark in a row on the local PostgreSQL and keeps the output.
# Usage: bench/run-all.sh [path/to/countersign.jar]   (build first: ./mvnw -B -DskipTests package)
# The server jar is what http, query, approvals and console load; append and verify measure the server code
# built into the bench jar. Run it on a quiet machine: the figures are only as good as the
# absence of other load.
set -euo pipefail
cd "$(dirname "$0")/.."
jar="${1:-countersign-server/target/countersign.jar}"
bench="countersign-bench/target/countersign-bench.jar"
out="bench/results/$(date -u +%Y-%m-%dT%H%M%SZ).txt"
mkdir -p bench/results
for command in append http verify query approvals console; do
  echo "== countersign-bench $command ==" | tee -a "$out"
  case "$command" in
    http|query|approvals|console) java -jar "$bench" "$command" --server-jar "$jar" 2>&1 | tee -a "$out" ;;
    *) java -jar "$bench" "$command" 2>&1 | tee -a "$out" ;;
  esac
done
# the approvals latency target is read at a stated load (docs/decisions/030)
echo "== countersign-bench approvals --rate 100 ==" | tee -a "$out"
java -jar "$bench" approvals --rate 100 --server-jar "$jar" 2>&1 | tee -a "$out"
echo "figures kept in $out"
