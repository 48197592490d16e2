#!/usr/bin/env bash
# HTTP benchmark: wrk against `lodestar serve` (a small static file and /healthz) and
# against nginx (Debian's nginx-light, 2 workers) serving the same file, in one run.
# Prints req/s, p99 latency, lodestar's peak RSS and the ratio to nginx.
#
# Usage: bench/http.sh
# Settings (environment):
#   BENCH_THREADS (2)  BENCH_CONNECTIONS (64)  BENCH_DURATION (10s)
#   BENCH_ROUNDS (1)   run every target this many times and print medians
#   BENCH_FILE         file under Public/ to serve (default: the smallest file there, or a
#                      generated 1 KiB page when Public/ is empty)
#   LODESTAR_BIN       run this binary instead of building .build/release/lodestar
#   DATABASE_URL       the database lodestar serve uses (default: a fresh migrated database
#                      in the private cluster of .ci/pg)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh

threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-64}
duration=${BENCH_DURATION:-10s}
rounds=${BENCH_ROUNDS:-1}

.ci/deps wrk nginx-light

lodestar_binary

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# The file both servers serve: BENCH_FILE, else the smallest file under Public/, else a
# generated 1 KiB page in a temporary public directory (served through PUBLIC_DIR).
public_dir=Public
if [ -n "${BENCH_FILE:-}" ]; then
    file=$BENCH_FILE
else
    file=$(find Public -type f -size -16k -printf '%s %P\n' 2>/dev/null | sort -n | awk 'NR==1 {print $2}' || true)
fi
if [ -z "$file" ]; then
    public_dir=$work/public
    mkdir -p "$public_dir"
    file=bench.html
    { echo '<!doctype html><title>bench</title>'; head -c 960 /dev/zero | tr '\0' 'x'; echo; } >"$public_dir/$file"
fi
if [ ! -f "$public_dir/$file" ]; then
    echo "No file $public_dir/$file to serve (BENCH_FILE is a path under Public/)." >&2
    exit 1
fi
public_dir=$(cd "$public_dir" && pwd)


# lodestar serve needs its database: the caller's DATABASE_URL, or a migrated database in
# the project's private cluster (.ci/pg), which is stopped again if this script started it.
if [ -z "${DATABASE_URL:-}" ]; then
    if ! .ci/pg status >/dev/null 2>&1; then
        .ci/pg start >/dev/null
        trap 'cleanup; .ci/pg stop >/dev/null 2>&1 || true' EXIT INT TERM
    fi
    .ci/pg recreate lodestar_bench >/dev/null
    DATABASE_URL=$(.ci/pg url lodestar_bench)
    export DATABASE_URL
    "$lodestar" migrate >/dev/null
fi

# nginx: 2 workers, its own configuration and temp paths. Both servers log every request
# (nginx's default access log, one write per line, as lodestar's access log does).
nginx_port=$(free_port)
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"
cat > "$work/nginx.conf" <<CONF
$user_line
worker_processes 2;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log $work/nginx-access.log;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    open_file_cache max=100;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    types { text/html html; text/css css; application/javascript js; text/plain txt; image/svg+xml svg; }
    server {
        listen 127.0.0.1:$nginx_port;
        location /static/ { alias $public_dir/; }
    }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" &
pids+=($!)

lodestar_port=$(free_port)
HOST=127.0.0.1 PORT=$lodestar_port PUBLIC_DIR=$public_dir LODESTAR_ENV=production "$lodestar" serve >"$work/lodestar.log" 2>&1 &
lodestar_pid=$!
pids+=("$lodestar_pid")

wait_for_port "$nginx_port"
wait_for_port "$lodestar_port"

# Runs wrk; prints "req/s p99" (p99 in milliseconds).
run_wrk() {
    local url=$1 output
    output=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "$url")
    echo "$output" >>"$work/wrk.log"
    local rps p99
    rps=$(echo "$output" | awk '/^Requests\/sec:/ {print $2}')
    p99=$(echo "$output" | awk '$1 == "99%" {print $2}')
    echo "$rps $(to_ms "$p99")"
}

# wrk prints latencies as 812.00us, 1.23ms or 2.01s.
to_ms() {
    local value=$1
    case "$value" in
        *us) awk -v v="${value%us}" 'BEGIN {printf "%.3f", v / 1000}' ;;
        *ms) awk -v v="${value%ms}" 'BEGIN {printf "%.3f", v}' ;;
        *s) awk -v v="${value%s}" 'BEGIN {printf "%.3f", v * 1000}' ;;
        *) echo "nan" ;;
    esac
}

check_status() {
    local url=$1 status
    status=$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null || echo "000")
    if [ "$status" != "200" ]; then
        echo "GET $url answered $status, not 200; not benchmarking a broken setup." >&2
        exit 1
    fi
}
if command -v curl >/dev/null; then
    check_status "http://127.0.0.1:$lodestar_port/static/$file"
    check_status "http://127.0.0.1:$lodestar_port/healthz"
    check_status "http://127.0.0.1:$nginx_port/static/$file"
fi

size=$(stat -c %s "$public_dir/$file")
echo "wrk -t$threads -c$connections -d$duration --latency; file $public_dir/$file ($size bytes); $(nproc) cores; $rounds round(s)"
echo "Warming up..."
wrk -t"$threads" -c"$connections" -d2s "http://127.0.0.1:$lodestar_port/static/$file" >/dev/null
wrk -t"$threads" -c"$connections" -d2s "http://127.0.0.1:$nginx_port/static/$file" >/dev/null

# Each round runs the three targets back to back; with several rounds the printed figures
# are medians, which keeps a burst of other work on the machine from deciding the result.
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
all_static_rps=(); all_static_p99=(); all_health_rps=(); all_health_p99=(); all_nginx_rps=(); all_nginx_p99=()
for round in $(seq 1 "$rounds"); do
    [ "$rounds" -gt 1 ] && echo "round $round of $rounds..."
    read -r rps p99 < <(run_wrk "http://127.0.0.1:$lodestar_port/static/$file"); all_static_rps+=("$rps"); all_static_p99+=("$p99")
    read -r rps p99 < <(run_wrk "http://127.0.0.1:$nginx_port/static/$file"); all_nginx_rps+=("$rps"); all_nginx_p99+=("$p99")
    read -r rps p99 < <(run_wrk "http://127.0.0.1:$lodestar_port/healthz"); all_health_rps+=("$rps"); all_health_p99+=("$p99")
done
static_rps=$(median "${all_static_rps[@]}"); static_p99=$(median "${all_static_p99[@]}")
health_rps=$(median "${all_health_rps[@]}"); health_p99=$(median "${all_health_p99[@]}")
nginx_rps=$(median "${all_nginx_rps[@]}"); nginx_p99=$(median "${all_nginx_p99[@]}")
rss_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$lodestar_pid/status")

[ "$rounds" -gt 1 ] && echo && echo "medians of $rounds rounds:"
printf '\n%-28s %12s %10s\n' "target" "req/s" "p99 (ms)"
printf '%-28s %12s %10s\n' "lodestar /static/$file" "$static_rps" "$static_p99"
printf '%-28s %12s %10s\n' "lodestar /healthz" "$health_rps" "$health_p99"
printf '%-28s %12s %10s\n' "nginx /static/$file" "$nginx_rps" "$nginx_p99"
ratio=$(awk -v a="$static_rps" -v b="$nginx_rps" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
rss_mb=$(awk -v k="$rss_kb" 'BEGIN {printf "%.1f", k / 1024}')
echo
echo "lodestar peak RSS (VmHWM): $rss_mb MB"
echo "static file: lodestar / nginx = ${ratio}x"
verdict() { if awk "BEGIN {exit !($1)}"; then echo "ok"; else echo "MISSED"; fi; }
echo
echo "targets: req/s >= 0.8x nginx: $(verdict "$ratio >= 0.8"); p99 < 5 ms: $(verdict "$static_p99 < 5 && $health_p99 < 5"); RSS < 50 MB: $(verdict "$rss_mb < 50")"
