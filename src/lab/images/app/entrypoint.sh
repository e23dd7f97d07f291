#!/bin/sh
# Lab app: busybox httpd serving /www on $PORT (default 8080).
#   /version  the baked version string (no trailing newline)
#   /         a short page naming the version
#   /health   "ok" -- whether and when it exists depends on the mode:
#     healthy    at once
#     nohealth   never (404)
#     unhealthy  never (404, body "fail"); /status says "fail"
#     slow       only after $SLOW_SECONDS (default 8) seconds
#     crash      at once, but the process exits 1 after $CRASH_SECONDS (default 3)
# "entrypoint.sh --bake" runs at build time (VERSION and MODE are build args).
set -eu

if [ "${1:-}" = "--bake" ]; then
  mkdir -p /www /etc/lab /tmp
  printf '%s' "$VERSION" >/etc/lab/version
  printf '%s' "$MODE" >/etc/lab/mode
  printf '%s' "$VERSION" >/www/version
  printf '<html><body><h1>lab app %s</h1><p>mode %s</p></body></html>\n' \
    "$VERSION" "$MODE" >/www/index.html
  case "$MODE" in
    healthy|crash) printf 'ok' >/www/health ;;
    slow|nohealth) ;;
    unhealthy)
      printf 'fail' >/www/status
      # Every 404, /health included, answers with the body "fail".
      printf 'fail' >/www/fail.txt
      echo 'E404:/www/fail.txt' >/etc/httpd.conf ;;
    *) echo "unknown MODE '$MODE'" >&2; exit 1 ;;
  esac
  exit 0
fi

MODE=$(cat /etc/lab/mode)
echo "lab app $(cat /etc/lab/version), mode $MODE, port ${PORT:-8080}"

# httpd runs as a child so that this shell (PID 1) can act on "docker stop"
# at once: PID 1 gets no default signal handling, a trap gives it one.
httpd -f -p "${PORT:-8080}" -h /www &
pid=$!
trap 'kill "$pid" 2>/dev/null; exit 0' TERM INT

case "$MODE" in
  slow)
    ( sleep "${SLOW_SECONDS:-8}"; printf 'ok' >/www/health ) & ;;
  crash)
    sleep "${CRASH_SECONDS:-3}" &
    wait $! || true
    echo "crash mode: exiting 1" >&2
    kill "$pid" 2>/dev/null || true
    exit 1 ;;
esac
wait "$pid"
