#!/usr/bin/env bash
# Makes DEVELOPMENT certificates for chatnode's TLS listener and mutual TLS, with openssl:
# a throw-away CA, a server certificate for localhost/127.0.0.1 (plus any names given), and a
# client certificate whose subject CN is a user name (for auth.certificateLogin).
#
#   conf/make-dev-cert.sh [DIR] [CLIENT_USER] [EXTRA_DNS_NAME...]     (default DIR: dev-certs)
#
# Then:
#   CHATNODE_TLS_ENABLED=true CHATNODE_TLS_CERT=dev-certs/server.crt CHATNODE_TLS_KEY=dev-certs/server.key ./chatnode node
#   ./chatnode client --ca dev-certs/ca.crt          (or: openssl s_client -quiet -CAfile dev-certs/ca.crt -connect localhost:6255)
#
# The keys are written mode 600 and must never be committed (.gitignore has dev-certs/ and *.key).
# For production use certificates from your CA or cert-manager; the node reloads them on change.
set -euo pipefail
dir="${1:-dev-certs}"
user="${2:-alice}"
shift $(( $# > 2 ? 2 : $# ))
command -v openssl >/dev/null || { echo "make-dev-cert: openssl is needed (or use keytool, see docs/SECURITY.md)" >&2; exit 2; }
mkdir -p "$dir"
umask 077
san="DNS:localhost,IP:127.0.0.1,IP:::1"
for name in "$@"; do san="$san,DNS:$name"; done

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
  -subj "/CN=chatnode development CA" -keyout "$dir/ca.key" -out "$dir/ca.crt" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

leaf() { # name cn extensions
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$2" \
    -keyout "$dir/$1.key" -out "$dir/$1.csr" 2>/dev/null
  printf '%s\n' "$3" > "$dir/$1.ext"
  openssl x509 -req -in "$dir/$1.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 30 -extfile "$dir/$1.ext" -out "$dir/$1.crt" 2>/dev/null
  rm -f "$dir/$1.csr" "$dir/$1.ext"
}
leaf server localhost "subjectAltName=$san
extendedKeyUsage=serverAuth"
leaf "client-$user" "$user" "extendedKeyUsage=clientAuth"
chmod 600 "$dir"/*.key
echo "made in $dir: ca.crt (trust it: --ca, tls.clientCa), server.crt/server.key (tls.cert/tls.key), client-$user.crt/.key (--cert/--key)"
