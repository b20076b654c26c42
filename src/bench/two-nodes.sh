#!/usr/bin/env bash
# The two-node benchmark: subscribers split over two nodes, the publisher posting to the first one, for
#   ordercast-memory   ordercast with the memory broker on one node (the baseline, the same load),
#   ordercast-redis    two ordercast nodes on one redis-server (ordercast.broker=redis),
#   socketio-redis     two Socket.IO 4.8 processes on the same redis-server with @socket.io/redis-adapter.
# Every server process is pinned to core 0; the generator and redis-server to core 1. Writes
# target/bench-two-nodes/results.md. Run from the repository root:
#
#   src/bench/two-nodes.sh                                  # 10,000 subscribers at 10,000-40,000 deliveries/s
#   BENCH_SCENARIOS="fanout:10000:20000" src/bench/two-nodes.sh
#   BENCH_JAVA_OPTS="-XX:StartFlightRecording=filename=target/node.jfr" src/bench/two-nodes.sh  # options for every node
#
# Needs what src/bench/run.sh needs, and Debian's redis-server.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
out=$root/target/bench-two-nodes
targets=${BENCH_TARGETS:-ordercast-memory ordercast-redis socketio-redis}
server_core=${BENCH_SERVER_CORE:-0}
generator_core=${BENCH_GENERATOR_CORE:-1}
seconds=${BENCH_SECONDS:-10}
read -r -a scenarios <<< "${BENCH_SCENARIOS:-fanout:10000:10000,20000,40000}"
redis_port=${BENCH_REDIS_PORT:-6391}

source src/bench/prepare.sh

rm -rf "$out"
mkdir -p "$out"
{
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "node: $(node --version)"
    echo "redis: $(redis-server --version | awk '{print $3}')"
    echo "seconds per step: $seconds"
    echo "scenarios: ${scenarios[*]}"
    echo "pinning: every server process on core $server_core; generator and redis-server on core $generator_core"
} > "$out/machine.txt"

pids=()
stop_all() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    pids=()
}
trap 'stop_all; redis-cli -p $redis_port shutdown nosave >/dev/null 2>&1 || true' EXIT

taskset -c "$generator_core" redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
    > "$out/redis.log" 2>&1 &
until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.2; done

ordercast_node() { # port broker
    # shellcheck disable=SC2086 # BENCH_JAVA_OPTS holds several options
    ORDERCAST_DB_URL="jdbc:h2:file:$out/db-$1/ordercast" taskset -c "$server_core" java ${BENCH_JAVA_OPTS:-} \
        "${ordercast_options[@]}" \
        -Dordercast.broker="$2" -Dordercast.redis.url="redis://127.0.0.1:$redis_port" \
        -jar target/payara-micro.jar --nocluster --port "$1" \
        --prebootcommandfile server-config/payara/pre-boot-commands.asadmin \
        --deploy target/ordercast.war --contextroot / > "$out/$3.log" 2>&1 &
    pids+=($!)
}

socketio_node() { # port
    REDIS_URL="redis://127.0.0.1:$redis_port" taskset -c "$server_core" node --expose-gc \
        src/bench/peers/socketio-server.js "$1" > "$out/$2.log" 2>&1 &
    pids+=($!)
}

await_ready() { # url
    for _ in $(seq 1 360); do
        curl -sf -o /dev/null "$1" && return 0
        sleep 0.5
    done
    echo "$1 did not answer" >&2
    exit 1
}

for target in $targets; do
    echo "== $target"
    redis-cli -p "$redis_port" flushall >/dev/null
    case $target in
        ordercast-memory)
            ordercast_node 8081 memory ordercast-memory-a
            urls=http://127.0.0.1:8081; dialect=ordercast; extra=(--publish-path /api/v1/publish)
            await_ready http://127.0.0.1:8081/health/ready ;;
        ordercast-redis)
            ordercast_node 8081 redis ordercast-redis-a
            ordercast_node 8082 redis ordercast-redis-b
            urls=http://127.0.0.1:8081,http://127.0.0.1:8082; dialect=ordercast
            extra=(--publish-path /api/v1/publish)
            await_ready http://127.0.0.1:8081/health/ready
            await_ready http://127.0.0.1:8082/health/ready ;;
        socketio-redis)
            socketio_node 8091 socketio-redis-a
            socketio_node 8092 socketio-redis-b
            urls=http://127.0.0.1:8091,http://127.0.0.1:8092; dialect=socketio
            extra=(--publish-path /publish --ready-path /ready --node-memory /memory)
            await_ready http://127.0.0.1:8091/ready
            await_ready http://127.0.0.1:8092/ready ;;
        *) echo "unknown target $target" >&2; exit 2 ;;
    esac
    first=${urls%%,*}
    taskset -c "$generator_core" java -Xmx4g -cp "$generator_cp" org.ordercast.bench.Bench \
        --target "$dialect" --name "$target" --url "$first" --subscriber-urls "$urls" \
        --pid "$(IFS=,; echo "${pids[*]}")" --token "$subscriber_token" --publisher-token "$publisher_token" \
        --out "$out" --seconds "$seconds" "${extra[@]}" --scenarios "${scenarios[@]}" | tee "$out/$target.log"
    stop_all
done

{
    echo "# Two nodes: fan-out through Redis"
    echo
    echo '```'
    cat "$out/machine.txt"
    echo '```'
    echo
    echo "Subscribers split evenly over the nodes, the publisher posting to the first node. Latency is from the"
    echo "publisher's send to the subscriber's receipt, in milliseconds; server CPU is in cores, over every node."
    echo
    echo "| target | subscribers | deliveries/s asked | delivered / expected | p50 | p90 | p99 | max | achieved/s | server cores |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    tail -n +2 "$out/fanout.tsv" | awk -F'\t' '{printf "| %s | %s | %s | %s / %s | %s | %s | %s | %s | %s | %s |\n",
        $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11}'
} > "$out/results.md"
cat "$out/results.md"
