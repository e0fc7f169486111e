#!/usr/bin/env bash
# What the audit outbox costs per access change (docs/decisions/011): two server jars,
# alternately, each on a fresh PostgreSQL database, in the same sitting.
# Usage: bench/access-changes/ab.sh BEFORE_JAR AFTER_JAR [ROUNDS]
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and curl. Run on a quiet machine.
set -euo pipefail
before=$1 after=$2 rounds=${3:-2}
token=cs_bench_bootstrap_token_0123456789abcdef
key=$(head -c 32 /dev/urandom | base64)
port=18931
here=$(cd "$(dirname "$0")" && pwd)
for round in $(seq 1 "$rounds"); do
	for which in before after; do
		jar=$before; [ "$which" = after ] && jar=$after
		db=countersign_bench_access_${round}_$which
		psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
		data=$(mktemp -d)
		java -Xmx1g -jar "$jar" --server.port=$port \
			--spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres" \
			--countersign.master-key="$key" --countersign.bootstrap-token=$token \
			--countersign.data-dir="$data" >"$data/server.log" 2>&1 &
		pid=$!
		until curl -sf localhost:$port/actuator/health/readiness >/dev/null; do sleep 0.5; done
		java "$here/AccessChangeLoad.java" $port $token users 8 500 warm >/dev/null
		echo "== round $round: $which ($jar)"
		java "$here/AccessChangeLoad.java" $port $token users 1 1000 u1
		java "$here/AccessChangeLoad.java" $port $token users 8 3000 u8
		java "$here/AccessChangeLoad.java" $port $token tokens 8 3000 t8
		kill $pid; wait $pid || true
		psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE $db WITH (FORCE)"
		rm -rf "$data"
	done
done
