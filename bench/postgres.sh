#!/usr/bin/env bash
# PostgreSQL layer benchmark: primary-key SELECT round trips per second through our pool
# at 16 clients next to `pgbench -S` at 16 clients in the same run, then COPY of 1,000,000
# rows through our COPY API. Targets: our rate >= 0.8x pgbench's; COPY under 5 s.
#
# Usage: bench/postgres.sh [seconds]   (default 10 s per SELECT run)
# Uses the private cluster (.ci/pg) and a database of its own, lodestar_bench.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-10}"
clients=16
scale=10

echo "== building (release)"
swift build -c release --product lodestar >/dev/null
bin="$(swift build -c release --show-bin-path)/lodestar"

.ci/pg start
bindir="$(.ci/pg bindir)"
.ci/pg recreate lodestar_bench
url="$(.ci/pg url lodestar_bench)"

echo "== pgbench -i -s $scale"
"$bindir/pgbench" -i -s "$scale" -q "$url" >/dev/null 2>&1

echo "== pgbench -S -c $clients -j 2 -T $seconds"
pgbench_out="$("$bindir/pgbench" -S -c "$clients" -j 2 -T "$seconds" "$url" 2>&1)"
pgbench_tps="$(echo "$pgbench_out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -n 1)"

# For reference: pgbench with prepared statements, as our layer uses.
echo "== pgbench -S -M prepared -c $clients -j 2 -T $seconds"
prepared_out="$("$bindir/pgbench" -S -M prepared -c "$clients" -j 2 -T "$seconds" "$url" 2>&1)"
prepared_tps="$(echo "$prepared_out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -n 1)"

echo "== lodestar db-bench: $clients clients through the pool, $seconds s; COPY 1,000,000 rows"
ours="$(DATABASE_URL="$url" DATABASE_STATEMENT_TIMEOUT_MS=0 "$bin" db-bench --clients "$clients" --seconds "$seconds" --copy-rows 1000000)"
value() { echo "$ours" | sed -n "s/^$1=//p"; }
ours_rate="$(value select_per_second)"
copy_seconds="$(value copy_seconds)"
copy_rows="$(value copy_rows)"

.ci/pg drop lodestar_bench

ratio="$(awk -v a="$ours_rate" -v b="$pgbench_tps" 'BEGIN { printf "%.2f", a / b }')"
copy_ok="$(awk -v s="$copy_seconds" 'BEGIN { print (s < 5.0) ? "yes" : "NO" }')"
ratio_prepared="$(awk -v a="$ours_rate" -v b="$prepared_tps" 'BEGIN { printf "%.2f", a / b }')"
ratio_ok="$(awk -v r="$ratio" 'BEGIN { print (r >= 0.8) ? "yes" : "NO" }')"

echo
echo "Results (machine: $(nproc) cores, fsync on, unix socket)"
printf '  %-40s %12s\n' "pgbench -S tps ($clients clients)" "$pgbench_tps"
printf '  %-40s %12s\n' "pgbench -S -M prepared tps" "$prepared_tps"
printf '  %-40s %12s\n' "lodestar pool SELECT/s ($clients clients)" "$ours_rate"
printf '  %-40s %12s   (target >= 0.80: %s)\n' "ratio lodestar / pgbench" "$ratio" "$ratio_ok"
printf '  %-40s %12s\n' "ratio lodestar / pgbench -M prepared" "$ratio_prepared"
printf '  %-40s %12s   (target < 5 s: %s)\n' "COPY $copy_rows rows, seconds" "$copy_seconds" "$copy_ok"
