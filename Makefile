# Stack Operator: build, lab, run and test. `make run` and `make test` are the two commands a fresh machine needs.
SHELL := /bin/bash
MVN ?= mvn -B -q
JAR := target/quarkus-app/quarkus-run.jar
STATE_DIR ?= .operator-state
PREFIX ?= /usr/local
APP_DIR ?= /opt/stack-operator
BINDIR ?= $(PREFIX)/bin
CONF_DIR ?= /etc/stack-operator
UNIT_DIR ?= /etc/systemd/system

.PHONY: all lab build run test unit install uninstall bench reliability clean

all: build

## lab: a Docker engine, a registry on 127.0.0.1:5000 and the lab images (idempotent; seconds when up)
lab:
	bash src/lab/lab.sh

## build: the packaged application, target/quarkus-app/quarkus-run.jar
build: $(JAR)

$(JAR): pom.xml $(shell find src/main -type f)
	$(MVN) package -DskipTests

## run: the story on the lab (src/lab/story.sh), one line per step: the shipped stacks come up, staging verifies a
## version, prod refuses an unverified one then takes the verified one, a broken build is rolled back, a forced deploy
## is recorded, a pause holds; then the daemon keeps running. It works on a copy of desired-state/ in
## $(STATE_DIR)/desired-state/ and starts from nothing each time. The lab's settings are written to
## config/application.properties, which a stackctl run from this folder reads too, so it sees the same records
run: lab build
	@mkdir -p config
	@printf '%s\n' '# written by make run: the lab'"'"'s settings, for the daemon and any stackctl run from this folder' \
		'operator.state-dir=$(abspath $(STATE_DIR))' 'operator.desired-state-dir=$(abspath $(STATE_DIR))/desired-state' \
		'operator.smoke.stable-for=2s' \
		> config/application.properties.tmp && mv config/application.properties.tmp config/application.properties
	@STORY_STATE_DIR=$(abspath $(STATE_DIR)) bash src/lab/story.sh

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

## install: the application under APP_DIR, stackctl in BINDIR, the systemd unit stack-operator.service, and the host's
## settings /etc/stack-operator/application.properties only when there are none yet (a host's own are never
## overwritten). DESTDIR installs into another root (a package, a test): make install DESTDIR=/tmp/root
install: build
	@case "$(APP_DIR)" in /?*) ;; *) echo "APP_DIR must be an absolute folder other than /: $(APP_DIR)"; exit 2;; esac
	install -d $(DESTDIR)$(APP_DIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(CONF_DIR) $(DESTDIR)$(UNIT_DIR)
	rm -rf $(DESTDIR)$(APP_DIR)/quarkus-app && cp -R target/quarkus-app $(DESTDIR)$(APP_DIR)/quarkus-app
	sed 's|/opt/stack-operator|$(APP_DIR)|g' src/bin/stackctl > $(DESTDIR)$(BINDIR)/stackctl.tmp \
		&& chmod 0755 $(DESTDIR)$(BINDIR)/stackctl.tmp && mv $(DESTDIR)$(BINDIR)/stackctl.tmp $(DESTDIR)$(BINDIR)/stackctl
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@APP_DIR@|$(APP_DIR)|g' src/dist/stack-operator.service \
		> $(DESTDIR)$(UNIT_DIR)/stack-operator.service.tmp && chmod 0644 $(DESTDIR)$(UNIT_DIR)/stack-operator.service.tmp \
		&& mv $(DESTDIR)$(UNIT_DIR)/stack-operator.service.tmp $(DESTDIR)$(UNIT_DIR)/stack-operator.service
	@if [ -e $(DESTDIR)$(CONF_DIR)/application.properties ]; then \
		echo "kept the host's settings $(CONF_DIR)/application.properties (the shipped defaults: src/dist/application.properties)"; \
	else \
		install -m 0644 src/dist/application.properties $(DESTDIR)$(CONF_DIR)/application.properties.tmp \
			&& mv $(DESTDIR)$(CONF_DIR)/application.properties.tmp $(DESTDIR)$(CONF_DIR)/application.properties \
			&& echo "wrote $(CONF_DIR)/application.properties: state dir /srv, desired state /srv/desired-state; edit it first"; \
	fi
	@echo "installed $(APP_DIR), $(BINDIR)/stackctl, $(UNIT_DIR)/stack-operator.service"
	@echo "then: systemctl daemon-reload && systemctl enable --now stack-operator (an update: systemctl restart stack-operator)"

## uninstall: the application, stackctl and the unit go; the settings in CONF_DIR and the records in the state dir stay
uninstall:
	@if [ -z "$(DESTDIR)" ] && command -v systemctl >/dev/null && systemctl is-active --quiet stack-operator 2>/dev/null; then \
		echo "stack-operator.service still runs: systemctl disable --now stack-operator first"; exit 2; fi
	@case "$(APP_DIR)" in /?*) ;; *) echo "APP_DIR must be an absolute folder other than /: $(APP_DIR)"; exit 2;; esac
	rm -rf $(DESTDIR)$(APP_DIR)
	rm -f $(DESTDIR)$(BINDIR)/stackctl $(DESTDIR)$(UNIT_DIR)/stack-operator.service
	@echo "removed $(APP_DIR), $(BINDIR)/stackctl and $(UNIT_DIR)/stack-operator.service"
	@echo "kept $(CONF_DIR)/application.properties and the state dir it names (/srv by default): remove them by hand if they are no longer wanted"

clean:
	$(MVN) clean
