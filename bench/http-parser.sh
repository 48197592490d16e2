#!/usr/bin/env bash
# Parser and serializer throughput: compiles bench/HTTPParserBench.swift with Sources/HTTP
# (-O) and prints requests per second. Figures only; nothing is asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
swiftc -O -parse-as-library -module-name HTTPParserBench -o bench/out/http-parser-bench \
    Sources/HTTP/*.swift bench/HTTPParserBench.swift
bench/out/http-parser-bench
