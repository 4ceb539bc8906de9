#!/usr/bin/env bash
# A Keycloak for the sign-in tests (ConsoleIT): the distribution the build unpacked from Maven
# Central (org.keycloak:keycloak-quarkus-dist), in development mode (its own H2 file under DIR/data),
# with one realm imported from a JSON file. Development and tests only.
#   keycloak.sh start DIR PORT REALM.json   starts in the background; returns once the realm's keys
#                                           answer (log DIR/keycloak.log, pid DIR/keycloak.pid)
#   keycloak.sh stop DIR
#   keycloak.sh trusted-keys PORT REALM PEM KID OUT
#                                           writes a JWK set with the realm's signing keys and the
#                                           RSA public key PEM (as kid KID): a relay given OUT as
#                                           mp.jwt.verify.publickey.location accepts both issuers' tokens
set -euo pipefail
cmd=${1:?usage: keycloak.sh start|stop|trusted-keys ...}

case "$cmd" in
  start)
    dir=${2:?DIR} port=${3:?PORT} realm=${4:?REALM.json}
    "$0" stop "$dir" || true
    rm -rf "$dir/data"
    mkdir -p "$dir/data/import"
    cp "$realm" "$dir/data/import/"
    begin=$(date +%s)
    # No admin user: the realm comes from the file, and nothing here administers it.
    nohup "$dir/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$port" --import-realm \
      > "$dir/keycloak.log" 2>&1 < /dev/null &
    echo $! > "$dir/keycloak.pid"
    name=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["realm"])' "$realm")
    until curl -sf -o /dev/null "http://127.0.0.1:$port/realms/$name/protocol/openid-connect/certs"; do
      if ! kill -0 "$(cat "$dir/keycloak.pid")" 2>/dev/null || [ $(( $(date +%s) - begin )) -gt 600 ]; then
        tail -20 "$dir/keycloak.log" >&2
        echo "keycloak.sh: Keycloak did not start" >&2
        exit 1
      fi
      sleep 1
    done
    echo "keycloak.sh: Keycloak answers on 127.0.0.1:$port after $(( $(date +%s) - begin )) s"
    ;;
  stop)
    dir=${2:?DIR}
    pid=$(cat "$dir/keycloak.pid" 2>/dev/null || true)
    [ -n "$pid" ] || exit 0
    # kc.sh execs java, so the pid is the server's.
    kill -TERM "$pid" 2>/dev/null || exit 0
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$dir/keycloak.pid"
    ;;
  trusted-keys)
    port=${2:?PORT} realm=${3:?REALM} pem=${4:?PEM} kid=${5:?KID} out=${6:?OUT}
    curl -sf "http://127.0.0.1:$port/realms/$realm/protocol/openid-connect/certs" > "$out.realm"
    modulus=$(openssl rsa -pubin -in "$pem" -noout -modulus | cut -d= -f2)
    python3 - "$out.realm" "$modulus" "$kid" "$out" <<'PY'
import base64, json, sys
realm, modulus, kid, out = sys.argv[1:]
b64 = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
keys = [k for k in json.load(open(realm))["keys"] if k.get("use", "sig") == "sig"]
keys.append({"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid, "n": b64(bytes.fromhex(modulus)), "e": "AQAB"})
json.dump({"keys": keys}, open(out, "w"))
PY
    rm -f "$out.realm"
    ;;
  *) echo "usage: keycloak.sh start|stop|trusted-keys ..." >&2; exit 2 ;;
esac
