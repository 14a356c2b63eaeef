#!/usr/bin/env bash
# Jaeger (v2, all-in-one, in-memory storage) for local tracing: built once from the Go module proxy into .services/
# and reused. Called through scripts/services.sh (jaeger-build, jaeger-up, jaeger-down, jaeger-status).
#
#   scripts/jaeger.sh build    build the binary unless it exists (a second caller waits for a running build)
#   scripts/jaeger.sh up       build if needed, start it (idempotent), print the environment the apps read
#   scripts/jaeger.sh down     stop what `up` started
#   scripts/jaeger.sh status   say whether it runs, and where
#
# Ports (override by environment), all on 127.0.0.1: JAEGER_UI_PORT (16686: UI and query API),
# JAEGER_OTLP_HTTP_PORT (4318), JAEGER_OTLP_GRPC_PORT (4317), JAEGER_QUERY_GRPC_PORT (16685).
# JAEGER_BIN: the binary (default $SERVICES_DIR/jaeger/jaeger-<version>; a second instance can reuse the first one's);
# its Go module and build caches live beside it, so a fresh clone (CI) downloads and builds once.
# Exit status 3: Jaeger is unavailable here (no Go toolchain, or the build failed); the message says how to enable it.
# Everything else keeps running without it: the apps only export traces when OTEL_EXPORTER_OTLP_ENDPOINT is set.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${SERVICES_DIR:-$ROOT/.services}"
JAEGER_VERSION=v1.75.0
JAEGER_MODULE=github.com/jaegertracing/jaeger
JAEGER_BIN="${JAEGER_BIN:-$DIR/jaeger/jaeger-$JAEGER_VERSION}"
JAEGER_HOME="$(dirname "$JAEGER_BIN")"
JAEGER_UI_PORT="${JAEGER_UI_PORT:-16686}"
JAEGER_OTLP_HTTP_PORT="${JAEGER_OTLP_HTTP_PORT:-4318}"
JAEGER_OTLP_GRPC_PORT="${JAEGER_OTLP_GRPC_PORT:-4317}"
JAEGER_QUERY_GRPC_PORT="${JAEGER_QUERY_GRPC_PORT:-16685}"
PIDF="$DIR/run/jaeger.pid"
LOG="$DIR/logs/jaeger.log"
BUILD_LOG="$JAEGER_HOME/build.log"
UNAVAILABLE=3

say() { printf '[jaeger] %s\n' "$*" >&2; }
die() { printf '[jaeger] ERROR: %s\n' "$*" >&2; exit 1; }
unavailable() {
  printf '[jaeger] tracing is off: %s\n' "$1" >&2
  printf '[jaeger] to see traces, %s, then run `bash scripts/services.sh jaeger-up` (or `npm start` again).\n' "$2" >&2
  printf '[jaeger] everything else runs without it; any OTLP collector works too: set OTEL_EXPORTER_OTLP_ENDPOINT.\n' >&2
  exit "$UNAVAILABLE"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Builds under a lock: CI starts a build in the background early, and the test that needs Jaeger waits for it here.
build() {
  [ -x "$JAEGER_BIN" ] && return 0
  command -v go >/dev/null ||
    unavailable "Go is not installed (Jaeger $JAEGER_VERSION is built from source on first use)" \
      "install Go 1.24 or newer and put it on PATH (e.g. /usr/local/go/bin)"
  mkdir -p "$JAEGER_HOME/src"
  exec 9>"$JAEGER_HOME/build.lock"
  flock 9
  [ -x "$JAEGER_BIN" ] && return 0
  say "building Jaeger $JAEGER_VERSION from the Go module proxy (first run only; several minutes)…"
  local started=$SECONDS
  if ! (
    cd "$JAEGER_HOME/src"
    # -modcacherw: the module cache stays deletable with rm -rf .services; -trimpath, -s -w: a smaller binary.
    export GOMODCACHE="$JAEGER_HOME/go/mod" GOCACHE="$JAEGER_HOME/go/cache" GOFLAGS="-modcacherw -trimpath -buildvcs=false"
    [ -f go.mod ] || go mod init rostering-local-jaeger
    # `go install …@version` refuses a module with replace directives; a tool dependency of a scratch module builds.
    go get -tool "$JAEGER_MODULE/cmd/jaeger@$JAEGER_VERSION"
    # niced: on a small machine the build must not starve what runs beside it (CI's typecheck and tests)
    nice -n 10 go build -ldflags='-s -w' -o "$JAEGER_BIN.tmp" "$JAEGER_MODULE/cmd/jaeger"
    mv "$JAEGER_BIN.tmp" "$JAEGER_BIN"
  ) >"$BUILD_LOG" 2>&1; then
    unavailable "the Jaeger build failed (see $BUILD_LOG)" "fix what the log names (network to the Go module proxy, Go version, disk)"
  fi
  say "built $JAEGER_BIN in $((SECONDS - started))s"
}

write_config() {
  cat >"$1" <<YAML
service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    traces:
      level: none
    logs:
      level: warn
extensions:
  jaeger_query:
    # on by default: Jaeger would trace its own queries to an OTLP collector on 4317 (itself, or someone else's)
    enable_tracing: false
    storage:
      traces: memstore
    # Jaeger's React UI is not part of the Go module: a small viewer over the same query API, at the same URLs
    ui:
      assets_path: ${ROOT}/deploy/local/jaeger-ui
    http:
      endpoint: 127.0.0.1:${JAEGER_UI_PORT}
    grpc:
      endpoint: 127.0.0.1:${JAEGER_QUERY_GRPC_PORT}
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: ${JAEGER_MAX_TRACES:-20000}
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:${JAEGER_OTLP_GRPC_PORT}
      http:
        endpoint: 127.0.0.1:${JAEGER_OTLP_HTTP_PORT}
processors:
  batch:
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
YAML
}

print_env() {
  echo "export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${JAEGER_OTLP_HTTP_PORT}"
  echo "export JAEGER_UI_URL=http://127.0.0.1:${JAEGER_UI_PORT}"
}

up() {
  if pid_alive "$PIDF"; then say "already running (pid $(cat "$PIDF"))"; print_env; return; fi
  build
  for port in "$JAEGER_UI_PORT" "$JAEGER_OTLP_HTTP_PORT" "$JAEGER_OTLP_GRPC_PORT" "$JAEGER_QUERY_GRPC_PORT"; do
    port_busy "$port" && die "port $port is already in use; free it or move Jaeger with JAEGER_UI_PORT, JAEGER_OTLP_HTTP_PORT, JAEGER_OTLP_GRPC_PORT, JAEGER_QUERY_GRPC_PORT"
  done
  write_config "$DIR/jaeger-config.yaml"
  nohup "$JAEGER_BIN" --config "$DIR/jaeger-config.yaml" >"$LOG" 2>&1 </dev/null &
  echo $! >"$PIDF"
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:${JAEGER_UI_PORT}/api/services" >/dev/null 2>&1 && port_busy "$JAEGER_OTLP_HTTP_PORT" && {
      say "started: UI http://127.0.0.1:${JAEGER_UI_PORT}, OTLP http://127.0.0.1:${JAEGER_OTLP_HTTP_PORT} (in-memory: traces go when it stops)"
      print_env; return; }
    pid_alive "$PIDF" || break
    sleep 0.5
  done
  die "Jaeger did not start; see $LOG"
}

down() {
  pid_alive "$PIDF" || { rm -f "$PIDF"; return 0; }
  local pid; pid=$(cat "$PIDF"); kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$PIDF"; say "stopped"
}

mkdir -p "$DIR/logs" "$DIR/run" "$JAEGER_HOME"
case "${1:-}" in
  build) build ;;
  up) up ;;
  down) down ;;
  status) if pid_alive "$PIDF"; then say "running: UI http://127.0.0.1:${JAEGER_UI_PORT}"; else say "stopped"; fi ;;
  *) die "usage: scripts/jaeger.sh build|up|down|status" ;;
esac
