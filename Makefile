# Stack Operator: build, lab, run and test. `make run` and `make test` are the two commands a fresh machine needs.
SHELL := /bin/bash
MVN ?= mvn -B -q
JAR := target/quarkus-app/quarkus-run.jar
STATE_DIR ?= .operator-state
PREFIX ?= /usr/local
APP_DIR ?= /opt/stack-operator

.PHONY: all lab build run test unit install bench reliability clean

all: build

## lab: a Docker engine, a registry on 127.0.0.1:5000 and the lab images (idempotent; seconds when up)
lab:
	bash src/lab/lab.sh

## build: the packaged application, target/quarkus-app/quarkus-run.jar
build: $(JAR)

$(JAR): pom.xml $(shell find src/main -type f)
	$(MVN) package -DskipTests

## run: the daemon on the shipped desired-state/, recording under .operator-state/; the lab's settings are written to
## config/application.properties, which a stackctl run from this folder reads too, so it sees the same state dir
run: lab build
	mkdir -p config
	printf '%s\n' '# written by make run: the lab'"'"'s settings, for the daemon and any stackctl run from this folder' \
		'operator.state-dir=$(abspath $(STATE_DIR))' 'operator.desired-state-dir=$(abspath desired-state)' \
		> config/application.properties.tmp && mv config/application.properties.tmp config/application.properties
	java -jar $(JAR) run

## test: the lab, then every test (unit tests, then integration tests against the lab's engine)
test: lab
	mvn -B -ntp verify

## unit: the unit tests only; no Docker needed
unit:
	$(MVN) test

## bench: the performance measures against the lab, each beside its baseline of the same run (a docker CLI script,
## Compose's limit, a plain java -jar); one table, measure | target | measured | verdict, printed and written to
## docs/performance.md with the machine, the date and the command (about 30 min)
bench: lab
	rm -f target/bench-results.tsv
	set -o pipefail; mvn -B -ntp verify -Pbench 2>&1 | grep -E '^bench:|^\||Tests run:|BUILD|ERROR'

## reliability: the desired-state fuzzer at full strength (FUZZ_MUTATIONS mutations of the shipped files through the
## loader, FUZZ_SEED for another sequence), then the operator killed (SIGKILL) and stopped (SIGTERM) at every point
## of a real deploy, a backup and a restore, and the engine cut off mid-deploy, on the lab; one table, about 20 min
FUZZ_MUTATIONS ?= 10000
FUZZ_SEED ?= 20260611
reliability: lab
	set -o pipefail; mvn -B -ntp verify -Dtest=DesiredStateFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
		-Dfuzz.mutations=$(FUZZ_MUTATIONS) -Dfuzz.seed=$(FUZZ_SEED) -Dit.test=ReliabilityIT -Dreliability.full=true \
		2>&1 | grep -E '^fuzz:|^reliability:|Tests run:|^\[ERROR\]'

## install: stackctl on the PATH
install: build
	rm -rf $(APP_DIR) && mkdir -p $(APP_DIR) && cp -r target/quarkus-app $(APP_DIR)/
	install -m 0755 src/bin/stackctl $(PREFIX)/bin/stackctl

clean:
	$(MVN) clean
