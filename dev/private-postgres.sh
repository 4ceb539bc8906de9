#!/usr/bin/env bash
# A private PostgreSQL for one Trace Relay server, from the binaries the build unpacked from Maven
# Central (io.zonky.test.postgres:embedded-postgres-binaries-<os>-<arch>). Idempotent:
#
#   private-postgres.sh start DIR [PORT]   initdb once into DIR (generated passwords), then start on
#                                          127.0.0.1:PORT (default 15432), or reuse the running one
#   private-postgres.sh stop DIR           fast shutdown (committed work is in the WAL either way)
#   private-postgres.sh status DIR         exit 0 when it runs
#   private-postgres.sh password DIR       prints the password the relay logs in with
#   private-postgres.sh user DIR           prints the role the relay logs in as (tracerelay_app)
#
# DIR holds cluster/ (the data directory), password and superuser.password (0600) and postgres.log.
# The relay connects as "tracerelay_app" to the database "tracerelay" over TCP on loopback only (no
# Unix socket). That role is no superuser: it owns the schema public and what the relay made there
# and nothing else, so it cannot COPY ... TO PROGRAM or read the server's files. The superuser
# ("postgres"; "tracerelay" in a data directory made before) is this script's alone, its password
# in superuser.password. Every start sets both roles up again in single-user mode before the server
# listens, which also brings an older data directory (where the relay was the superuser) to this.
# As root, DIR is kept root's, and a link in it stops the start: the server's OS user could have
# planted it, and root writes and chowns there. Only cluster/ and postgres.log are that user's.
# Env: TRACE_RELAY_PG_BINARIES  folder of the unpacked jar (default: server-config/target/postgres)
#      TRACE_RELAY_PG_PASSWORD  the relay's password for a new DIR (default: 32 random characters)
#      TRACE_RELAY_PG_OS_USER   who runs the server when started as root (default: tracerelay);
#                               initdb and postgres refuse to run as root, so the user is created
#                               when missing
#      START_FRESH=1            remove DIR first (tests)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:?usage: private-postgres.sh start|stop|status|password|user DIR [PORT]}
dir=${2:?usage: private-postgres.sh start|stop|status|password|user DIR [PORT]}
port=${3:-15432}
binaries=${TRACE_RELAY_PG_BINARIES:-$here/../server-config/target/postgres}
os_user=${TRACE_RELAY_PG_OS_USER:-tracerelay}
cluster="$dir/cluster"
relay_role=tracerelay_app

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

# As root: DIR is root's and holds no link, so nothing below writes or chowns through one.
guard_dir() {
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] || return 0
  local links
  links=$(find "$dir" -maxdepth 1 -type l)
  if [ -L "$dir" ] || [ -n "$links" ]; then
    echo "refusing to start as root: a link this script did not make in $dir: ${links:-$dir}" >&2
    exit 3
  fi
  chown -h 0:0 "$dir"
  chmod 755 "$dir"
}

# Hands a file root just made in DIR to the server's OS user (DIR holds no link: guard_dir).
owned_by_server() {
  if [ "$(id -u)" = 0 ]; then chown -h "$os_user" "$@"; fi
}

random_password() { head -c 24 /dev/urandom | base64 | tr -d '/+=\n'; }

init_cluster() {
  if [ "$(id -u)" = 0 ]; then
    id -u "$os_user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$os_user"
    runuser -u "$os_user" -- test -x "$binaries/bin/postgres" || {
      echo "user $os_user cannot reach $binaries: every folder above it must be searchable by others" >&2; exit 2; }
  fi
  if [ ! -f "$dir/password" ]; then
    (umask 077; printf '%s' "${TRACE_RELAY_PG_PASSWORD:-$(random_password)}" > "$dir/password")
  fi
  (umask 077; random_password > "$dir/superuser.password")
  mkdir -p "$cluster"
  chmod 700 "$cluster"
  owned_by_server "$cluster"
  # initdb reads the superuser's password from a file its OS user can open, removed right after.
  local pwfile="$dir/initdb.pw"
  rm -f "$pwfile"
  (umask 077; cp "$dir/superuser.password" "$pwfile")
  owned_by_server "$pwfile"
  as_owner "$binaries/bin/initdb" -D "$cluster" -U postgres --pwfile="$pwfile" -A scram-sha-256 \
    -E UTF8 --locale=C > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; rm -f "$pwfile"; exit 1; }
  rm -f "$pwfile"
  # Durable defaults stated, not assumed: a commit the relay acknowledged survives a crash.
  cat >> "$cluster/postgresql.conf" <<'EOF'

# Trace Relay (dev/private-postgres.sh)
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

sql_literal() { local q="'"; printf "'%s'" "${1//$q/$q$q}"; }

# The relay's role and the superuser's password, set again on every start (single-user mode, the
# server stopped; one statement a line). The relay's role logs in, owns the schema public and
# every table, view and sequence there, and nothing a superuser alone may do.
set_up_roles() {
  [ -s "$dir/superuser.password" ] || (umask 077; random_password > "$dir/superuser.password")
  local relay_pw superuser_pw
  relay_pw=$(sql_literal "$(cat "$dir/password")")
  superuser_pw=$(sql_literal "$(cat "$dir/superuser.password")")
  as_owner "$binaries/bin/postgres" --single -D "$cluster" tracerelay > "$dir/roles.log" 2>&1 <<SQL || { cat "$dir/roles.log" >&2; exit 1; }
DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$relay_role') THEN CREATE ROLE $relay_role; END IF; END \$\$;
ALTER ROLE $relay_role LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD $relay_pw;
DO \$\$ BEGIN EXECUTE format('ALTER ROLE %I PASSWORD %L', (SELECT rolname FROM pg_roles WHERE oid = 10), $superuser_pw); END \$\$;
REVOKE ALL ON DATABASE tracerelay FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE tracerelay TO $relay_role;
ALTER SCHEMA public OWNER TO $relay_role;
DO \$\$ DECLARE r record; BEGIN FOR r IN SELECT c.relkind, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relowner <> '$relay_role'::regrole AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')) LOOP EXECUTE format('ALTER %s public.%I OWNER TO $relay_role', CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.relname); END LOOP; END \$\$;
SQL
  if grep -q "ERROR" "$dir/roles.log"; then cat "$dir/roles.log" >&2; exit 1; fi
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
    guard_dir
    [ -f "$cluster/PG_VERSION" ] || init_cluster
    set_up_roles
    touch "$dir/postgres.log"
    owned_by_server "$dir/postgres.log"
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
  user)
    echo "$relay_role"
    ;;
  *)
    echo "unknown command $cmd (start, stop, status, password, user)" >&2
    exit 2
    ;;
esac
