#!/usr/bin/env bash
# Applies Trace Relay's configuration to a WildFly 39 installation, offline (the server must be
# stopped): the CLI scripts beside this file on standalone-full.xml, the PostgreSQL driver module
# and datasource, and the JMS producer user. Idempotent: run it again after changing anything.
#
#   server-config/configure-server.sh JBOSS_HOME
#
# Env: TRACE_RELAY_JMS_USER / TRACE_RELAY_JMS_PASSWORD (default producer/producer);
#      TRACE_RELAY_JMS_OPERATOR_USER / _PASSWORD adds a user who may read TraceTasksDLQ.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jboss_home=${1:?usage: configure-server.sh JBOSS_HOME}
cli="$here/src/main/cli"

if [ ! -f "$jboss_home/modules/org/postgresql/main/postgresql.jar" ]; then
  echo "missing $jboss_home/modules/org/postgresql/main/postgresql.jar (the build copies it there)" >&2
  exit 2
fi
mkdir -p "$jboss_home/modules/org/postgresql/main" "$jboss_home/standalone/configuration/trace-relay"
cp "$here/src/main/modules/org/postgresql/main/module.xml" "$jboss_home/modules/org/postgresql/main/module.xml"

script=$(mktemp)
trap 'rm -f "$script"' EXIT
cat "$cli/offline-start.cli" "$cli/trace-relay.cli" "$cli/datasource.cli" "$cli/offline-stop.cli" > "$script"
JBOSS_HOME="$jboss_home" "$jboss_home/bin/jboss-cli.sh" --file="$script" > "$jboss_home/standalone/configure-trace-relay.log" 2>&1 || {
  cat "$jboss_home/standalone/configure-trace-relay.log" >&2
  exit 1
}

# The user external JMS producers log in as (application realm, group "producer").
JBOSS_HOME="$jboss_home" "$jboss_home/bin/add-user.sh" -a -s \
  -u "${TRACE_RELAY_JMS_USER:-producer}" -p "${TRACE_RELAY_JMS_PASSWORD:-producer}" -g producer
# Optionally, a user who may read the dead-letter queue (group "operator").
if [ -n "${TRACE_RELAY_JMS_OPERATOR_USER:-}" ]; then
  JBOSS_HOME="$jboss_home" "$jboss_home/bin/add-user.sh" -a -s \
    -u "$TRACE_RELAY_JMS_OPERATOR_USER" -p "${TRACE_RELAY_JMS_OPERATOR_PASSWORD:?set TRACE_RELAY_JMS_OPERATOR_PASSWORD too}" -g operator
fi
echo "configured $jboss_home for Trace Relay"
