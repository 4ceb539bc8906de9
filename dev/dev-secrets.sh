#!/usr/bin/env bash
# Development secrets for bin/run and bin/cluster, made once into DIR (mode 0700) and kept:
# master.key (32 random bytes, base64) and the RS256 pair bin/dev-token signs with
# (jwt-private.pem, jwt-public.pem). Never for production: operators set TRACE_RELAY_MASTER_KEY
# and MP_JWT_VERIFY_PUBLICKEY_LOCATION.
#   dev/dev-secrets.sh DIR
set -euo pipefail
dev=${1:?usage: dev-secrets.sh DIR}
mkdir -p "$dev"
chmod 700 "$dev"
[ -f "$dev/master.key" ] || (umask 077; head -c 32 /dev/urandom | base64 > "$dev/master.key")
if [ ! -f "$dev/jwt-private.pem" ]; then
  (umask 077; openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dev/jwt-private.pem" 2>/dev/null)
  openssl pkey -in "$dev/jwt-private.pem" -pubout -out "$dev/jwt-public.pem"
fi
