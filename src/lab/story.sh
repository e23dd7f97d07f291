#!/usr/bin/env bash
# make run's story: the daemon does the runbook's work on the lab, one line per step with its duration,
# then it keeps running.
#
#   1. the six shipped stacks come up
#   2. staging gets a new version, passes its smoke and is verified
#   3. prod is refused a version staging never verified, then takes the verified one
#   4. a broken version is rolled back
#   5. a forced deploy is recorded
#   6. a pause holds a stack
#
# desired-state/ is never edited: the stacks are copied to <state dir>/desired-state/, the story changes that copy
# as a person changes the repository, and the daemon (stackctl run) deploys each change as it sees it, and keeps
# running on that copy afterwards. Each run starts from nothing: the records of the previous story and the six
# stacks' containers, networks and volumes are removed first. Each step waits for the outcome it claims, in the
# status files and the history; one that does not reach it in time prints what it saw, and the story exits 1.
#
# Settings (environment): STORY_STATE_DIR (default .operator-state), STORY_SOURCE (the stack files copied,
# default desired-state), STORY_PREFIX (put before the stack names of STORY_SOURCE's files, default none);
# OPERATOR_* and QUARKUS_HTTP_PORT reach the daemon as they are.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=$(realpath -m "${STORY_STATE_DIR:-$ROOT/.operator-state}")
SOURCE=${STORY_SOURCE:-$ROOT/desired-state}
PREFIX=${STORY_PREFIX:-}
DESIRED=$STATE/desired-state
LOG=$STATE/daemon.log
# What marks a state dir as the story's own: only such a folder is emptied at the next start.
MARK=$STATE/.made-by-make-run
# The launcher as make install ships it, on the build: its class-data archive is kept in target/, beside the build.
LAUNCHER_HOME=$ROOT/target/stackctl-home
PORT=${QUARKUS_HTTP_PORT:-9180}
STEP_DEADLINE=${STORY_STEP_DEADLINE:-150}
if [[ -z "${DOCKER:-}" ]]; then
  if [[ -x /usr/bin/docker ]]; then DOCKER=/usr/bin/docker; else DOCKER=docker; fi
fi

STACKS=(edge-traefik langbot ocr odoo18-staging odoo18-prod web-seisei)
STAGING=${PREFIX}odoo18-staging
PROD=${PREFIX}odoo18-prod
BROKEN=${PREFIX}web-seisei
PAUSED=${PREFIX}langbot

export OPERATOR_STATE_DIR=$STATE OPERATOR_DESIRED_STATE_DIR=$DESIRED STACK_OPERATOR_HOME=$LAUNCHER_HOME
# a smoke passes once the containers kept running 2 s (5 s by default): the story fits in three minutes
export OPERATOR_SMOKE_STABLE_FOR=${OPERATOR_SMOKE_STABLE_FOR:-2s}

fail() { printf 'story: %s\n' "$*" >&2; stop_daemon; exit 1; }

stackctl() { sh "$ROOT/src/bin/stackctl" "$@"; }

# ------------------------------------------------------------------ what the records say

# field STACK KEY: a top-level field of the stack's status file, unquoted ("" when absent)
field() {
  local file=$STATE/status/$1.yaml
  [[ -f $file ]] || return 0
  # (a long value is folded over several lines: its first line is enough to tell)
  awk -v key="$2:" '$1 == key { $1 = ""; sub(/^ /, ""); sub(/\\$/, "..."); gsub(/^"|"$/, ""); print; exit }' "$file"
}

# status_is STACK PHASE [KEY VALUE]...: the status says so
status_is() {
  local stack=$1
  [[ $(field "$stack" phase) == "$2" ]] || return 1
  shift 2
  while (($# >= 2)); do
    [[ $(field "$stack" "$1") == "$2" ]] || return 1
    shift 2
  done
}

# last_line STACK: the stack's last line in deploy-history.log
last_line() { grep -F " | $1 | " "$STATE/deploy-history.log" 2>/dev/null | tail -n 1; }

# history_says STACK PATTERN: its last history line matches PATTERN (grep -E)
history_says() { last_line "$1" | grep -Eq -- "$2"; }

# backups STACK: how many backups of the stack there are (a folder is a backup once its manifest is written)
backups() { compgen -G "$STATE/backups/$1/*/manifest.json" | wc -l; }

# ------------------------------------------------------------------ steps

STEP_STARTED=0
STEP_TITLE=
WATCHED=()
# step TITLE STACK...: a step begins; the stacks named are those shown when it misses its outcome
step() {
  STEP_TITLE=$1
  shift
  WATCHED=("$@")
  STEP_STARTED=$(date +%s%N)
}

elapsed_ms() { echo $((($(date +%s%N) - STEP_STARTED) / 1000000)); }

step_done() {
  local ms
  ms=$(elapsed_ms)
  printf '%-88s %4d.%ds\n' "$STEP_TITLE: $1" $((ms / 1000)) $((ms % 1000 / 100))
}

# until_true WHAT COMMAND...: waits (looking twice a second) until COMMAND succeeds; after STEP_DEADLINE seconds
# from the step's start, says what it saw and ends the story
until_true() {
  local what=$1 stack
  shift
  until "$@"; do
    if (($(elapsed_ms) > STEP_DEADLINE * 1000)); then
      {
        printf '%s: NOT REACHED after %ss: %s; what the records say:\n' "$STEP_TITLE" "$STEP_DEADLINE" "$what"
        for stack in "${WATCHED[@]}"; do
          printf '  %s: %s, current %s, desired %s: %s\n' "$stack" "$(field "$stack" phase)" \
            "$(field "$stack" currentVersion)" "$(field "$stack" desiredVersion)" "$(field "$stack" message)"
          printf '  %s: last history line: %s\n' "$stack" "$(last_line "$stack")"
        done
        printf '  the end of the daemon log %s:\n' "$LOG"
        tail -n 15 "$LOG" | sed 's/^/  | /'
      } >&2
      fail "step not reached"
    fi
    kill -0 "$DAEMON" 2>/dev/null || fail "the daemon exited; its log: $LOG"
    sleep 0.5
  done
}

# edit STACK SED-EXPRESSION: the copy's file of the stack, rewritten whole (temporary file, then rename), as a
# checkout of a new commit replaces it
edit() {
  local file=$DESIRED/$1.yaml
  sed -e "$2" "$file" >"$file.tmp"
  mv "$file.tmp" "$file"
}
set_version() { edit "$1" "s/^  version: .*/  version: $2/"; }

# ------------------------------------------------------------------ a fresh start

start_fresh() {
  [[ -f $ROOT/target/quarkus-app/quarkus-run.jar ]] || fail "no target/quarkus-app/quarkus-run.jar: make build first"
  [[ -d $SOURCE ]] || fail "no stack files in $SOURCE"
  if [[ -f $STATE/operator.lock ]]; then
    local pid
    pid=$(tr -dc '0-9' <"$STATE/operator.lock" || true)
    if [[ -n $pid && -d /proc/$pid ]] && grep -q quarkus-run "/proc/$pid/cmdline" 2>/dev/null; then
      fail "a daemon (pid $pid) runs on $STATE: stop it first"
    fi
  fi
  if [[ -d $STATE && ! -f $MARK ]] && [[ -n $(ls -A "$STATE") ]]; then
    fail "$STATE holds records make run did not make: move them away, or set STATE_DIR to another folder"
  fi
  local stack ids
  for stack in "${STACKS[@]}"; do
    stack=$PREFIX$stack
    ids=$("$DOCKER" ps -aq --filter "label=tokyo.seisei.operator.stack=$stack")
    # shellcheck disable=SC2086 # ids: one container id a word
    [[ -z $ids ]] || "$DOCKER" rm -f -v $ids >/dev/null
    "$DOCKER" network rm "${stack}_default" >/dev/null 2>&1 || true
    "$DOCKER" volume rm -f "${stack}_pgdata" >/dev/null 2>&1 || true
  done
  rm -rf "$STATE"
  mkdir -p "$DESIRED" "$LAUNCHER_HOME"
  : >"$MARK"
  cp "$SOURCE"/*.yaml "$DESIRED"/
  ln -sfn ../quarkus-app "$LAUNCHER_HOME/quarkus-app"
}

# ------------------------------------------------------------------ the daemon

DAEMON=
start_daemon() {
  # the launcher execs the JVM: $! is the daemon itself
  sh "$ROOT/src/bin/stackctl" run >>"$LOG" 2>&1 </dev/null &
  DAEMON=$!
  trap 'stop_daemon; exit 0' INT TERM
  trap 'stop_daemon' EXIT
}

# stop_daemon: as systemctl stop does (SIGTERM), then waits until it has finished the step under way
stop_daemon() {
  [[ -n $DAEMON ]] || return 0
  kill -TERM "$DAEMON" 2>/dev/null || true
  while kill -0 "$DAEMON" 2>/dev/null; do wait "$DAEMON" 2>/dev/null || true; done
  DAEMON=
}

# shown PATH: a path as a person reads it: relative to the folder the story runs in, when it is below it
shown() { local path=$1; [[ $path == "$PWD"/* ]] && path=${path#"$PWD"/}; printf '%s' "$path"; }

answers() { curl -fs -o /dev/null --max-time 5 "http://127.0.0.1:$PORT$1"; }

# ------------------------------------------------------------------ the story

story() {
  local all=() stack version
  for stack in "${STACKS[@]}"; do all+=("$PREFIX$stack"); done
  version=$(awk '$1 == "version:" { print $2; exit }' "$DESIRED/$STAGING.yaml")

  step "1 the daemon starts: the six shipped stacks come up" "${all[@]}"
  start_daemon
  for stack in "${all[@]}"; do
    until_true "$stack Ready at $version" status_is "$stack" Ready currentVersion "$version"
  done
  step_done "${#all[@]} Ready at $version"

  step "2 staging is given sha-1a2b3c4" "$STAGING"
  set_version "$STAGING" sha-1a2b3c4
  until_true "$STAGING verified sha-1a2b3c4" status_is "$STAGING" Ready currentVersion sha-1a2b3c4 verifiedVersion sha-1a2b3c4
  until_true "a deploy line in the history" history_says "$STAGING" '\| deploy \| sha-1a2b3c4 \| success'
  step_done "backed up, deployed, smoke passed, verified"

  step "3 prod is given sha-2b3c4d5" "$PROD"
  set_version "$PROD" sha-2b3c4d5
  until_true "$PROD refused sha-2b3c4d5" history_says "$PROD" '\| sha-2b3c4d5 \| blocked \| not verified on '
  status_is "$PROD" Blocked currentVersion "$version" || fail "$PROD is $(field "$PROD" phase) at $(field "$PROD" currentVersion)"
  set_version "$PROD" sha-1a2b3c4
  until_true "$PROD at sha-1a2b3c4" status_is "$PROD" Ready currentVersion sha-1a2b3c4
  (($(backups "$PROD") >= 1)) || fail "no backup of $PROD's database"
  step_done "refused (staging never verified it); given sha-1a2b3c4: backed up, deployed"

  step "4 $BROKEN is given a broken build (lab/app:sha-crash)" "$BROKEN"
  edit "$BROKEN" 's|^\(      image: localhost:5000/\)seisei/web:|\1lab/app:|; s/^  version: .*/  version: sha-crash/'
  until_true "$BROKEN rolled back" status_is "$BROKEN" Degraded currentVersion "$version" failedVersion sha-crash
  until_true "a rollback line in the history" history_says "$BROKEN" "\\| rollback \\| $version \\| success"
  step_done "smoke failed, rolled back to $version"

  step "5 prod is forced to sha-2b3c4d5" "$PROD"
  edit "$PROD" 's/^  version: .*/  version: sha-2b3c4d5\n  force: {version: sha-2b3c4d5, reason: "hotfix for the closing bug"}/'
  until_true "$PROD at sha-2b3c4d5" status_is "$PROD" Ready currentVersion sha-2b3c4d5
  until_true "a FORCED line in the history" history_says "$PROD" '\| deploy \| sha-2b3c4d5 \| success \| FORCED: hotfix'
  step_done "deployed past the gate, recorded FORCED"

  step "6 $PAUSED is paused, then given sha-1a2b3c4" "$PAUSED"
  stackctl pause "$PAUSED" --reason "held by the story" >/dev/null 2>&1 || fail "stackctl pause $PAUSED failed"
  until_true "$PAUSED paused" status_is "$PAUSED" Paused
  set_version "$PAUSED" sha-1a2b3c4
  until_true "$PAUSED held" status_is "$PAUSED" Paused desiredVersion sha-1a2b3c4 currentVersion "$version"
  step_done "held at $version"
}

start_fresh
printf 'the story, on a copy of %s in %s (the daemon logs to %s)\n' "$(shown "$SOURCE")" "$(shown "$DESIRED")" "$(shown "$LOG")"
story
until answers /q/health/ready; do
  kill -0 "$DAEMON" 2>/dev/null || fail "the daemon exited; its log: $LOG"
  sleep 0.5
done
printf '%s\n' "the daemon keeps running on $(shown "$DESIRED"), state dir $(shown "$STATE"); Ctrl-C stops it" \
  "  status page  http://127.0.0.1:$PORT/" \
  "  API          http://127.0.0.1:$PORT/api/stacks" \
  "  health       http://127.0.0.1:$PORT/q/health/ready" \
  "  metrics      http://127.0.0.1:$PORT/q/metrics" \
  "  its log      $(shown "$LOG")"
while kill -0 "$DAEMON" 2>/dev/null; do wait "$DAEMON" || true; done
