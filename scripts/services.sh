#!/usr/bin/env bash
# Local, real infrastructure for development and tests: Apache Kafka (KRaft, single node), Apicurio Registry
# (Confluent-compatible API) and PostgreSQL, run as plain processes on 127.0.0.1. No Docker needed.
#
#   scripts/services.sh up       install what is missing, start what is not running (idempotent)
#   scripts/services.sh down     stop what this script started (and nothing else)
#   scripts/services.sh status   say what runs where
#   scripts/services.sh env      print the environment the tests read
#   scripts/services.sh kafka-up / kafka-down   only the Kafka broker (e.g. a second one: other SERVICES_DIR and ports)
#   scripts/services.sh jaeger-up / jaeger-down / jaeger-build / jaeger-status   the tracing UI (scripts/jaeger.sh;
#                        `npm start` starts it, `up` does not: it is built from source once, see that script)
#
# Ports (override by environment): KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT (19093),
# SCHEMA_REGISTRY_PORT (18081), POSTGRES_PORT (15432); POSTGRES_SHARED_BUFFERS (2GB). Data and logs: .services/ (override SERVICES_DIR).
# KAFKA_LIBS: the Kafka jars (default $SERVICES_DIR/kafka/libs; a second broker can reuse the first one's).
# KAFKA_START_SECONDS: how long kafka-up waits for the broker to start (90; a loaded machine may need more).
#
# Encrypted Kafka (opt-in): with KAFKA_SASL_SSL_PORT set, the broker also listens with SASL_SSL there (TLS with a CA
# and a server certificate generated under $SERVICES_DIR/kafka/tls with openssl, SASL SCRAM-SHA-512 and PLAIN for the
# user KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD, default rostering / rostering-sasl-secret). The plain listener keeps
# working for everything else; `env` then also prints KAFKA_SECURE_BROKERS and the KAFKA_SSL_* / KAFKA_SASL_* client
# settings. SCRAM users are created when the storage is formatted: on data formatted without them, only PLAIN works
# until the data folder is removed.
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
KAFKA_LIBS="${KAFKA_LIBS:-$DIR/kafka/libs}"
KAFKA_SASL_SSL_PORT="${KAFKA_SASL_SSL_PORT:-}"
KAFKA_SASL_USERNAME="${KAFKA_SASL_USERNAME:-rostering}"
KAFKA_SASL_PASSWORD="${KAFKA_SASL_PASSWORD:-rostering-sasl-secret}"
KAFKA_HEAP="${KAFKA_HEAP:-1g}"
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
  if [ -f "$KAFKA_LIBS/kafka_2.13-4.4.0.jar" ] && [ -f "$DIR/apicurio/apicurio-registry-app-3.0.9-runner.jar" ]; then return; fi
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
  local listeners="PLAINTEXT://127.0.0.1:${KAFKA_PORT},CONTROLLER://127.0.0.1:${KAFKA_CONTROLLER_PORT}"
  local advertised="PLAINTEXT://127.0.0.1:${KAFKA_PORT}" protocols="PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
  if [ -n "$KAFKA_SASL_SSL_PORT" ]; then
    check_port_free "$KAFKA_SASL_SSL_PORT" "kafka SASL_SSL"
    kafka_tls
    listeners+=",SASL_SSL://127.0.0.1:${KAFKA_SASL_SSL_PORT}"; advertised+=",SASL_SSL://127.0.0.1:${KAFKA_SASL_SSL_PORT}"
    protocols+=",SASL_SSL:SASL_SSL"
  fi
  cat >"$conf" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${KAFKA_CONTROLLER_PORT}
listeners=${listeners}
advertised.listeners=${advertised}
controller.listener.names=CONTROLLER
listener.security.protocol.map=${protocols}
inter.broker.listener.name=PLAINTEXT
log.dirs=${data}
num.partitions=6
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=6
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.cleaner.backoff.ms=1000
PROPS
  [ -z "$KAFKA_SASL_SSL_PORT" ] || kafka_sasl_ssl_props >>"$conf"
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
  local cp="$KAFKA_LIBS/*" jopts=(-Xms256m "-Xmx${KAFKA_HEAP}" -Dlog4j2.configurationFile="$DIR/kafka/log4j2.properties")
  if [ ! -f "$data/meta.properties" ]; then
    local scram=()
    [ -z "$KAFKA_SASL_SSL_PORT" ] || scram=(--add-scram "SCRAM-SHA-512=[name=${KAFKA_SASL_USERNAME},password=${KAFKA_SASL_PASSWORD}]")
    java "${jopts[@]}" -cp "$cp" kafka.tools.StorageTool format -t "rostering-local-cluster-1" -c "$conf" "${scram[@]}" \
      >"$DIR/logs/kafka-format.log" 2>&1 || die "formatting Kafka storage failed; see $DIR/logs/kafka-format.log"
    [ -z "$KAFKA_SASL_SSL_PORT" ] || echo "$KAFKA_SASL_USERNAME" >"$DIR/kafka/scram-users"
  elif [ -n "$KAFKA_SASL_SSL_PORT" ] && ! grep -qx "$KAFKA_SASL_USERNAME" "$DIR/kafka/scram-users" 2>/dev/null; then
    say "warning: Kafka's storage was formatted without SCRAM users; SASL PLAIN works, SCRAM-SHA-512 after removing $data"
  fi
  # setsid: a session of its own, so a Ctrl-C in the terminal that ran `services:up` (or `npm start`) does not reach it.
  setsid java "${jopts[@]}" -cp "$cp" kafka.Kafka "$conf" >"$DIR/logs/kafka.log" 2>&1 </dev/null &
  echo $! >"$pidf"
  wait_for kafka "${KAFKA_START_SECONDS:-90}" grep -q "Kafka Server started" "$DIR/logs/kafka.log"
  say "kafka started on 127.0.0.1:${KAFKA_PORT}${KAFKA_SASL_SSL_PORT:+ (SASL_SSL on 127.0.0.1:${KAFKA_SASL_SSL_PORT})}"
}

# A local CA and a server certificate for 127.0.0.1/localhost (PKCS12 for the broker), made once per SERVICES_DIR.
kafka_tls() {
  local tls="$DIR/kafka/tls"
  [ -f "$tls/server.p12" ] && return
  command -v openssl >/dev/null || die "openssl is required for the SASL_SSL listener: apt-get install -y openssl"
  mkdir -p "$tls"
  (
    cd "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=rostering local Kafka CA" \
      -keyout ca.key -out ca.pem
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout server.key -out server.csr
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 825 -extfile server.ext -out server.pem
    openssl pkcs12 -export -in server.pem -inkey server.key -certfile ca.pem -name kafka -passout "pass:${KAFKA_SASL_PASSWORD}" -out server.p12
  ) >"$DIR/logs/kafka-tls.log" 2>&1 || die "generating the Kafka TLS certificates failed; see $DIR/logs/kafka-tls.log"
}

kafka_sasl_ssl_props() {
  cat <<PROPS
sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_${KAFKA_SASL_USERNAME}="${KAFKA_SASL_PASSWORD}";
listener.name.sasl_ssl.ssl.keystore.type=PKCS12
listener.name.sasl_ssl.ssl.keystore.location=${DIR}/kafka/tls/server.p12
listener.name.sasl_ssl.ssl.keystore.password=${KAFKA_SASL_PASSWORD}
listener.name.sasl_ssl.ssl.key.password=${KAFKA_SASL_PASSWORD}
listener.name.sasl_ssl.ssl.client.auth=none
PROPS
}

registry_up() {
  local pidf="$DIR/run/registry.pid" url="http://127.0.0.1:${SCHEMA_REGISTRY_PORT}/apis/ccompat/v7"
  if pid_alive "$pidf"; then say "schema registry already running (pid $(cat "$pidf"))"; return; fi
  check_port_free "$SCHEMA_REGISTRY_PORT" "schema registry"
  # exec: the recorded pid is Java's own, and no shell keeps the caller's stdout open; setsid: its own session, so
  # a Ctrl-C in the caller's terminal does not stop it (Quarkus handles SIGINT itself, overriding an inherited ignore).
  (cd "$DIR/apicurio" && exec setsid java -Xms128m -Xmx768m \
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
    "${psql[@]}" -c "create role $PG_USER login createdb createrole password '$PG_PASSWORD'"
  fi
  # `ops db roles` (and its tests) create one role per service: the migration user needs CREATEROLE.
  "${psql[@]}" -c "alter role $PG_USER createrole"
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
  [ -z "$KAFKA_SASL_SSL_PORT" ] || print_secure_kafka_env
}

# What a client of the SASL_SSL listener sets (the apps, ops and the benchmarks read these; KAFKA_BROKERS must then be
# KAFKA_SECURE_BROKERS).
print_secure_kafka_env() {
  cat <<ENV
export KAFKA_SECURE_BROKERS=127.0.0.1:${KAFKA_SASL_SSL_PORT}
export KAFKA_SECURITY_PROTOCOL=SASL_SSL
export KAFKA_SSL_CA_FILE=${DIR}/kafka/tls/ca.pem
export KAFKA_SASL_MECHANISM=scram-sha-512
export KAFKA_SASL_USERNAME=${KAFKA_SASL_USERNAME}
export KAFKA_SASL_PASSWORD=${KAFKA_SASL_PASSWORD}
ENV
}

kafka_only_env() {
  echo "export KAFKA_BROKERS=127.0.0.1:${KAFKA_PORT}"
  [ -z "$KAFKA_SASL_SSL_PORT" ] || print_secure_kafka_env
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
    bash "$ROOT/scripts/jaeger.sh" down
    stop_pid "schema registry" "$DIR/run/registry.pid"
    stop_pid kafka "$DIR/run/kafka.pid"
    postgres_down ;;
  status)
    status_line kafka "$(pid_alive "$DIR/run/kafka.pid" && echo true || echo false)"
    status_line "schema registry" "$(pid_alive "$DIR/run/registry.pid" && echo true || echo false)"
    status_line postgres "$([ -f "$DIR/run/postgres.pid" ] && echo true || echo false)"
    bash "$ROOT/scripts/jaeger.sh" status
    print_env ;;
  env) print_env ;;
  kafka-up)
    [ -f "$KAFKA_LIBS/kafka_2.13-4.4.0.jar" ] || fetch_jvm_services
    kafka_up
    kafka_only_env ;;
  kafka-down) stop_pid kafka "$DIR/run/kafka.pid" ;;
  jaeger-up|jaeger-down|jaeger-build|jaeger-status) exec bash "$ROOT/scripts/jaeger.sh" "${1#jaeger-}" ;;
  *) die "usage: scripts/services.sh up|down|status|env|kafka-up|kafka-down|jaeger-up|jaeger-down|jaeger-build|jaeger-status" ;;
esac
