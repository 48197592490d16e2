#!/bin/sh
# Template engine benchmark: renders a 1,000-row lead table page (8 columns, values that
# need HTML escaping, inside the real layout) and a dashboard page many times, and prints
# the median time per render and the output rate. Target: the lead table under 1 ms
# and above 100 MB/s. Extra arguments go to `lodestar templates bench` (--rows, --iterations).
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product lodestar >&2
exec .build/release/lodestar templates bench --dir Templates --fixtures bench/templates "$@"
