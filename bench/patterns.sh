#!/bin/sh
# Field patterns under the attack of issue 18 (item 3): one 64 KB POST to a form with 50
# text fields whose patterns are ordinary ([A-Za-z]+ ?)+-style ones, every answer ~1,300
# characters of words ending in '!'. Prints the CPU seconds to parse and check it with the
# old ICU path (100 ms per field), with ICU under one 100 ms budget per submission (what a
# pattern stored before the linear engine costs now) and with the linear engine. Nothing
# to set up: no server, no database. Extra arguments go to `lodestar patterns-bench`
# (--fields, --iterations).
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product lodestar >&2
exec .build/release/lodestar patterns-bench "$@"
