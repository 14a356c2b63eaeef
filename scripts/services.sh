#!/usr/bin/env bash
# Local, real infrastructure for development and tests: Apache Kafka (KRaft, single node), Apicurio Registry
# (Confluent-compatible API) and PostgreSQL, run as plain processes on 127.0.0.1. No Docker needed.
#
#   scripts/services.sh up       install what is missing, start what is not running (idempotent)
#   scripts/services.sh down     stop what this script started (and nothing else)
#   scripts/services.sh status   say what runs where
#   scripts/services.sh env      print the environment the tests read
#
# Ports (override by environment): KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT (19093),
# SCHEMA_REGISTRY_PORT (18081), POSTGRES_PORT (15432); POSTGRES_SHARED_BUFFERS (2GB). Data and logs: .services/ (override SERVICES_DIR).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${SERVICES_DIR:-$ROOT/.services}"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
SCHEMA_REGISTRY_PORT="${SCHEMA_REGISTRY_PORT:-18081}"
POSTGRES_PORT="${POSTGRES_PORT:-15432}"
# PostgreSQL's default 128MB of shared buffers turns a 400k-student tenant's tables (several GB) into constant buffer
# eviction; memory is taken as pages are used, so small test data costs nothing extra.
POSTGRES_SHARED_BUFFERS="${POSTGRES_SHARED_BUFFERS:-2GB}"
PG_USER=rostering PG_PASSWORD=rostering PG_DB=rostering

say() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_for() { # name seconds command...
  local name=$1 secs=$2; shift 2
  for _ in $(seq 1 $((secs * 2))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  die "$name did not become ready within ${secs}s; see its log under $DIR/logs"
}
check_port_free() { # port what
  if port_busy "$1"; then die "port $1 ($2) is already in use by another process; free it or set the port variable (see scripts/services.sh header)"; fi
}

require_java() {
  command -v java >/dev/null || die "Java 17+ is required for Kafka and Apicurio Registry: apt-get install -y openjdk-17-jre-headless"
  command -v mvn >/dev/null || die "Maven is required to fetch Kafka and Apicurio Registry from Maven Central: apt-get install -y maven"
}

fetch_jvm_services() {
  if [ -f "$DIR/kafka/libs/kafka_2.13-4.4.0.jar" ] && [ -f "$DIR/apicurio/apicurio-registry-app-3.0.9-runner.jar" ]; then return; fi
  require_java
  say "fetching Kafka 4.4.0 and Apicurio Registry 3.0.9 from Maven Central (first run only)…"
  mvn -q -B package -f "$ROOT/deploy/local/pom.xml" -Dservices.dir="$DIR" >"$DIR/logs/maven.log" 2>&1 ||
    die "Maven could not resolve Kafka; see $DIR/logs/maven.log"
  # Plugin 2.8: newer copy goals insist on Apicurio's parent POM, which Maven Central does not have.
  mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:2.8:copy \
    -Dartifact=io.apicurio:apicurio-registry-app:3.0.9:tar.gz:all -DoutputDirectory="$DIR/downloads" >>"$DIR/logs/maven.log" 2>&1 ||
    die "Maven could not resolve Apicurio Registry; see $DIR/logs/maven.log"
  mkdir -p "$DIR/apicurio"
  tar xzf "$DIR/downloads/apicurio-registry-app-3.0.9-all.tar.gz" -C "$DIR/apicurio"
}

kafka_up() {
  local pidf="$DIR/run/kafka.pid" data="$DIR/kafka/data" conf="$DIR/kafka/server.properties"
  if pid_alive "$pidf"; then say "kafka already running (pid $(cat "$pidf"))"; return; fi
  check_port_free "$KAFKA_PORT" kafka; check_port_free "$KAFKA_CONTROLLER_PORT" "kafka controller"
  cat >"$conf" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${KAFKA_CONTROLLER_PORT}
listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT},CONTROLLER://127.0.0.1:${KAFKA_CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=${data}
num.partitions=6
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.cleaner.backoff.ms=1000
PROPS
  cat >"$DIR/kafka/log4j2.properties" <<'PROPS'
rootLogger.level=WARN
rootLogger.appenderRef.stdout.ref=STDOUT
appender.stdout.type=Console
appender.stdout.name=STDOUT
appender.stdout.layout.type=PatternLayout
appender.stdout.layout.pattern=[%d] %p %m (%c)%n
logger.kafka.name=kafka
logger.kafka.level=INFO
PROPS
  local cp="$DIR/kafka/libs/*" jopts=(-Xms256m -Xmx1g -Dlog4j2.configurationFile="$DIR/kafka/log4j2.properties")
  if [ ! -f "$data/meta.properties" ]; then
    java "${jopts[@]}" -cp "$cp" kafka.tools.StorageTool format -t "rostering-local-cluster-1" -c "$conf" \
      >"$DIR/logs/kafka-format.log" 2>&1 || die "formatting Kafka storage failed; see $DIR/logs/kafka-format.log"
  fi
  nohup java "${jopts[@]}" -cp "$cp" kafka.Kafka "$conf" >"$DIR/logs/kafka.log" 2>&1 </dev/null &
  echo $! >"$pidf"
  wait_for kafka 90 grep -q "Kafka Server started" "$DIR/logs/kafka.log"
  say "kafka started on 127.0.0.1:${KAFKA_PORT}"
}

registry_up() {
  local pidf="$DIR/run/registry.pid" url="http://127.0.0.1:${SCHEMA_REGISTRY_PORT}/apis/ccompat/v7"
  if pid_alive "$pidf"; then say "schema registry already running (pid $(cat "$pidf"))"; return; fi
  check_port_free "$SCHEMA_REGISTRY_PORT" "schema registry"
  # exec: the recorded pid is Java's own, and no shell keeps the caller's stdout open.
  (cd "$DIR/apicurio" && exec java -Xms128m -Xmx768m \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="${SCHEMA_REGISTRY_PORT}" \
    -Dquarkus.log.level=WARN -Dapicurio.ccompat.legacy-id-mode.enabled=true \
    -jar apicurio-registry-app-3.0.9-runner.jar) >"$DIR/logs/registry.log" 2>&1 </dev/null &
  echo $! >"$pidf"
  wait_for "schema registry" 120 curl -sf "$url/subjects"
  # New subjects are BACKWARD compatible unless a test or service says otherwise (DESIGN.md §3).
  curl -sf -X PUT -H 'Content-Type: application/json' -d '{"compatibility":"BACKWARD"}' "$url/config" >/dev/null ||
    die "could not set the registry's default compatibility; see $DIR/logs/registry.log"
  say "schema registry started on $url"
}

# PostgreSQL refuses to run as root, so as root it runs as the `postgres` user, which must be able to reach its
# data folder; when the checkout lies under a private folder (e.g. /root), the data goes to /var/tmp instead.
pg_dir() {
  local d="$DIR/postgres"
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$DIR" 2>/dev/null; then
    d="/var/tmp/rostering-pg-$(printf '%s' "$DIR" | md5sum | cut -c1-10)"
  fi
  printf '%s' "$d"
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

postgres_up() {
  local bin pgd data pidf="$DIR/run/postgres.pid"
  pgd="$(pg_dir)"; data="$pgd/data"; mkdir -p "$pgd/run"
  bin="$(pg_bin)"
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed; run as root or: sudo apt-get install -y postgresql"
    say "installing PostgreSQL from Debian packages…"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >"$DIR/logs/apt.log" 2>&1 ||
      die "apt-get install postgresql failed; see $DIR/logs/apt.log"
    bin="$(pg_bin)"
  fi
  local as=()
  # As root, PostgreSQL tools run as `postgres` from / (the checkout may not be readable to that user).
  if [ "$(id -u)" = 0 ]; then cd /; as=(runuser -u postgres --); chown -R postgres:postgres "$pgd"; fi
  if [ -f "$pidf" ] && "${as[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then say "postgres already running"; return; fi
  check_port_free "$POSTGRES_PORT" postgres
  if [ ! -f "$data/PG_VERSION" ]; then
    "${as[@]}" "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >"$DIR/logs/initdb.log" 2>&1 ||
      die "initdb failed; see $DIR/logs/initdb.log"
  fi
  "${as[@]}" "$bin/pg_ctl" -D "$data" -l "$pgd/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p ${POSTGRES_PORT} -k $pgd/run -c max_connections=300 -c fsync=off -c shared_buffers=${POSTGRES_SHARED_BUFFERS}" start >/dev/null ||
    die "PostgreSQL did not start; see $pgd/postgres.log"
  echo started >"$pidf"
  local psql=("${as[@]}" "$bin/psql" -h "$pgd/run" -p "$POSTGRES_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt)
  if [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname='$PG_USER'")" != 1 ]; then
    "${psql[@]}" -c "create role $PG_USER login createdb password '$PG_PASSWORD'"
  fi
  if [ "$("${psql[@]}" -c "select 1 from pg_database where datname='$PG_DB'")" != 1 ]; then
    "${psql[@]}" -c "create database $PG_DB owner $PG_USER"
  fi
  say "postgres started on 127.0.0.1:${POSTGRES_PORT}"
}

postgres_down() {
  local bin data pidf="$DIR/run/postgres.pid" as=()
  data="$(pg_dir)/data"
  [ -f "$pidf" ] || return 0
  bin="$(pg_bin)"; [ "$(id -u)" = 0 ] && { cd /; as=(runuser -u postgres --); }
  "${as[@]}" "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  rm -f "$pidf"; say "postgres stopped"
}

stop_pid() { # name pidfile
  local pidf=$2
  if pid_alive "$pidf"; then
    local pid; pid=$(cat "$pidf"); kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    say "$1 stopped"
  fi
  rm -f "$pidf"
}

print_env() {
  cat <<ENV
export KAFKA_BROKERS=127.0.0.1:${KAFKA_PORT}
export SCHEMA_REGISTRY_URL=http://127.0.0.1:${SCHEMA_REGISTRY_PORT}/apis/ccompat/v7
export DATABASE_URL=postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${POSTGRES_PORT}/${PG_DB}
ENV
}

status_line() { if $2; then say "$1: running"; else say "$1: stopped"; fi; }

mkdir -p "$DIR"/{logs,run,kafka/data,downloads}
case "${1:-}" in
  up)
    fetch_jvm_services
    postgres_up
    kafka_up
    registry_up
    print_env ;;
  down)
    stop_pid "schema registry" "$DIR/run/registry.pid"
    stop_pid kafka "$DIR/run/kafka.pid"
    postgres_down ;;
  status)
    status_line kafka "$(pid_alive "$DIR/run/kafka.pid" && echo true || echo false)"
    status_line "schema registry" "$(pid_alive "$DIR/run/registry.pid" && echo true || echo false)"
    status_line postgres "$([ -f "$DIR/run/postgres.pid" ] && echo true || echo false)"
    print_env ;;
  env) print_env ;;
  *) die "usage: scripts/services.sh up|down|status|env" ;;
esac
