# Lodestar: `make run` serves the app, `make test` runs every test. Both install what is
# missing first, so a fresh Debian machine needs nothing else.
SWIFT ?= swift
SWIFT_FLAGS ?=
BIN_DEBUG := .build/debug/lodestar

PG := .ci/pg

.PHONY: all deps build release run test clean fuzz fuzz-http fuzz-mustache fuzz-dns fuzz-pattern db-start db-stop admin

all: build

deps:
	@.ci/deps

build: deps
	$(SWIFT) build $(SWIFT_FLAGS)

release: deps
	$(SWIFT) build -c release $(SWIFT_FLAGS)

# Without a DATABASE_URL of your own, `run` and `test` use the private PostgreSQL cluster
# under .data/ (see .ci/pg), started on demand; `make db-stop` stops it.
# `run` migrates, then `lodestar seed-demo` tops up the demo organization and prints its
# sign-in (SEED_DEMO=0 skips it), then serves. The demo password is made once and kept in
# .data/demo-password, so it stays the same from one `make run` to the next.
run: build
	@set -e; \
	if [ -z "$$DATABASE_URL" ]; then $(PG) start; DATABASE_URL="$$($(PG) url)"; export DATABASE_URL; fi; \
	$(BIN_DEBUG) migrate >/dev/null; \
	if [ "$${SEED_DEMO:-1}" != 0 ]; then \
	  mkdir -p .data; \
	  [ -s .data/demo-password ] || (umask 077; od -An -tx1 -N16 /dev/urandom | tr -d ' \n' > .data/demo-password); \
	  $(BIN_DEBUG) seed-demo --password "$$(cat .data/demo-password)"; \
	fi; \
	LODESTAR_ENV=$${LODESTAR_ENV:-development} exec $(BIN_DEBUG) serve

# Each run gets a fresh database: lodestar_template is rebuilt and migrated, then copied to
# lodestar_test_<time>_<pid> (older test databases are dropped).
# The browser tests drive headless Chromium through chromedriver and the DNS tests start
# dnsmasq, so `test` also installs them.
test: deps
	@.ci/deps chromium chromium-driver dnsmasq
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	@set -e; \
	if [ -z "$$DATABASE_URL" ]; then \
		$(PG) start; \
		$(PG) recreate lodestar_template; \
		DATABASE_URL="$$($(PG) url lodestar_template)" $(BIN_DEBUG) migrate >/dev/null; \
		DATABASE_URL="$$($(PG) url "$$($(PG) test-database lodestar_template)")"; \
		export DATABASE_URL; \
	fi; \
	$(SWIFT) test --skip-build $(SWIFT_FLAGS)

# Creates (or updates) an admin in the database `make run` uses, e.g.
#   make admin EMAIL=you@example.com ORG="Acme"      (asks for the password)
admin: build
	@test -n "$(EMAIL)" -a -n "$(ORG)" || { echo 'usage: make admin EMAIL=you@example.com ORG="Acme"' >&2; exit 2; }
	@set -e; \
	if [ -z "$$DATABASE_URL" ]; then $(PG) start; DATABASE_URL="$$($(PG) url)"; export DATABASE_URL; fi; \
	$(BIN_DEBUG) migrate >/dev/null; \
	$(BIN_DEBUG) create-admin --email "$(EMAIL)" --org "$(ORG)"

db-start:
	@$(PG) start

db-stop:
	@$(PG) stop
	@LODESTAR_PG_CLUSTER=restart-test $(PG) stop
	@LODESTAR_PG_CLUSTER=jobs-restart-test $(PG) stop

# libFuzzer runs of the HTTP request parser, the Mustache engine, the DNS message decoder
# and the pattern engine: each builds into .fuzz/ (gitignored), seeds its corpus from
# Tests/Fuzz/ and fuzzes for FUZZ_SECONDS. Crashing inputs land in .fuzz/crash-* (http),
# .fuzz/mustache-crash-*, .fuzz/dns-crash-* and .fuzz/pattern-crash-*.
FUZZ_SECONDS ?= 600
FUZZ_BIN := .fuzz/http-parser-fuzz
MUSTACHE_FUZZ_BIN := .fuzz/mustache-fuzz
DNS_FUZZ_BIN := .fuzz/dns-fuzz
PATTERN_FUZZ_BIN := .fuzz/pattern-fuzz

fuzz: fuzz-http fuzz-mustache fuzz-dns fuzz-pattern

# $(call fuzz_run,MODULE,SOURCES,FUZZ_FILE,BINARY,CORPUS,DICTIONARY,ARTIFACT_PREFIX,MAX_LEN):
# builds the fuzz binary, seeds CORPUS from Tests/Fuzz/ (the same folder name) and fuzzes.
define fuzz_run
	mkdir -p $(5)
	swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name $(1) -use-ld=lld \
		$(2) $(3) -o $(4)
	cp Tests/Fuzz/$(notdir $(5))/* $(5)/
	nice $(4) -max_total_time=$(FUZZ_SECONDS) -max_len=$(8) -timeout=10 -rss_limit_mb=2048 \
		-dict=$(6) -print_final_stats=1 -artifact_prefix=$(7) $(5)
endef

fuzz-http:
	$(call fuzz_run,HTTPFuzz,Sources/HTTP/*.swift,Tests/Fuzz/HTTPParserFuzz.swift,$(FUZZ_BIN),.fuzz/corpus,Tests/Fuzz/http.dict,.fuzz/,4096)

fuzz-mustache:
	$(call fuzz_run,MustacheFuzz,Sources/Mustache/*.swift,Tests/Fuzz/MustacheFuzz.swift,$(MUSTACHE_FUZZ_BIN),.fuzz/mustache-corpus,Tests/Fuzz/mustache.dict,.fuzz/mustache-,4096)

fuzz-dns:
	$(call fuzz_run,DNSFuzz,Sources/DNS/*.swift,Tests/Fuzz/DNSMessageFuzz.swift,$(DNS_FUZZ_BIN),.fuzz/dns-corpus,Tests/Fuzz/dns.dict,.fuzz/dns-,4096)

fuzz-pattern:
	$(call fuzz_run,PatternFuzz,Sources/PatternMatching/*.swift,Tests/Fuzz/PatternFuzz.swift,$(PATTERN_FUZZ_BIN),.fuzz/pattern-corpus,Tests/Fuzz/pattern.dict,.fuzz/pattern-,1024)

clean:
	rm -rf .build .fuzz
