#!/usr/bin/env bash
# Landing page benchmark, in one run against one `lodestar serve` (release build) and a
# private database:
#  1. GET /f/{slug} next to GET of a static file, wrk at BENCH_CONNECTIONS connections:
#     req/s of each and the ratio (target >= 0.5).
#  2. POST /f/{slug} with a distinct email per request (bench/landing/post.lua): accepted
#     submissions per second, then a check in SQL that every accepted submission was
#     stored exactly once (PASS/FAIL).
#  3. pgbench at the same client count doing the same inserts one transaction per
#     submission (bench/landing/pgbench.sql): its tps, and our rate / pgbench (target >= 1).
#
# Usage: bench/landing.sh
# Settings (environment):
#   BENCH_THREADS (2)  BENCH_CONNECTIONS (64)  BENCH_DURATION (10, seconds)
#   LODESTAR_BIN       run this binary instead of building .build/release/lodestar
#   HTTP_WORKERS (64)  handler threads; submissions wait in them for their commit, so
#                      group commit needs about one per concurrent submission
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh

threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-64}
duration=${BENCH_DURATION:-10}
drain=2
workers=${HTTP_WORKERS:-64}

.ci/deps wrk >/dev/null

lodestar_binary

start_scratch
bench_database lodestar_landing_bench

# An organization with two active campaigns and published forms: `bench` for the server,
# `pgbench` for pgbench (so their counts never mix).
definition='{"title":"Benchmark webinar","introduction":"Register for the webinar.","submitLabel":"Register",
 "fields":[{"key":"name","type":"text","label":"Your name","required":false,"help":"","options":[],"maximum":"200","placeholder":""},
           {"key":"email","type":"email","label":"Email address","required":true,"help":"We never share it.","options":[],"placeholder":""}],
 "completion":{"message":{"_0":"Thank you! We will be in touch soon."}}}'
read -r org bench_campaign pgbench_campaign < <(psql <<SQL
WITH org AS (INSERT INTO organizations (name) VALUES ('Landing bench') RETURNING id),
c1 AS (INSERT INTO campaigns (organization_id, name, status, slug) SELECT id, 'Bench', 'active', 'bench' FROM org RETURNING organization_id, id),
c2 AS (INSERT INTO campaigns (organization_id, name, status, slug) SELECT id, 'Pgbench', 'active', 'pgbench' FROM org RETURNING organization_id, id),
v AS (INSERT INTO form_versions (organization_id, campaign_id, version, definition)
      SELECT organization_id, id, 1, '$definition'::jsonb FROM c1 UNION ALL SELECT organization_id, id, 1, '$definition'::jsonb FROM c2)
SELECT (SELECT id FROM org), (SELECT id FROM c1), (SELECT id FROM c2);
SQL
)

port=$(free_port)
static_file=$(find Public -type f -size -16k -printf '%s %P\n' | sort -n | awk 'NR==1 {print $2}')
DATABASE_URL="$url" HOST=127.0.0.1 PORT=$port LODESTAR_ENV=production FORM_RATE_LIMIT=0 HTTP_WORKERS=$workers \
    "$lodestar" serve >"$work/serve.log" 2>&1 &
server_pid=$!
wait_for_port "$port"
base="http://127.0.0.1:$port"
for target in "/f/bench" "/static/$static_file"; do
    status=$(curl -s -o /dev/null -w '%{http_code}' "$base$target" || echo 000)
    if [ "$status" != 200 ]; then echo "GET $target answered $status; not benchmarking a broken setup." >&2; cat "$work/serve.log" >&2; exit 1; fi
done

rps() { awk '/^Requests\/sec:/ {print $2}'; }
echo "== wrk -t$threads -c$connections -d${duration}s; $(nproc) cores; HTTP_WORKERS=$workers"
answered() { awk '/requests in/ {print $1}'; }
wrk -t"$threads" -c"$connections" -d2s "$base/static/$static_file" >/dev/null
warm_out=$(wrk -t"$threads" -c"$connections" -d2s "$base/f/bench")
static_rps=$(wrk -t"$threads" -c"$connections" -d"${duration}s" "$base/static/$static_file" | rps)
form_out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" "$base/f/bench")
form_rps=$(echo "$form_out" | rps)
# Views wrk saw answered (plus the one curl check); a few more may have been answered
# after wrk stopped reading.
form_gets=$(( $(echo "$warm_out" | answered) + $(echo "$form_out" | answered) + 1 ))

echo "== POST /f/bench, $duration s (the last $drain s only GET a 404 page, so no POST is cut off)"
post_out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 10s -s bench/landing/post.lua "$base" -- /f/bench "$duration" "$drain")
accepted=$(echo "$post_out" | sed -n 's/^accepted=//p')
posted=$(echo "$post_out" | sed -n 's/^posted=//p')
refused=$(echo "$post_out" | sed -n 's/^refused=//p')
read -r leads distinct span < <(psql -c "
    SELECT count(*), count(DISTINCT email), extract(epoch FROM max(created_at) - min(created_at))
    FROM leads WHERE campaign_id = $bench_campaign")
rollup=$(psql -c "SELECT coalesce(sum(submissions), 0) FROM campaign_daily_stats WHERE campaign_id = $bench_campaign")
post_seconds=$(echo "$post_out" | sed -n 's/^posting_seconds=//p')
post_rate=$(awk -v a="$accepted" -v s="$post_seconds" 'BEGIN {printf "%.0f", (s > 0 ? a / s : 0)}')

echo "== pgbench -c $connections -j $threads -T $duration (one transaction per submission)"
pgbench_out=$("$bindir/pgbench" -n -c "$connections" -j "$threads" -T "$duration" -f bench/landing/pgbench.sql \
    -D org="$org" -D campaign="$pgbench_campaign" "$url" 2>&1)
pgbench_tps=$(echo "$pgbench_out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -n 1)

if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "lodestar serve is no longer running; the end of its log:" >&2
    grep -v '^{' "$work/serve.log" | tail -40 >&2
    exit 1
fi
# SIGTERM: serve stops, then writes the views still buffered.
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
read -r views view_events < <(psql -c "
    SELECT (SELECT coalesce(sum(views), 0) FROM campaign_daily_stats WHERE campaign_id = $bench_campaign),
           (SELECT count(*) FROM events WHERE campaign_id = $bench_campaign AND kind = 'form_view')")
.ci/pg drop lodestar_landing_bench >/dev/null

get_ratio=$(awk -v a="$form_rps" -v b="$static_rps" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
post_ratio=$(awk -v a="$post_rate" -v b="$pgbench_tps" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
verdict() { if awk "BEGIN {exit !($1)}"; then echo "ok"; else echo "MISSED"; fi; }
exact=FAIL
if [ "$accepted" -gt 0 ] && [ "$leads" = "$accepted" ] && [ "$distinct" = "$leads" ] && [ "$rollup" = "$leads" ]; then exact=PASS; fi

echo
printf '%-52s %12s\n' "GET /static/$static_file req/s" "$static_rps"
printf '%-52s %12s\n' "GET /f/bench req/s" "$form_rps"
printf '%-52s %12s   (target >= 0.50: %s)\n' "ratio form / static" "$get_ratio" "$(verdict "$get_ratio >= 0.5")"
printf '%-52s %12s\n' "GET /f/bench answered / views in rollup / events" "$form_gets / $views / $view_events"
printf '%-52s %12s\n' "POSTs made / accepted (200, 303) / other status" "$posted / $accepted / $refused"
printf '%-52s %12s\n' "accepted submissions/s (over ${post_seconds} s of posting)" "$post_rate"
printf '%-52s %12s\n' "leads stored / distinct emails / rollup" "$leads / $distinct / $rollup"
printf '%-52s %12s\n' "every accepted submission stored exactly once" "$exact"
printf '%-52s %12s\n' "span of lead created_at (s)" "$span"
printf '%-52s %12s\n' "pgbench tps (same inserts, 1 transaction each)" "$pgbench_tps"
printf '%-52s %12s   (target >= 1.00: %s)\n' "ratio submissions/s / pgbench tps" "$post_ratio" "$(verdict "$post_ratio >= 1")"
[ "$exact" = PASS ]
