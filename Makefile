# Lodestar: `make run` serves the app, `make test` runs every test. Both install what is
# missing first, so a fresh Debian machine needs nothing else.
SWIFT ?= swift
SWIFT_FLAGS ?=
BIN_DEBUG := .build/debug/lodestar

.PHONY: all deps build release run test clean fuzz

all: build

deps:
	@.ci/deps

build: deps
	$(SWIFT) build $(SWIFT_FLAGS)

release: deps
	$(SWIFT) build -c release $(SWIFT_FLAGS)

run: build
	LODESTAR_ENV=$${LODESTAR_ENV:-development} $(BIN_DEBUG) serve

test: deps
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	$(SWIFT) test --skip-build $(SWIFT_FLAGS)

# libFuzzer run of the HTTP request parser: builds into .fuzz/ (gitignored), seeds the corpus
# from Tests/Fuzz/corpus and fuzzes for FUZZ_SECONDS. Crashing inputs land in .fuzz/crash-*.
FUZZ_SECONDS ?= 600
FUZZ_BIN := .fuzz/http-parser-fuzz

fuzz:
	mkdir -p .fuzz/corpus
	swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name HTTPFuzz -use-ld=lld \
		Sources/HTTP/*.swift Tests/Fuzz/HTTPParserFuzz.swift -o $(FUZZ_BIN)
	cp Tests/Fuzz/corpus/* .fuzz/corpus/
	nice $(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
		-dict=Tests/Fuzz/http.dict -print_final_stats=1 -artifact_prefix=.fuzz/ .fuzz/corpus

clean:
	rm -rf .build .fuzz
