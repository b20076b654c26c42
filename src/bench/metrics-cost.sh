#!/usr/bin/env bash
# What counting costs: the fan-out benchmark (src/bench/run.sh, ordercast alone) with metrics on and with
# ordercast.metrics.enabled=false, alternating in the order on-off, off-on, on-off, ..., so neither setting always
# runs first and a drift of the machine hits both alike. Writes
# target/bench-metrics/results.md: per step the median of the runs and their spread (min-max) of achieved
# deliveries/s, p99 and the server's CPU. Run from the repository root:
#
#   src/bench/metrics-cost.sh                       # 3 runs each, 10,000 subscribers at 20,000 and 60,000/s
#   BENCH_RUNS=5 BENCH_SCENARIOS="fanout:10000:20000" src/bench/metrics-cost.sh
#
# Needs what src/bench/run.sh needs (about 2 minutes per run).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/bench-metrics
runs=${BENCH_RUNS:-3}
export BENCH_TARGETS=ordercast
export BENCH_SCENARIOS=${BENCH_SCENARIOS:-fanout:10000:20000,60000}

rm -rf "$out"
mkdir -p "$out"
for run in $(seq 1 "$runs"); do
    order="on off"
    (( run % 2 == 0 )) && order="off on"
    for metrics in $order; do
        enabled=true
        [[ $metrics == off ]] && enabled=false
        echo "== run $run, metrics $metrics"
        BENCH_JAVA_OPTS="-Dordercast.metrics.enabled=$enabled ${BENCH_JAVA_OPTS:-}" src/bench/run.sh > "$out/run-$run-$metrics.log"
        tail -n +2 target/bench/fanout.tsv | sed "s/^/$metrics\t$run\t/" >> "$out/steps.tsv"
    done
done
cp target/bench/machine.txt "$out/"

# columns of steps.tsv: metrics run target subscribers rate delivered expected p50 p90 p99 max achieved server_cpu ...
{
    echo "# Fan-out with metrics on and off"
    echo
    echo "ordercast alone on Payara Micro, $runs runs each, alternating (on-off, off-on, ...); per step the median of the runs (min-max)."
    echo
    echo '```'
    cat "$out/machine.txt"
    echo '```'
    echo
    echo "| subscribers | deliveries/s | metrics | achieved/s | p99 ms | server CPU (cores) | all delivered |"
    echo "|---:|---:|---|---|---|---|---|"
    awk -F'\t' '
        function stat(key,   n, i, j, t, v) {
            n = split(values[key], v, " ")
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
            return sprintf("%s (%s-%s)", v[int((n + 1) / 2)], v[1], v[n])
        }
        {
            step = $4 "\t" $5; if (!(step in seen)) { seen[step] = 1; order[++steps] = step }
            k = step "\t" $1
            values[k "\ta"] = values[k "\ta"] " " $12
            values[k "\tp"] = values[k "\tp"] " " $10
            values[k "\tc"] = values[k "\tc"] " " $13
            if ($6 < $7) short[k] = "no"
        }
        END {
            for (s = 1; s <= steps; s++) for (m = 1; m <= 2; m++) {
                metrics = m == 1 ? "on" : "off"; k = order[s] "\t" metrics
                split(order[s], f, "\t")
                printf "| %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], metrics, stat(k "\ta"), stat(k "\tp"),
                    stat(k "\tc"), (k in short) ? "no" : "yes"
            }
        }' "$out/steps.tsv"
} > "$out/results.md"
cat "$out/results.md"
