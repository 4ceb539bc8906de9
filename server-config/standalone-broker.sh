#!/usr/bin/env bash
# A standalone Apache Artemis broker for several Trace Relay nodes (README "Running a cluster"), made
# from the distribution the build unpacks from Maven Central (org.apache.activemq:apache-artemis, bin
# zip) with its own `artemis create`, then given Trace Relay's queues, users and settings. Idempotent:
#
#   standalone-broker.sh create DIR   `artemis create` once into DIR; then (every time) the Trace Relay
#                                     settings in etc/broker.xml and the users and roles from the env
#   standalone-broker.sh start DIR    create, then start in the background; returns once it listens
#   standalone-broker.sh stop DIR     graceful stop (SIGTERM, the journal is closed), SIGKILL after 30 s
#   standalone-broker.sh kill DIR     SIGKILL (a fault drill)
#   standalone-broker.sh status DIR   exit 0 when it runs
#   standalone-broker.sh password DIR relay|producer   prints a generated password
#
# DIR holds an ordinary Artemis instance (etc/, data/ with the persistent NIO journal, log/); an
# operator can read etc/broker.xml and reuse it. Users: the relay's own (role relay, everything on
# the relay's queues), the JMS producers' (role producer: send to TraceTasks only) and optionally an
# operator (role operator: read TraceTasksDLQ). No guest, no anonymous login, no web console, no
# default password: one not given in the env is generated at the first create into DIR/secrets/
# (mode 0600; shown once when stderr is a terminal), and no password is ever an argument of a command (ps would show it).
# Env: TRACE_RELAY_ARTEMIS_HOME     the unpacked distribution (default: server-config/target/apache-artemis-*)
#      TRACE_RELAY_BROKER_BIND      address to listen on (127.0.0.1; 0.0.0.0 for nodes on other hosts)
#      TRACE_RELAY_BROKER_PORT      core protocol port (61616)
#      TRACE_BROKER_USER / TRACE_BROKER_PASSWORD         the relay nodes' login (relay / generated)
#      TRACE_RELAY_JMS_USER / _PASSWORD                  external producers' login (producer / generated)
#      TRACE_RELAY_JMS_OPERATOR_USER / _PASSWORD         optional dead-letter reader
#      TRACE_RELAY_MAX_DELIVERY_ATTEMPTS (10), TRACE_RELAY_REDELIVERY_DELAY_MS (1000),
#      TRACE_RELAY_QUEUE_MAX_SIZE_BYTES (52428800): as for the embedded broker (trace-relay.cli)
#      TRACE_RELAY_BROKER_MEMORY    the broker JVM's -Xmx (1G)
#      TRACE_BROKER_MAX_MESSAGE_BYTES  the largest message to TraceTasks the broker takes (42991616 = 41 MiB)
#      TRACE_RELAY_BROKER_HA        primary|backup: one of a replicated pair (unset: a broker alone)
#      TRACE_RELAY_BROKER_PEER      the other broker of the pair, host:port
#      TRACE_RELAY_BROKER_CLUSTER_PASSWORD  the pair's replication login (generated into DIR/secrets;
#                                   give the backup the primary's)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cmd=${1:?usage: standalone-broker.sh create|start|stop|status DIR}
dir=${2:?usage: standalone-broker.sh create|start|stop|status DIR}
dir=$(mkdir -p "$dir" && cd "$dir" && pwd)
artemis_home=${TRACE_RELAY_ARTEMIS_HOME:-$(ls -d "$here"/target/apache-artemis-* 2>/dev/null | head -n1 || true)}
bind=${TRACE_RELAY_BROKER_BIND:-127.0.0.1}
port=${TRACE_RELAY_BROKER_PORT:-61616}
relay_user=${TRACE_BROKER_USER:-relay}
producer_user=${TRACE_RELAY_JMS_USER:-producer}
pid_file="$dir/data/trace-relay-broker.pid"
. "$here/secrets.sh"

running() { [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }
listening() { (exec 3<>"/dev/tcp/${bind/0.0.0.0/127.0.0.1}/$port") 2>/dev/null; }

# The password of a login: the env's, else the one generated into DIR/secrets.
password_of() {
  local given=$1 name=$2
  if [ -n "$given" ]; then printf '%s\n' "$given"; else secret_file "$dir/secrets/$name.password"; echo; fi
}

# Artemis's own hash (what `artemis mask --hash` prints), of passwords read one a line on stdin.
hashed() {
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$artemis_home/lib/*" "$here/src/main/broker/HashPasswords.java"
}

create() {
  if [ ! -f "$dir/etc/broker.xml" ]; then
    [ -x "$artemis_home/bin/artemis" ] || { echo "no Artemis distribution at '$artemis_home' (the build unpacks it: mvn package -pl server-config)" >&2; exit 2; }
    # No --password: create's own user is replaced by users() before the broker first starts.
    "$artemis_home/bin/artemis" create "$dir" --force --silent --name trace-relay-broker \
      --user "$relay_user" --role relay --require-login \
      --host "$bind" --default-port "$port" --nio --java-memory "${TRACE_RELAY_BROKER_MEMORY:-1G}" \
      --no-web --no-amqp-acceptor --no-mqtt-acceptor --no-stomp-acceptor --no-hornetq-acceptor \
      --queues TraceTasks:anycast,TraceTasksDLQ:anycast,TraceRelayBaseline:anycast > "$dir/create.log"
  fi
  settings
  users
  guard
}

# The broker guard (module broker-guard; the build copies its jar beside this script's target/):
# broker.xml names it among the remoting incoming interceptors, settings() below.
guard() {
  local jar=${TRACE_RELAY_BROKER_GUARD_JAR:-$here/target/trace-relay-broker-guard.jar}
  [ -f "$jar" ] || { echo "no broker guard at '$jar' (the build copies it: mvn package -pl server-config -am)" >&2; exit 2; }
  cp "$jar" "$dir/lib/trace-relay-broker-guard.jar"
}

# The relay's queues, between markers so a second run replaces instead of repeating them. Artemis
# takes the most specific security match alone, and merges address settings over "#".
settings() {
  local xml="$dir/etc/broker.xml" tmp
  tmp=$(mktemp)
  sed '/<!-- trace-relay:begin -->/,/<!-- trace-relay:end -->/d' "$xml" > "$tmp"
  awk -v security="$(security_settings)" -v address="$(address_settings)" -v guard="$(guard_settings)" -v ha="$(ha_settings)" '
    /<\/core>/ { print guard; if (ha != "") print ha }
    /<\/security-settings>/ { print security }
    /<\/address-settings>/ { print address }
    { print }' "$tmp" > "$xml"
  rm -f "$tmp"
  chmod 600 "$xml"
}

security_settings() {
  cat <<XML
         <!-- trace-relay:begin -->
         <security-setting match="TraceTasks">
            <permission type="send" roles="relay,producer"/>
            <permission type="consume" roles="relay"/>
            <permission type="browse" roles="relay"/>
            <permission type="manage" roles="relay"/>
         </security-setting>
         <security-setting match="TraceTasksDLQ">
            <permission type="send" roles="relay"/>
            <permission type="consume" roles="relay,operator"/>
            <permission type="browse" roles="relay,operator"/>
         </security-setting>
         <!-- bin/bench's raw-broker baseline; nothing consumes it but the benchmark. -->
         <security-setting match="TraceRelayBaseline">
            <permission type="send" roles="relay,producer"/>
            <permission type="consume" roles="relay,producer"/>
         </security-setting>
         <!-- trace-relay:end -->
XML
}

# A message to TraceTasks over TRACE_BROKER_MAX_MESSAGE_BYTES (41 MiB) is refused as it arrives.
guard_settings() {
  cat <<XML
      <!-- trace-relay:begin -->
      <remoting-incoming-interceptors>
         <class-name>org.tracerelay.broker.MessageSizeGuard</class-name>
      </remoting-incoming-interceptors>
      <!-- trace-relay:end -->
XML
}

# One of a replicated pair: the primary replicates its journal to the backup, which takes over when
# the primary is gone (a SIGKILL included) and hands back when the primary returns (fail-back).
ha_settings() {
  local role=${TRACE_RELAY_BROKER_HA:-} policy
  [ -n "$role" ] || return 0
  local peer=${TRACE_RELAY_BROKER_PEER:?TRACE_RELAY_BROKER_PEER=host:port names the other broker of the pair}
  # What the pair and the clients are told to reach this broker at.
  local self=$bind
  [ "$self" != 0.0.0.0 ] || self=$(hostname -f)
  case "$role" in
    primary) policy="<primary><check-for-active-server>true</check-for-active-server></primary>" ;;
    backup) policy="<backup><allow-failback>true</allow-failback><restart-backup>true</restart-backup></backup>" ;;
    *) echo "TRACE_RELAY_BROKER_HA is primary or backup, not '$role'" >&2; exit 2 ;;
  esac
  cat <<XML
      <!-- trace-relay:begin -->
      <connectors>
         <connector name="trace-relay-self">tcp://$self:$port</connector>
         <connector name="trace-relay-peer">tcp://$peer</connector>
      </connectors>
      <cluster-user>trace-relay-cluster</cluster-user>
      <cluster-password>$(password_of "${TRACE_RELAY_BROKER_CLUSTER_PASSWORD:-}" cluster)</cluster-password>
      <ha-policy><replication>$policy</replication></ha-policy>
      <cluster-connections>
         <cluster-connection name="trace-relay">
            <connector-ref>trace-relay-self</connector-ref>
            <message-load-balancing>OFF</message-load-balancing>
            <static-connectors><connector-ref>trace-relay-peer</connector-ref></static-connectors>
         </cluster-connection>
      </cluster-connections>
      <!-- trace-relay:end -->
XML
}

address_settings() {
  cat <<XML
         <!-- trace-relay:begin -->
         <!-- Redelivery backs off from 1 s to 1 min, then TraceTasksDLQ; the backlog pages to disk. -->
         <address-setting match="TraceTasks">
            <dead-letter-address>TraceTasksDLQ</dead-letter-address>
            <max-delivery-attempts>${TRACE_RELAY_MAX_DELIVERY_ATTEMPTS:-10}</max-delivery-attempts>
            <redelivery-delay>${TRACE_RELAY_REDELIVERY_DELAY_MS:-1000}</redelivery-delay>
            <redelivery-delay-multiplier>2.0</redelivery-delay-multiplier>
            <max-redelivery-delay>60000</max-redelivery-delay>
            <max-size-bytes>${TRACE_RELAY_QUEUE_MAX_SIZE_BYTES:-52428800}</max-size-bytes>
            <page-size-bytes>10485760</page-size-bytes>
            <address-full-policy>PAGE</address-full-policy>
         </address-setting>
         <!-- trace-relay:end -->
XML
}

users() {
  local users="$dir/etc/artemis-users.properties" roles="$dir/etc/artemis-roles.properties" hashes expected=2
  if [ -n "${TRACE_RELAY_JMS_OPERATOR_USER:-}" ]; then
    : "${TRACE_RELAY_JMS_OPERATOR_PASSWORD:?set TRACE_RELAY_JMS_OPERATOR_PASSWORD too}"
    expected=3
  fi
  mkdir -p "$dir/secrets"
  chmod 700 "$dir/secrets"
  hashes=$({
    password_of "${TRACE_BROKER_PASSWORD:-}" relay
    password_of "${TRACE_RELAY_JMS_PASSWORD:-}" producer
    if [ -n "${TRACE_RELAY_JMS_OPERATOR_USER:-}" ]; then
      password_of "$TRACE_RELAY_JMS_OPERATOR_PASSWORD" operator
    fi
  } | hashed)
  [ "$(grep -c . <<< "$hashes")" = "$expected" ] || { echo "hashing the broker's passwords failed" >&2; exit 1; }
  (umask 077
  {
    echo "# Written by standalone-broker.sh from the env or DIR/secrets on every create/start; Artemis's own hash."
    echo "$relay_user = ENC($(sed -n 1p <<< "$hashes"))"
    echo "$producer_user = ENC($(sed -n 2p <<< "$hashes"))"
    [ -z "${TRACE_RELAY_JMS_OPERATOR_USER:-}" ] || echo "$TRACE_RELAY_JMS_OPERATOR_USER = ENC($(sed -n 3p <<< "$hashes"))"
  } > "$users.new")
  {
    echo "relay = $relay_user"
    echo "producer = $producer_user"
    [ -z "${TRACE_RELAY_JMS_OPERATOR_USER:-}" ] || echo "operator = $TRACE_RELAY_JMS_OPERATOR_USER"
  } > "$roles.new"
  mv "$users.new" "$users"
  mv "$roles.new" "$roles"
}

start() {
  if running; then
    echo "broker already running in $dir (pid $(cat "$pid_file"))"
    return
  fi
  create
  mkdir -p "$dir/log"
  local logged
  logged=0
  [ ! -f "$dir/log/artemis.log" ] || logged=$(wc -l < "$dir/log/artemis.log")
  nohup "$dir/bin/artemis" run > "$dir/log/console.log" 2>&1 &
  echo $! > "$pid_file"
  for _ in $(seq 1 120); do
    listening && { echo "broker listening on $bind:$port (pid $(cat "$pid_file"), $dir)"; return; }
    # A backup opens no port while its primary is active: it is up once it replicates.
    if [ "${TRACE_RELAY_BROKER_HA:-}" = backup ] && tail -n +$((logged + 1)) "$dir/log/artemis.log" 2>/dev/null | grep -q AMQ221024; then
      echo "backup broker replicating $TRACE_RELAY_BROKER_PEER (pid $(cat "$pid_file"), $dir)"; return
    fi
    running || { tail -n 30 "$dir/log/console.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "the broker did not listen on $bind:$port (nor replicate, as a backup) within 60 s; see $dir/log/console.log" >&2
  exit 1
}

stop() {
  running || return 0
  local pid
  pid=$(cat "$pid_file")
  kill -TERM "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || { rm -f "$pid_file"; return 0; }; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pid_file"
}

case "$cmd" in
  create) create ;;
  start) start ;;
  stop) stop ;;
  kill) if running; then kill -KILL "$(cat "$pid_file")"; rm -f "$pid_file"; fi ;;
  status) running ;;
  password)
    name=${3:?usage: standalone-broker.sh password DIR relay|producer}
    [ -s "$dir/secrets/$name.password" ] || { echo "no generated $name password in $dir/secrets (given in the env?)" >&2; exit 1; }
    cat "$dir/secrets/$name.password"
    ;;
  *) echo "usage: standalone-broker.sh create|start|stop|status|password DIR" >&2; exit 2 ;;
esac
