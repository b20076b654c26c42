#!/usr/bin/env bash
# The fan-out benchmark: ordercast on Payara Micro, then Socket.IO 4.8, then a plain ws server, each pinned to
# core 0 and driven by the same load generator pinned to core 1. Writes target/bench/results.md and
# target/bench/latency.png. Run from the repository root:
#
#   src/bench/run.sh                 # the full run (about 25 minutes)
#   BENCH_QUICK=1 src/bench/run.sh   # a short smoke run of the same scenarios
#   BENCH_TARGETS="ordercast" src/bench/run.sh
#   BENCH_SCENARIOS="fanout:1000:20000,40000" src/bench/run.sh   # only the scenarios named (syntax as below)
#   BENCH_JAVA_OPTS="-Dordercast.metrics.enabled=false" src/bench/run.sh   # options for the ordercast JVM
#   BENCH_RUNS=3 src/bench/run.sh    # every target three times, interleaved (75 min); each figure the median and range
#   BENCH_FANOUT_PUBLISH_WARMUP=30 src/bench/run.sh  # 30 s of publishing, then an idle server, before fan-out
#   BENCH_TRACE=1 src/bench/run.sh   # also target/bench/trace-<target>-<n>.tsv: each publication's first and last
#                                    # receipt, to find the publications a fan-out step's tail comes from
#   BENCH_HISTOGRAMS=1 src/bench/run.sh  # also target/bench/histogram-<target>-before.txt and -held.txt: the class
#                                    # histograms the connections scenario's heap figure is counted from (a JVM's)
#
# Scenario publish:<connections>:<channels> is concurrent REST publishing with wrk (16 connections, 500 store
# channels by default); publish:<connections>:<channels>:<n> sends batches of n publications to ordercast's
# /api/v1/publish/batch instead (the peers have no batch endpoint and skip it), each figure per publication but the
# latencies, which are each batch's request's; publish:<connections>:<channels>:ws sends ordercast's publish frames
# over that many WebSocket connections signed in as the publisher, one in flight on each (SocketPublishers). Both run after BENCH_PUBLISH_WARMUP seconds of the same load (120: a JVM on one core is still
# compiling for about two minutes), BENCH_PUBLISH_ROUNDS rounds of BENCH_SECONDS (3), reported as the median and
# range of publications/s, p50 and p99 per target (target/bench/publish.tsv, appended to results.md), with the
# time the server's core gave to other processes and to the hypervisor (steal) in each round. With
# BENCH_PUBLISH_CHURN=<n>, n of every 100 publications go to order channels that take five each and no more
# (ordercast forgets them a minute after their last: prepare.sh gives the order namespace a history of one minute).
#
# Needs a JDK 17, Maven, Node.js 20 with npm, taskset (util-linux) and gnuplot (installed with apt-get when this
# runs as root and it is missing; without it the table is written and the plot skipped).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
out=$root/target/bench
targets=${BENCH_TARGETS:-ordercast socketio ws}
server_core=${BENCH_SERVER_CORE:-0}
generator_core=${BENCH_GENERATOR_CORE:-1}

if [[ -n "${BENCH_QUICK:-}" ]]; then
    seconds=3
    scenarios=(fanout:1000:10000,20000 fanout:10000:20000,60000 slow:1000:20000 connections:5000 publish:16:500)
else
    seconds=${BENCH_SECONDS:-10}
    scenarios=(fanout:1000:5000,10000,20000,40000,60000,80000,100000
               fanout:10000:10000,20000,40000,60000,80000,100000
               slow:1000:20000
               connections:19000
               publish:16:500)
fi

if [[ -n "${BENCH_SCENARIOS:-}" ]]; then
    read -r -a scenarios <<< "$BENCH_SCENARIOS"
fi
generated=()
publishing=()
for scenario in "${scenarios[@]}"; do
    if [[ $scenario == publish:* ]]; then publishing+=("$scenario"); else generated+=("$scenario"); fi
done
# With BENCH_FANOUT_PUBLISH_WARMUP=<seconds>, the same concurrent publishing as publish:16:500 for that long before
# the fan-out scenarios, and then until the server is idle, so that a JVM's publish path is compiled before fan-out
# is measured: the generator's own publishing (20 to 100 requests a second) leaves a JVM compiling its HTTP path
# minutes later, on the server's one core, in the middle of a fan-out step. Off by default: it also made the
# Socket.IO peer's fan-out costlier (RESULTS.md, "After this run").
fanout_publish_warmup=${BENCH_FANOUT_PUBLISH_WARMUP:-0}
if (( ${#generated[@]} == 0 )); then fanout_publish_warmup=0; fi
if (( ${#publishing[@]} || fanout_publish_warmup > 0 )) && ! command -v wrk >/dev/null && [[ $(id -u) == 0 ]]; then
    (apt-get update -q && apt-get install -y -q wrk) >/dev/null
fi
if (( fanout_publish_warmup > 0 )) && ! command -v wrk >/dev/null; then
    echo "no wrk: the fan-out scenarios start without publishing first" >&2
    fanout_publish_warmup=0
fi

if ! command -v gnuplot >/dev/null && [[ $(id -u) == 0 ]]; then
    (apt-get update -q && apt-get install -y -q gnuplot-nox) >/dev/null
fi

source src/bench/prepare.sh

rm -rf "$out"
mkdir -p "$out"
{
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
    echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
    echo "os: $(uname -sr)"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "node: $(node --version)"
    echo "seconds per step: $seconds"
    echo "scenarios: ${scenarios[*]}"
    echo "pinning: server on core $server_core, generator on core $generator_core"
    echo "runs: ${BENCH_RUNS:-1}"
    echo "publishing before the fan-out scenarios: ${fanout_publish_warmup} s"
    echo "publications to short-lived order channels, in 100: ${BENCH_PUBLISH_CHURN:-0}"
} > "$out/machine.txt"

server_pid=
stop_server() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid"
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=
}
trap stop_server EXIT

runs=${BENCH_RUNS:-1}
for run in $(seq 1 "$runs"); do
    if (( runs > 1 )); then echo "== run $run of $runs"; fi
    for target in $targets; do
        echo "== $target"
        port=8080
        extra=()
        case $target in
            ordercast)
                # shellcheck disable=SC2086 # BENCH_JAVA_OPTS holds several options
                ORDERCAST_DB_URL="jdbc:h2:file:$out/db/ordercast" taskset -c "$server_core" java ${BENCH_JAVA_OPTS:-} \
                    "${ordercast_options[@]}" \
                    -jar target/payara-micro.jar --nocluster --port $port \
                    --prebootcommandfile server-config/payara/pre-boot-commands.asadmin \
                    --deploy target/ordercast.war --contextroot / > "$out/ordercast-server.log" 2>&1 &
                server_pid=$!
                extra=(--ready-path /health/ready --publish-path /api/v1/publish)
                ;;
            socketio|ws)
                port=8090
                taskset -c "$server_core" node --expose-gc "src/bench/peers/$target-server.js" $port \
                    > "$out/$target-server.log" 2>&1 &
                server_pid=$!
                extra=(--ready-path /ready --publish-path /publish --node-memory /memory)
                ;;
            *) echo "unknown target $target" >&2; exit 2 ;;
        esac
        await_ready() {
            until curl -fs "http://127.0.0.1:$port${extra[1]}" >/dev/null; do sleep 1; done
        }
        # the server's own CPU time so far (utime + stime), in ticks of 10 ms
        server_ticks() {
            sed 's/.*) //' "/proc/$server_pid/stat" | awk '{ print $12 + $13 }'
        }
        # concurrent REST publishing for <seconds> over <connections> to <channels> store channels
        # (in batches of <n> with a fourth argument)
        wrk_run() {
            local batch=${4:-1} path=${extra[3]}
            if [[ ${5:-http} == ws ]]; then
                taskset -c "$generator_core" java -cp "$generator_cp" org.ordercast.bench.SocketPublishers \
                    "ws://127.0.0.1:$port/ws" "$publisher_token" "$2" "$3" "$1" 2>> "$out/publish-refused-$target.log"
                return
            fi
            if (( batch > 1 )); then path=$path/batch; fi
            PUBLISHER_TOKEN=$publisher_token PUBLISH_PATH=$path CHANNELS=$3 BATCH=$batch CHURN=${BENCH_PUBLISH_CHURN:-0} \
                taskset -c "$generator_core" wrk -t1 -c"$2" -d"$1"s --latency -s src/bench/publish.lua \
                "http://127.0.0.1:$port" 2>> "$out/publish-refused-$target.log"
        }
        if (( ${#generated[@]} )) && (( fanout_publish_warmup > 0 )); then
            await_ready
            echo "publishing for ${fanout_publish_warmup} s before the fan-out scenarios, then waiting for the server to idle (not measured)"
            wrk_run "$fanout_publish_warmup" 16 500 > /dev/null
            # then until the server is idle (under 5 % of a core over 2 s, for at most 3 minutes): a JVM compiles
            # what that load made hot for a minute or more afterwards
            for _ in $(seq 90); do
                cpu_before=$(server_ticks)
                sleep 2
                cpu_after=$(server_ticks)
                if (( cpu_after - cpu_before < 10 )); then break; fi
            done
        fi
        if (( ${#generated[@]} )); then
            taskset -c "$generator_core" java -Xmx4g -cp "$generator_cp" org.ordercast.bench.Bench \
                --target "$target" --url "http://127.0.0.1:$port" --pid "$server_pid" --server-core "$server_core" \
                --token "$subscriber_token" --publisher-token "$publisher_token" \
                --out "$out" --seconds "$seconds" --trace "$([[ -n ${BENCH_TRACE:-} ]] && echo true || echo false)" \
                "${extra[@]}" --scenarios "${generated[@]}" | tee -a "$out/$target.log"
        else
            await_ready
        fi
        for scenario in "${publishing[@]}"; do
            IFS=: read -r _ connections channels batch <<< "$scenario"
            over=http
            if [[ $batch == ws ]]; then over=ws; batch=1; fi
            batch=${batch:-1}
            if (( batch > 1 )) && [[ $target != ordercast ]]; then
                echo "publish: $scenario skipped, $target has no batch endpoint"
                continue
            fi
            if [[ $over == ws ]] && [[ $target != ordercast ]]; then
                echo "publish: $scenario skipped, $target has no publishing over WebSocket"
                continue
            fi
            label=$channels
            if (( batch > 1 )); then label="$channels, batches of $batch"; fi
            if [[ $over == ws ]]; then label="$channels, over WebSocket"; fi
            # a JVM server's collections and their pauses so far (jstat), "- -" for a Node server
            gc_sample() {
                if [[ $target == ordercast ]]; then
                    jstat -gc "$server_pid" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
                        NR == 2 { print $col["YGC"] + $col["FGC"], $col["GCT"] }'
                else
                    echo "- -"
                fi
            }
            # the server core's busy and stolen time so far and the server's own CPU time, in ticks of 10 ms
            # (/proc/stat, /proc/<pid>/stat): what the core spent on anything but the server is someone else's
            core_sample() {
                awk -v cpu="cpu$server_core" '$1 == cpu { print $2 + $3 + $4 + $7 + $8, $9 }' /proc/stat
                server_ticks
            }
            echo "publish: $connections connections, $channels channels$( (( batch > 1 )) && echo ", batches of $batch")$(
                [[ $over == ws ]] && echo ", over WebSocket"), warming up"
            wrk_run "${BENCH_PUBLISH_WARMUP:-120}" "$connections" "$channels" "$batch" "$over" > /dev/null
            for round in $(seq 1 "${BENCH_PUBLISH_ROUNDS:-3}"); do
                gc_before=$(gc_sample)
                core_before=$(core_sample)
                wrk_run "$seconds" "$connections" "$channels" "$batch" "$over" > "$out/publish-round.txt"
                # milliseconds of the server's core taken by other processes and by the hypervisor in the round
                # (sampled before jstat runs)
                core=$(echo $core_before $(core_sample) \
                    | awk '{ others = ($4 - $1) - ($6 - $3); printf "%d\t%d\n", (others > 0 ? others : 0) * 10, ($5 - $2) * 10 }')
                gc=$(printf '%s %s\n' "$gc_before" "$(gc_sample)" \
                    | awk '$1 == "-" { print "-\t-"; next } { printf "%d\t%.0f\n", $3 - $1, ($4 - $2) * 1000 }')
                awk -v t="$target" -v c="$connections" -v n="$label" -v gc="$gc" -v core="$core" -v batch="$batch" '
                    function ms(v) { return v ~ /us$/ ? v / 1000 : v ~ /ms$/ ? v + 0 : v * 1000 }
                    / 50%/ { p50 = ms($2) } / 99%/ { p99 = ms($2) } /Requests\/sec/ { rate = $2 * batch }
                    END { printf "%s\t%s\t%s\t%.0f\t%.2f\t%.2f\t%s\t%s\n", t, c, n, rate, p50, p99, gc, core }' \
                    "$out/publish-round.txt" | tee -a "$out/publish.tsv"
            done
        done
        stop_server
    done
done

if (( ${#generated[@]} )); then
    java -cp "$generator_cp" org.ordercast.bench.Report "$out"
fi
if [[ -s $out/publish.tsv ]]; then
    # columns: target connections channels publications/s p50 p99 collections pause-ms others-ms steal-ms; per
    # target the median of the rounds (min-max)
    {
        echo
        echo "## Concurrent REST publishing"
        echo
        echo "| target | connections | channels | publications/s | p50 ms | p99 ms | GC pauses ms per round | others on the server's core, ms per round |"
        echo "|---|---:|---:|---|---|---|---|---|"
        sort -k1,1 -s "$out/publish.tsv" | awk -F'\t' '
            function stat(list,   n, i, j, t, v) {
                n = split(list, v, " ")
                for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
                return sprintf("%s (%s-%s)", v[int((n + 1) / 2)], v[1], v[n])
            }
            { key = $1 "\t" $2 "\t" $3; if (!(key in seen)) { seen[key] = 1; order[++k] = key }
              r[key] = r[key] " " $4; a[key] = a[key] " " $5; b[key] = b[key] " " $6; g[key] = g[key] " " $8
              o[key] = o[key] " " $9 + $10 }
            END { for (i = 1; i <= k; i++) { split(order[i], f, "\t")
                  printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], f[3], stat(r[order[i]]),
                      stat(a[order[i]]), stat(b[order[i]]), g[order[i]] ~ /-/ ? "-" : stat(g[order[i]]),
                      stat(o[order[i]]) } }'
    } >> "$out/results.md"
    sed -n '/Concurrent REST publishing/,$p' "$out/results.md"
fi
