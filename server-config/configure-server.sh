#!/usr/bin/env bash
# Applies Trace Relay's configuration to a WildFly 39 installation, offline (the server must be
# stopped): the CLI scripts beside this file on standalone-full.xml, the PostgreSQL driver module
# and datasource, the broker (embedded, or a standalone one) and the JMS producer user. Idempotent:
# run it again after changing anything.
#
#   server-config/configure-server.sh JBOSS_HOME [BASE_DIR]
#
# BASE_DIR: a server base directory other than JBOSS_HOME/standalone (one per node, bin/cluster).
# Env: TRACE_RELAY_BROKER_URL=tcp://host:port: a standalone broker (remote-broker.cli) instead of the
#      embedded one; unset, the embedded broker (embedded-broker.cli). Switching back to embedded
#      starts again from the stock standalone-full.xml kept on the first run.
#      TRACE_RELAY_BROKER_BACKUP_URL=tcp://host:port (with the above): the backup of a replicated
#      pair (remote-broker-ha.cli): the nodes fail over to it and back.
#      TRACE_RELAY_JMS_USER (producer) / TRACE_RELAY_JMS_PASSWORD (no default: generated once into
#      BASE_DIR/configuration/jms-producer.password, mode 0600, shown once on a terminal);
#      TRACE_RELAY_JMS_OPERATOR_USER / _PASSWORD adds a user who may read TraceTasksDLQ.
#      (With a standalone broker these users live in the broker: standalone-broker.sh.)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jboss_home=${1:?usage: configure-server.sh JBOSS_HOME [BASE_DIR]}
base_dir=${2:-$jboss_home/standalone}
cli="$here/src/main/cli"
config="$base_dir/configuration/standalone-full.xml"

if [ ! -f "$jboss_home/modules/org/postgresql/main/postgresql.jar" ]; then
  echo "missing $jboss_home/modules/org/postgresql/main/postgresql.jar (the build copies it there)" >&2
  exit 2
fi
mkdir -p "$jboss_home/modules/org/postgresql/main" "$base_dir/configuration/trace-relay"
cp "$here/src/main/modules/org/postgresql/main/module.xml" "$jboss_home/modules/org/postgresql/main/module.xml"
# The broker guard's module (the build copies its jar there); embedded-broker.cli names it.
guard="$jboss_home/modules/org/tracerelay/broker-guard/main"
[ -f "$guard/trace-relay-broker-guard.jar" ] || { echo "missing $guard/trace-relay-broker-guard.jar (the build copies it there)" >&2; exit 2; }
cp "$here/src/main/modules/org/tracerelay/broker-guard/main/module.xml" "$guard/module.xml"

# The stock file, kept before the first change, so the broker mode can be switched back.
[ -f "$config.stock" ] || grep -q TraceRelayDS "$config" || cp -p "$config" "$config.stock"
script=$(mktemp)
broker_cli=$(mktemp)
trap 'rm -f "$script" "$broker_cli"' EXIT
if [ -n "${TRACE_RELAY_BROKER_URL:-}" ]; then
  [[ "$TRACE_RELAY_BROKER_URL" =~ ^tcp://([^:/]+):([0-9]+)/?$ ]] || { echo "TRACE_RELAY_BROKER_URL must look like tcp://host:port" >&2; exit 2; }
  sed -e "s/TRACE_RELAY_BROKER_HOST:127.0.0.1/TRACE_RELAY_BROKER_HOST:${BASH_REMATCH[1]}/" \
      -e "s/TRACE_RELAY_BROKER_PORT:61616/TRACE_RELAY_BROKER_PORT:${BASH_REMATCH[2]}/" "$cli/remote-broker.cli" > "$broker_cli"
  if [ -n "${TRACE_RELAY_BROKER_BACKUP_URL:-}" ]; then
    [[ "$TRACE_RELAY_BROKER_BACKUP_URL" =~ ^tcp://([^:/]+):([0-9]+)/?$ ]] || { echo "TRACE_RELAY_BROKER_BACKUP_URL must look like tcp://host:port" >&2; exit 2; }
    sed -e "s/TRACE_RELAY_BROKER_BACKUP_HOST:127.0.0.1/TRACE_RELAY_BROKER_BACKUP_HOST:${BASH_REMATCH[1]}/" \
        -e "s/TRACE_RELAY_BROKER_BACKUP_PORT:61617/TRACE_RELAY_BROKER_BACKUP_PORT:${BASH_REMATCH[2]}/" "$cli/remote-broker-ha.cli" >> "$broker_cli"
  fi
else
  cp "$cli/embedded-broker.cli" "$broker_cli"
  if grep -q 'remote-connector name="trace-relay-broker"' "$config"; then
    [ -f "$config.stock" ] || { echo "$config uses a standalone broker and no stock copy is left to return to the embedded one" >&2; exit 2; }
    cp -p "$config.stock" "$config"
  fi
fi

cat "$cli/offline-start.cli" "$cli/trace-relay.cli" "$broker_cli" "$cli/datasource.cli" "$cli/offline-stop.cli" > "$script"
JAVA_OPTS="${JAVA_OPTS:-} -Djboss.server.base.dir=$base_dir" JBOSS_HOME="$jboss_home" \
  "$jboss_home/bin/jboss-cli.sh" --file="$script" > "$base_dir/configure-trace-relay.log" 2>&1 || {
  cat "$base_dir/configure-trace-relay.log" >&2
  exit 1
}

if [ -n "${TRACE_RELAY_BROKER_URL:-}" ]; then
  echo "configured $base_dir for Trace Relay on the broker $TRACE_RELAY_BROKER_URL${TRACE_RELAY_BROKER_BACKUP_URL:+ (backup $TRACE_RELAY_BROKER_BACKUP_URL)}"
  exit 0
fi
# The user external JMS producers log in as (application realm, group "producer").
. "$here/secrets.sh"
if [ -n "${TRACE_RELAY_JMS_PASSWORD:-}" ]; then
  printf '%s\n' "$TRACE_RELAY_JMS_PASSWORD"
else
  secret_file "$base_dir/configuration/jms-producer.password"
fi | wildfly_app_user "$base_dir/configuration" "${TRACE_RELAY_JMS_USER:-producer}" producer
# Optionally, a user who may read the dead-letter queue (group "operator").
if [ -n "${TRACE_RELAY_JMS_OPERATOR_USER:-}" ]; then
  printf '%s\n' "${TRACE_RELAY_JMS_OPERATOR_PASSWORD:?set TRACE_RELAY_JMS_OPERATOR_PASSWORD too}" \
    | wildfly_app_user "$base_dir/configuration" "$TRACE_RELAY_JMS_OPERATOR_USER" operator
fi
echo "configured $jboss_home for Trace Relay"
