# Lodestar: `make run` serves the app, `make test` runs every test. Both install what is
# missing first, so a fresh Debian machine needs nothing else.
SWIFT ?= swift
SWIFT_FLAGS ?=
BIN_DEBUG := .build/debug/lodestar

.PHONY: all deps build release run test clean

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

clean:
	rm -rf .build
