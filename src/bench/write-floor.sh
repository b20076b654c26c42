#!/usr/bin/env bash
# The kernel's floor under a fan-out: a bare Java writer pinned to the server's core sends one frame to each of N
# loopback connections (one non-blocking write each, nothing else), a reader pinned to the generator's core drains
# them. A round stands for one publication; it is the least any server writing once per subscriber spends on it
# here. Run from the repository root:
#
#   src/bench/write-floor.sh                     # 1,000 and 10,000 connections, 330-byte frames, 40 rounds each
#   BENCH_CONNECTIONS="10000" BENCH_FRAME=400 src/bench/write-floor.sh
#   BENCH_ORDER=shuffled src/bench/write-floor.sh   # the connections in a random order, as a hash map iterates them
set -euo pipefail
cd "$(dirname "$0")/../.."
server_core=${BENCH_SERVER_CORE:-0}
generator_core=${BENCH_GENERATOR_CORE:-1}
port=${BENCH_PORT:-9931}
mvn -B -q -ntp -f src/bench/pom.xml package
cp=src/bench/target/classes
for connections in ${BENCH_CONNECTIONS:-1000 10000}; do
    taskset -c "$server_core" java -cp "$cp" org.ordercast.bench.WriteFloor writer "$port" "$connections" \
        "${BENCH_FRAME:-330}" "${BENCH_ROUNDS:-40}" "${BENCH_ORDER:-accepted}" &
    writer=$!
    taskset -c "$generator_core" java -cp "$cp" org.ordercast.bench.WriteFloor reader "$port" "$connections"
    wait "$writer"
done
