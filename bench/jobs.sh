#!/usr/bin/env bash
# Job queue benchmark (issue 10): bulk enqueue of 200,000 no-op jobs, how fast the workers of
# this machine run them, and enqueue-to-start latency with idle workers (LISTEN/NOTIFY).
# Targets on the 2-core machine: >= 20,000 jobs/s; latency p50 < 10 ms, p99 < 50 ms.
#
# Usage: bench/jobs.sh [jobs]   (default 200000)
#   BENCH_WORKERS=N        workers, each like a worker process (default 1)
#   WORKER_CONCURRENCY=N   handler threads per worker (default 2 per core)
#   BENCH_LATENCY_SAMPLES  (default 1000)
#   LODESTAR_BIN           skip the build and run this binary
# Uses DATABASE_URL's server when set, else the private cluster (.ci/pg), and a database of
# its own, lodestar_jobs_bench, dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh

jobs="${1:-200000}"
workers="${BENCH_WORKERS:-1}"
samples="${BENCH_LATENCY_SAMPLES:-1000}"

lodestar_binary
bin=$lodestar

started_cluster=0
if [ -z "${DATABASE_URL:-}" ]; then
    .ci/pg status >/dev/null 2>&1 || started_cluster=1
    .ci/pg start
    .ci/pg recreate lodestar_jobs_bench
    url="$(.ci/pg url lodestar_jobs_bench)"
    cleanup() {
        .ci/pg drop lodestar_jobs_bench || true
        if [ "$started_cluster" = 1 ]; then .ci/pg stop || true; fi
    }
else
    admin="$DATABASE_URL"
    psql "$admin" -qc "DROP DATABASE IF EXISTS lodestar_jobs_bench WITH (FORCE)" -c "CREATE DATABASE lodestar_jobs_bench"
    url="$(echo "$admin" | sed -E 's#(postgres(ql)?://[^/]*/)[^?]*#\1lodestar_jobs_bench#')"
    cleanup() { psql "$admin" -qc "DROP DATABASE IF EXISTS lodestar_jobs_bench WITH (FORCE)" || true; }
fi
trap cleanup EXIT
DATABASE_URL="$url" "$bin" migrate >/dev/null

echo "== lodestar jobs bench: $jobs jobs, $workers worker(s), $samples latency samples"
out="$(DATABASE_URL="$url" DATABASE_STATEMENT_TIMEOUT_MS=0 "$bin" jobs bench --jobs "$jobs" --workers "$workers" --latency-samples "$samples")"
value() { echo "$out" | sed -n "s/^$1=//p"; }

rate="$(value jobs_per_second)"
p50="$(value latency_p50_ms)"
p99="$(value latency_p99_ms)"
rate_ok="$(awk -v r="$rate" 'BEGIN { print (r >= 20000) ? "yes" : "NO" }')"
p50_ok="$(awk -v v="$p50" 'BEGIN { print (v < 10) ? "yes" : "NO" }')"
p99_ok="$(awk -v v="$p99" 'BEGIN { print (v < 50) ? "yes" : "NO" }')"

echo
echo "Results (machine: $(nproc) cores, fsync on; $(value workers) worker(s) x $(value handler_threads) handler threads)"
printf '  %-44s %10s jobs/s  (%s s)\n' "bulk enqueue of $(value enqueued) jobs" "$(value enqueue_per_second)" "$(value enqueue_seconds)"
printf '  %-44s %10s jobs/s  (%s s; target >= 20000: %s)\n' "no-op jobs run, $(value succeeded) queued" "$rate" "$(value run_seconds)" "$rate_ok"
printf '  %-44s %10s ms      (target < 10: %s)\n' "enqueue-to-start latency p50, idle workers" "$p50" "$p50_ok"
printf '  %-44s %10s ms      (target < 50: %s)\n' "enqueue-to-start latency p99" "$p99" "$p99_ok"
