#!/usr/bin/env bash
# Stack Operator lab: brings up, idempotently, everything the integration
# tests need on this host -- dockerd, a local registry on 127.0.0.1:5000,
# the external network "edge" and locally built images pushed to it, and a
# second registry on 127.0.0.1:5001 that wants a password (htpasswd), with
# two of those images pushed to it.
#
#   bash src/lab/lab.sh          # (or "up") bring the lab up; fast when already up
#   bash src/lab/lab.sh down     # stop the lab registries (dockerd is left running)
#   bash src/lab/lab.sh status   # print the summary only
#
# Must run as root. Nothing is pulled from the internet: images are built
# from host binaries (busybox-static) or a debootstrap'ed rootfs whose
# mirror is read from the machine's apt sources.
set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE_DIR=${LAB_STATE_DIR:-/var/lib/stack-operator-lab}
LOG_DIR=${LAB_LOG_DIR:-/var/log/stack-operator-lab}
REGISTRY_ADDR=127.0.0.1:5000   # where the registry listens; curl talks to it
REGISTRY=localhost:5000        # how docker names it (insecure-allowed by default)
NETWORK=edge

# The private registry: basic auth from an htpasswd file (bcrypt, made by
# apache2-utils' htpasswd). Its user and password are the lab's own, known
# to the tests; they are never written to a Docker config of this host.
PRIVATE_REGISTRY_ADDR=127.0.0.1:5001
PRIVATE_REGISTRY=127.0.0.1:5001     # 127.0.0.0/8 is insecure-allowed by default
PRIVATE_USER=lab
PRIVATE_PASSWORD=lab-private-5001
PRIVATE_IMAGES=("lab/app sha-1a2b3c4" "lab/app sha-2b3c4d5")

# Prefer Debian's docker.io client: /usr/local/bin/docker may be another one.
if [[ -z "${DOCKER:-}" ]]; then
  if [[ -x /usr/bin/docker ]]; then DOCKER=/usr/bin/docker; else DOCKER=docker; fi
fi

DOCKERD=${DOCKERD:-/usr/sbin/dockerd}   # docker.io's; /usr/sbin may be off PATH

# chromium and chromium-driver: the status page's tests drive a real headless browser
# (/usr/bin/chromium, /usr/bin/chromedriver); nothing is downloaded by the tests themselves.
# fonts-wqy-microhei: the Chinese page's screenshots show characters, not boxes.
# apache2-utils: htpasswd -B writes the private registry's bcrypt entry.
PACKAGES=(docker.io docker-registry apache2-utils busybox-static debootstrap curl socat docker-compose chromium chromium-driver fonts-wqy-microhei)

# App images: "repo tag mode". VERSION baked into each is the tag itself.
APP_IMAGES=(
  "lab/app sha-1a2b3c4 healthy"
  "lab/app sha-2b3c4d5 healthy"
  "lab/app sha-3c4d5e6 healthy"
  "lab/app sha-nohealth nohealth"
  "lab/app sha-crash crash"
  "lab/app sha-slow slow"
  "lab/app sha-unhealthy unhealthy"
  "lab/app latest healthy"
)
# sha-2b3c4d5: a version staging never runs, which make run's story shows refused in prod, then forced there
for _stack in traefik langbot ocr odoo web; do
  for _tag in sha-19b9b98 sha-1a2b3c4 sha-2b3c4d5; do
    APP_IMAGES+=("seisei/$_stack $_tag healthy")
  done
done
unset _stack _tag

POSTGRES_REPO=lab/postgres
POSTGRES_TAG=15
POSTGRES_ROOTFS=$STATE_DIR/rootfs/postgres-15      # cached debootstrap result
POSTGRES_IMPORT_TAG=stack-operator-lab/postgres-rootfs:15  # temporary import

log() { printf '[lab] %s\n' "$*" >&2; }
die() { printf '[lab] ERROR: %s\n' "$*" >&2; exit 1; }

# wait_for SECONDS CMD... : retry CMD every half second until it succeeds.
wait_for() {
  local seconds=$1; shift
  local tries=$((seconds * 2))
  while ((tries-- > 0)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  return 1
}

# ---------------------------------------------------------------- packages

ensure_packages() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# ----------------------------------------------------------------- dockerd

docker_up() { "$DOCKER" info >/dev/null 2>&1; }

# live_proc PID NAME: PID is a running process called NAME. A zombie
# (killed, not yet reaped -- PID 1 of this sandbox reaps slowly) still
# passes "kill -0", hence the look at its state.
live_proc() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  [[ $stat == "$1 ($2) "* && $stat != "$1 ($2) Z"* ]]
}

# remove_stale_pidfile FILE NAME: drop FILE unless its pid is a live NAME.
# Fails (keeps the file) when the process is alive.
remove_stale_pidfile() {
  local pidfile=$1 name=$2 pid
  [[ -f $pidfile ]] || return 0
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if [[ $pid =~ ^[0-9]+$ ]] && live_proc "$pid" "$name"; then
    return 1
  fi
  log "removing stale $pidfile (pid ${pid:-?} is gone)"
  rm -f "$pidfile"
}

# A dockerd killed hard leaves /var/run/docker.pid behind, and a new dockerd
# refuses to start while it exists. Its containerd dies with it (parent-death
# signal), but while that one is an unreaped zombie a new dockerd takes it for
# alive, waits on its dead socket and gives up after a minute: so its pid file
# goes too. A containerd that is really alive is left alone for reuse.
remove_stale_docker_pids() {
  remove_stale_pidfile /var/run/docker.pid dockerd || return 1
  local f=/var/run/docker/containerd/containerd.pid tries=6
  # Right after the kill it may still be exiting: give it a moment.
  until remove_stale_pidfile "$f" containerd; do
    ((--tries > 0)) || break
    sleep 0.5
  done
}

ensure_dockerd() {
  docker_up && return 0
  if ! remove_stale_docker_pids; then
    log "dockerd (pid $(cat /var/run/docker.pid)) is alive but not answering; waiting"
    wait_for 30 docker_up && return 0
    die "dockerd is running but does not answer 'docker info'; see its log"
  fi
  mkdir -p "$LOG_DIR"
  log "starting dockerd (log: $LOG_DIR/dockerd.log)"
  # setsid+nohup: the daemon must outlive this script and its terminal.
  # 9>&-: the daemon must not inherit (and hold forever) the lab lock.
  setsid nohup "$DOCKERD" >>"$LOG_DIR/dockerd.log" 2>&1 </dev/null 9>&- &
  wait_for 60 docker_up || die "dockerd did not come up; see $LOG_DIR/dockerd.log"
}

# ---------------------------------------------------------------- registry

registry_up() { curl -fs -o /dev/null "http://$REGISTRY_ADDR/v2/"; }

write_registry_config() {
  mkdir -p "$STATE_DIR/registry"
  # Our own config: /etc/docker/registry/config.yml has htpasswd auth.
  cat >"$STATE_DIR/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE_DIR/registry
  delete:
    enabled: true
http:
  addr: $REGISTRY_ADDR
EOF
}

ensure_registry() {
  registry_up && return 0
  write_registry_config
  mkdir -p "$LOG_DIR"
  log "starting docker-registry on $REGISTRY_ADDR (log: $LOG_DIR/registry.log)"
  setsid nohup /usr/bin/docker-registry serve "$STATE_DIR/registry.yml" \
    >>"$LOG_DIR/registry.log" 2>&1 </dev/null 9>&- &
  echo $! >"$STATE_DIR/registry.pid"
  wait_for 30 registry_up || die "registry did not come up; see $LOG_DIR/registry.log"
}

# Up means it answers /v2/ with 401: a registry there without auth is not ours.
private_registry_up() {
  [[ $(curl -s -o /dev/null -w '%{http_code}' "http://$PRIVATE_REGISTRY_ADDR/v2/") == 401 ]]
}

write_private_registry_config() {
  mkdir -p "$STATE_DIR/registry-private"
  htpasswd -nbB "$PRIVATE_USER" "$PRIVATE_PASSWORD" >"$STATE_DIR/registry-private.htpasswd.tmp"
  mv "$STATE_DIR/registry-private.htpasswd.tmp" "$STATE_DIR/registry-private.htpasswd"
  cat >"$STATE_DIR/registry-private.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $STATE_DIR/registry-private
  delete:
    enabled: true
http:
  addr: $PRIVATE_REGISTRY_ADDR
auth:
  htpasswd:
    realm: stack-operator-lab
    path: $STATE_DIR/registry-private.htpasswd
EOF
}

ensure_private_registry() {
  private_registry_up && return 0
  write_private_registry_config
  mkdir -p "$LOG_DIR"
  log "starting docker-registry with htpasswd auth on $PRIVATE_REGISTRY_ADDR (log: $LOG_DIR/registry-private.log)"
  setsid nohup /usr/bin/docker-registry serve "$STATE_DIR/registry-private.yml" \
    >>"$LOG_DIR/registry-private.log" 2>&1 </dev/null 9>&- &
  echo $! >"$STATE_DIR/registry-private.pid"
  wait_for 30 private_registry_up || die "private registry did not come up; see $LOG_DIR/registry-private.log"
}

process_gone() { ! kill -0 "$1" 2>/dev/null; }

# stop_registry PIDFILE: stops the registry started with that pid file.
stop_registry() {
  local pidfile=$1 pid
  pid=$(cat "$pidfile" 2>/dev/null || true)
  # Only kill the process we started, and only if it still is the registry.
  if [[ $pid =~ ^[0-9]+$ ]] && grep -q docker-registry "/proc/$pid/cmdline" 2>/dev/null; then
    log "stopping docker-registry (pid $pid)"
    kill "$pid"
    wait_for 10 process_gone "$pid" || kill -9 "$pid" 2>/dev/null || true
  else
    log "no lab registry process of $pidfile to stop"
  fi
  rm -f "$pidfile"
}

# ----------------------------------------------------------------- network

ensure_network() {
  "$DOCKER" network inspect "$NETWORK" >/dev/null 2>&1 && return 0
  log "creating docker network $NETWORK"
  "$DOCKER" network create "$NETWORK" >/dev/null
}

# ------------------------------------------------------------------ images

# in_registry REPO TAG: the registry holds a (schema 2) manifest for it.
in_registry() {
  curl -fs -o /dev/null \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$REGISTRY_ADDR/v2/$1/manifests/$2"
}

push() {
  "$DOCKER" push -q "$1" >/dev/null || "$DOCKER" push "$1"
}

# The build context is the Dockerfile + entrypoint plus the host's static
# busybox, which is all the app image contains.
app_build_context() {
  local ctx
  ctx=$(mktemp -d "$STATE_DIR/build-app.XXXXXX")
  cp "$LAB_DIR/images/app/Dockerfile" "$LAB_DIR/images/app/entrypoint.sh" "$ctx/"
  cp /bin/busybox "$ctx/busybox"
  echo "$ctx"
}

ensure_app_images() {
  local entry repo tag mode ctx=""
  for entry in "${APP_IMAGES[@]}"; do
    read -r repo tag mode <<<"$entry"
    in_registry "$repo" "$tag" && continue
    [[ -n $ctx ]] || ctx=$(app_build_context)
    log "building $REGISTRY/$repo:$tag (mode $mode)"
    "$DOCKER" build -q -t "$REGISTRY/$repo:$tag" \
      --build-arg "VERSION=$tag" --build-arg "MODE=$mode" "$ctx" >/dev/null
    push "$REGISTRY/$repo:$tag"
  done
  [[ -z $ctx ]] || rm -rf "$ctx"
}

in_private_registry() {
  curl -fs -o /dev/null -u "$PRIVATE_USER:$PRIVATE_PASSWORD" \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$PRIVATE_REGISTRY_ADDR/v2/$1/manifests/$2"
}

# Pushes with a Docker config of its own, removed afterwards: the login is
# never left in this host's ~/.docker/config.json, so a pull without
# credentials really has none.
ensure_private_images() {
  local entry repo tag config=""
  for entry in "${PRIVATE_IMAGES[@]}"; do
    read -r repo tag <<<"$entry"
    in_private_registry "$repo" "$tag" && continue
    if [[ -z $config ]]; then
      config=$(mktemp -d "$STATE_DIR/docker-config.XXXXXX")
      printf '%s' "$PRIVATE_PASSWORD" | "$DOCKER" --config "$config" login -u "$PRIVATE_USER" --password-stdin \
        "$PRIVATE_REGISTRY" >/dev/null 2>&1 || die "docker login $PRIVATE_REGISTRY failed"
    fi
    log "pushing $PRIVATE_REGISTRY/$repo:$tag"
    "$DOCKER" image inspect "$REGISTRY/$repo:$tag" >/dev/null 2>&1 || "$DOCKER" pull -q "$REGISTRY/$repo:$tag" >/dev/null
    "$DOCKER" tag "$REGISTRY/$repo:$tag" "$PRIVATE_REGISTRY/$repo:$tag"
    "$DOCKER" --config "$config" push -q "$PRIVATE_REGISTRY/$repo:$tag" >/dev/null
  done
  [[ -z $config ]] || rm -rf "$config"
}

# The Debian archive URI of this machine's apt sources (deb822 files first,
# then the one-line format). Never hard-coded: the machine knows its mirror.
debian_mirror() {
  local uri=""
  if compgen -G '/etc/apt/sources.list.d/*.sources' >/dev/null; then
    # Stanzas are blank-line separated; take the first deb stanza that
    # carries the plain "bookworm" suite with the main component.
    uri=$(awk '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && suites ~ /(^| )bookworm( |$)/ &&
            comps ~ /(^| )main( |$)/ && uris != "" && !found) {
          split(uris, u, " "); print u[1]; found = 1
        }
        types = suites = comps = uris = ""
      }
      /^[ \t]*$/ { flush(); next }
      /^Types:/      { sub(/^Types:[ \t]*/, "");      types = $0 }
      /^Suites:/     { sub(/^Suites:[ \t]*/, "");     suites = $0 }
      /^Components:/ { sub(/^Components:[ \t]*/, ""); comps = $0 }
      /^URIs:/       { sub(/^URIs:[ \t]*/, "");       uris = $0 }
      END { flush() }
    ' /etc/apt/sources.list.d/*.sources)
  fi
  if [[ -z $uri && -f /etc/apt/sources.list ]]; then
    # deb [options] URI bookworm main ...
    uri=$(awk '$1 == "deb" {
        i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
        if ($(i + 1) == "bookworm") { print $i; exit }
      }' /etc/apt/sources.list)
  fi
  [[ -n $uri ]] || die "no Debian bookworm mirror found in the apt sources"
  echo "$uri"
}

# debootstrap into a .partial folder, renamed only on success, so that a
# rerun after a later failure (import, build, push) reuses the rootfs.
ensure_postgres_rootfs() {
  [[ -d $POSTGRES_ROOTFS ]] && return 0
  local partial=$POSTGRES_ROOTFS.partial mirror
  mirror=$(debian_mirror)
  rm -rf "$partial"
  mkdir -p "$(dirname "$POSTGRES_ROOTFS")" "$LOG_DIR"
  log "debootstrap bookworm + postgresql-15 (log: $LOG_DIR/debootstrap.log)"
  debootstrap --variant=minbase --include=postgresql-15 bookworm "$partial" "$mirror" \
    >>"$LOG_DIR/debootstrap.log" 2>&1 \
    || die "debootstrap failed; see $LOG_DIR/debootstrap.log"
  slim_rootfs "$partial"
  mv "$partial" "$POSTGRES_ROOTFS"
}

slim_rootfs() {
  local root=$1
  chroot "$root" apt-get clean
  # postgresql-common's postinst made a "main" cluster; the image's
  # entrypoint creates its own in /var/lib/postgresql/data instead.
  rm -rf "$root/etc/postgresql/15" "$root/var/lib/postgresql/15"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin \
    "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
    "$root"/usr/share/info/* "$root"/usr/share/locale/* "$root"/usr/share/i18n \
    "$root"/var/log/*.log "$root"/tmp/*
  # LLVM (and z3, which it links) only serve PostgreSQL's JIT, a third of
  # the rootfs. Without llvmjit.so the server quietly runs without JIT;
  # the image's entrypoint also sets jit = off. Dpkg still lists them.
  rm -rf "$root"/usr/lib/postgresql/15/lib/llvmjit* \
    "$root"/usr/lib/postgresql/15/lib/bitcode \
    "$root"/usr/lib/x86_64-linux-gnu/libLLVM-* "$root"/usr/lib/x86_64-linux-gnu/libz3.so*
}

ensure_postgres_image() {
  in_registry "$POSTGRES_REPO" "$POSTGRES_TAG" && return 0
  ensure_postgres_rootfs
  log "importing rootfs as $POSTGRES_IMPORT_TAG"
  tar -C "$POSTGRES_ROOTFS" -c . | "$DOCKER" import - "$POSTGRES_IMPORT_TAG" >/dev/null
  log "building $REGISTRY/$POSTGRES_REPO:$POSTGRES_TAG"
  "$DOCKER" build -q -t "$REGISTRY/$POSTGRES_REPO:$POSTGRES_TAG" \
    --build-arg "BASE=$POSTGRES_IMPORT_TAG" "$LAB_DIR/images/postgres" >/dev/null
  push "$REGISTRY/$POSTGRES_REPO:$POSTGRES_TAG"
  "$DOCKER" rmi "$POSTGRES_IMPORT_TAG" >/dev/null 2>&1 || true
}

# ------------------------------------------------------------ port publish

# A published loopback port must answer: this catches a dockerd started
# without working iptables/docker-proxy. An ephemeral host port avoids
# clashing with tests that run at the same time.
check_port_publish() {
  local image=$REGISTRY/lab/app:latest name="stack-operator-lab-portcheck-$$" port ok=0
  "$DOCKER" image inspect "$image" >/dev/null 2>&1 || "$DOCKER" pull -q "$image" >/dev/null
  "$DOCKER" run -d --rm --name "$name" -p 127.0.0.1::8080 "$image" >/dev/null
  port=$("$DOCKER" port "$name" 8080/tcp | head -n1)
  port=${port##*:}
  wait_for 10 curl -fsS -o /dev/null "http://127.0.0.1:$port/health" && ok=1
  "$DOCKER" rm -f "$name" >/dev/null 2>&1 || true
  ((ok)) || die "a container published on 127.0.0.1:$port did not answer"
}

# ----------------------------------------------------------------- summary

summary() {
  local entry repo tag mode absent=0
  echo "engine:   docker $("$DOCKER" version --format '{{.Server.Version}}' 2>/dev/null || echo DOWN)"
  if registry_up; then echo "registry: up at $REGISTRY (http://$REGISTRY_ADDR)"
  else echo "registry: DOWN"; fi
  if private_registry_up; then echo "private:  up at $PRIVATE_REGISTRY (htpasswd, user $PRIVATE_USER)"
  else echo "private:  DOWN"; fi
  if "$DOCKER" network inspect "$NETWORK" >/dev/null 2>&1; then echo "network:  $NETWORK"
  else echo "network:  $NETWORK MISSING"; fi
  echo "images:"
  for entry in "${APP_IMAGES[@]}" "$POSTGRES_REPO $POSTGRES_TAG postgres"; do
    read -r repo tag mode <<<"$entry"
    if in_registry "$repo" "$tag" 2>/dev/null; then
      printf '  %-44s %s\n' "$REGISTRY/$repo:$tag" "$mode"
    else
      printf '  %-44s MISSING\n' "$REGISTRY/$repo:$tag"; absent=1
    fi
  done
  for entry in "${PRIVATE_IMAGES[@]}"; do
    read -r repo tag <<<"$entry"
    if in_private_registry "$repo" "$tag" 2>/dev/null; then
      printf '  %-44s %s\n' "$PRIVATE_REGISTRY/$repo:$tag" "private"
    else
      printf '  %-44s MISSING\n' "$PRIVATE_REGISTRY/$repo:$tag"; absent=1
    fi
  done
  return "$absent"
}

# -------------------------------------------------------------------- main

up() {
  ensure_packages
  ensure_dockerd
  ensure_registry
  ensure_private_registry
  ensure_network
  ensure_app_images
  ensure_private_images
  ensure_postgres_image
  check_port_publish
  summary
}

main() {
  [[ $(id -u) == 0 ]] || die "run as root"
  mkdir -p "$STATE_DIR"
  # One lab.sh at a time: two concurrent "make lab" would race on builds.
  exec 9>"$STATE_DIR/lab.lock"
  flock 9
  case "${1:-up}" in
    up) up ;;
    down) stop_registry "$STATE_DIR/registry.pid"; stop_registry "$STATE_DIR/registry-private.pid" ;;
    status) summary ;;
    *) die "usage: $0 [up|down|status]" ;;
  esac
}

# Sourcing the file (for tests of single steps) does not run anything.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
