#!/usr/bin/env bash
# A private PostgreSQL for one Trace Relay server, from the binaries the build unpacked from Maven
# Central (io.zonky.test.postgres:embedded-postgres-binaries-<os>-<arch>). Idempotent:
#
#   private-postgres.sh start DIR [PORT]   initdb once into DIR (generated password), then start on
#                                          127.0.0.1:PORT (default 15432), or reuse the running one
#   private-postgres.sh stop DIR           fast shutdown (committed work is in the WAL either way)
#   private-postgres.sh status DIR         exit 0 when it runs
#   private-postgres.sh password DIR       prints the password the relay logs in with
#
# DIR holds cluster/ (the data directory), password (0600) and postgres.log. The relay connects as
# "tracerelay" to the database "tracerelay" over TCP on loopback only (no Unix socket).
# Env: TRACE_RELAY_PG_BINARIES  folder of the unpacked jar (default: server-config/target/postgres)
#      TRACE_RELAY_PG_PASSWORD  password for a new cluster (default: 32 random characters)
#      TRACE_RELAY_PG_OS_USER   who runs the server when started as root (default: tracerelay);
#                               initdb and postgres refuse to run as root, so the user is created
#                               when missing
#      START_FRESH=1            remove DIR first (tests)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:?usage: private-postgres.sh start|stop|status|password DIR [PORT]}
dir=${2:?usage: private-postgres.sh start|stop|status|password DIR [PORT]}
port=${3:-15432}
binaries=${TRACE_RELAY_PG_BINARIES:-$here/target/postgres}
os_user=${TRACE_RELAY_PG_OS_USER:-tracerelay}
cluster="$dir/cluster"

# Unpacks the .txz of the jar once, beside it.
install_binaries() {
  if [ ! -x "$binaries/bin/postgres" ]; then
    local txz
    txz=$(ls "$binaries"/postgres-*.txz 2>/dev/null | head -n1 || true)
    [ -n "$txz" ] || { echo "no PostgreSQL binaries in $binaries (the build unpacks them: mvn package)" >&2; exit 2; }
    tar -xJf "$txz" -C "$binaries"
  fi
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$os_user" -- "$@"
  else
    "$@"
  fi
}

pg_ctl_() { as_owner "$binaries/bin/pg_ctl" -D "$cluster" "$@"; }

running() { [ -f "$cluster/PG_VERSION" ] && pg_ctl_ status >/dev/null 2>&1; }

init_cluster() {
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    id -u "$os_user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$os_user"
    runuser -u "$os_user" -- test -x "$binaries/bin/postgres" || {
      echo "user $os_user cannot reach $binaries: every folder above it must be searchable by others" >&2; exit 2; }
  fi
  if [ ! -f "$dir/password" ]; then
    (umask 077; printf '%s' "${TRACE_RELAY_PG_PASSWORD:-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}" > "$dir/password")
  fi
  mkdir -p "$cluster"
  chmod 700 "$cluster"
  local pwfile="$cluster.pw"
  (umask 077; cp "$dir/password" "$pwfile")
  if [ "$(id -u)" = 0 ]; then
    chown "$os_user" "$cluster" "$pwfile"
    chown "$os_user" "$dir"
  fi
  as_owner "$binaries/bin/initdb" -D "$cluster" -U tracerelay --pwfile="$pwfile" -A scram-sha-256 \
    -E UTF8 --locale=C > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; rm -f "$pwfile"; exit 1; }
  rm -f "$pwfile"
  # Durable defaults stated, not assumed: a commit the relay acknowledged survives a crash.
  cat >> "$cluster/postgresql.conf" <<'EOF'

# Trace Relay (server-config/private-postgres.sh)
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = on
synchronous_commit = on
full_page_writes = on
max_connections = 200
shared_buffers = 128MB
max_wal_size = 2GB
EOF
  echo "CREATE DATABASE tracerelay;" | as_owner "$binaries/bin/postgres" --single -D "$cluster" postgres > "$dir/createdb.log" 2>&1 \
    || { cat "$dir/createdb.log" >&2; exit 1; }
}

case "$cmd" in
  start)
    install_binaries
    if [ "${START_FRESH:-0}" = 1 ] && [ -d "$dir" ]; then
      running && pg_ctl_ stop -m immediate >/dev/null
      rm -rf "$dir"
    fi
    if running; then
      echo "private PostgreSQL already runs in $cluster (pid $(head -n1 "$cluster/postmaster.pid")); reusing it" >&2
      exit 0
    fi
    [ -f "$cluster/PG_VERSION" ] || init_cluster
    touch "$dir/postgres.log"
    [ "$(id -u)" = 0 ] && chown "$os_user" "$dir/postgres.log"
    pg_ctl_ -l "$dir/postgres.log" -w -t 120 -o "-p $port" start > /dev/null || {
      tail -n 20 "$dir/postgres.log" >&2; exit 1; }
    echo "private PostgreSQL on 127.0.0.1:$port, data in $cluster (pid $(head -n1 "$cluster/postmaster.pid"))" >&2
    ;;
  stop)
    if running; then pg_ctl_ stop -m fast -w -t 120 > /dev/null; fi
    ;;
  status)
    running
    ;;
  password)
    cat "$dir/password"
    ;;
  *)
    echo "unknown command $cmd (start, stop, status, password)" >&2
    exit 2
    ;;
esac
