#!/usr/bin/env bash
# Issue 18's resource-exhaustion attacks, reproduced safely on loopback against one
# `lodestar serve` (release build) and a private database. Prints, per attack, what the
# server spent:
#  1. pipeline: CONNECTIONS sockets each send REQUESTS pipelined GET /f/{slug} and never
#     read, held open for 60 s: the server's RSS growth over its idle baseline (target:
#     < 100 MB for 100).
#  2. body: sockets each send 90% of a 1 MB body to POST /login at once, then nothing:
#     how long the server holds each one and what it answers (target: 408 after
#     HTTP_BODY_IDLE_TIMEOUT, default 10 s).
#  3. patterns: a 64 KB POST to a form of 50 fields whose pattern is `([A-Za-z]+ ?)+`,
#     with answers that make a backtracking matcher explode: CPU seconds per request.
# The attack client (bench/attacks/attack.py) bounds every loop in count and time and
# stops when the server's RSS passes 6 GiB.
#
# Usage: bench/attacks.sh [pipeline|body|patterns ...]   (default: all three)
# Settings (environment):
#   PIPELINE_CONNECTIONS (100)  PIPELINE_REQUESTS (20000)  BODY_CONNECTIONS (100)
#   PATTERN_REQUESTS (5)        LODESTAR_BIN: run this binary instead of building
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh

attacks=("$@")
[ ${#attacks[@]} -gt 0 ] || attacks=(pipeline body patterns)

lodestar_binary

start_scratch
bench_database lodestar_attack_bench

# Two active campaigns with published forms: `attack` (name and email) and `patterns`
# (50 text fields, each with the pattern a marketer might write for "words").
plain='{"title":"Attack","introduction":"","submitLabel":"Send",
 "fields":[{"key":"name","type":"text","label":"Name","required":false,"help":"","options":[],"maximum":"200","placeholder":""},
           {"key":"email","type":"email","label":"Email","required":true,"help":"","options":[],"placeholder":""}],
 "completion":{"message":{"_0":"Thanks."}}}'
pattern_fields=$(for i in $(seq 1 50); do
    printf '{"key":"f%d","type":"text","label":"Field %d","required":true,"help":"","options":[],"maximum":"2000","pattern":"([A-Za-z]+ ?)+","placeholder":""}' "$i" "$i"
    if [ "$i" -lt 50 ]; then printf ','; fi
done)
patterned="{\"title\":\"Patterns\",\"introduction\":\"\",\"submitLabel\":\"Send\",\"fields\":[$pattern_fields],\"completion\":{\"message\":{\"_0\":\"Thanks.\"}}}"
psql >/dev/null <<SQL
WITH org AS (INSERT INTO organizations (name) VALUES ('Attack bench') RETURNING id),
c AS (INSERT INTO campaigns (organization_id, name, status, slug)
      SELECT id, 'Attack', 'active', 'attack' FROM org UNION ALL SELECT id, 'Patterns', 'active', 'patterns' FROM org
      RETURNING organization_id, id, slug)
INSERT INTO form_versions (organization_id, campaign_id, version, definition)
SELECT organization_id, id, 1, (CASE slug WHEN 'attack' THEN '$plain' ELSE '$patterned' END)::jsonb FROM c;
SQL

port=$(free_port)
DATABASE_URL="$url" HOST=127.0.0.1 PORT=$port LODESTAR_ENV=production FORM_RATE_LIMIT=0 \
    "$lodestar" serve >"$work/serve.log" 2>&1 &
server_pid=$!
wait_for_port "$port"
status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/f/attack" || echo 000)
if [ "$status" != 200 ]; then echo "GET /f/attack answered $status; not attacking a broken setup." >&2; cat "$work/serve.log" >&2; exit 1; fi
sleep 1

attack() { python3 bench/attacks/attack.py "$@"; }
for name in "${attacks[@]}"; do
    case "$name" in
    pipeline)
        echo "== 1. pipelined GET /f/attack, never read"
        attack pipeline "$port" "$server_pid" /f/attack "${PIPELINE_CONNECTIONS:-100}" "${PIPELINE_REQUESTS:-20000}" 60
        ;;
    body)
        echo "== 2. 90% of a 1 MB body to POST /login, then silence (watched for up to 60 s)"
        attack body "$port" "$server_pid" /login "${BODY_CONNECTIONS:-100}" 1000000 0.9 60
        ;;
    patterns)
        echo "== 3. 64 KB POST /f/patterns, 50 fields matching ([A-Za-z]+ ?)+"
        answer=$(head -c 1250 /dev/zero | tr '\0' 'a')
        for i in $(seq 1 50); do printf 'f%d=%s%%21&' "$i" "$answer"; done | head -c -1 > "$work/patterns.body"
        attack patterns "$port" "$server_pid" /f/patterns "${PATTERN_REQUESTS:-5}" "$work/patterns.body"
        ;;
    *) echo "unknown attack: $name (pipeline, body, patterns)" >&2; exit 2 ;;
    esac
    kill -0 "$server_pid" 2>/dev/null || { echo "lodestar serve died; its log:" >&2; tail -20 "$work/serve.log" >&2; exit 1; }
    sleep 2
done
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
.ci/pg drop lodestar_attack_bench >/dev/null
