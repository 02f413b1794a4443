#!/usr/bin/env bash
# Local notary-server for tests: memory storage, server-held ECDSA snapshot/timestamp keys
# (our .NET client cannot verify ed25519), loopback only.
# notary-server's "local" trust service ignores key_algorithm and always makes ED25519 keys
# (cmd/notary-server/config.go getTrustService), so ECDSA needs a notary-signer (memory storage,
# gRPC over TLS on <port>+1) behind a "remote" trust service.
#
#   notary.sh start <dir> <port> [--tls]   # prints the server URL; <dir>/ca.crt signs all rig certs
#   notary.sh stop <dir>
#   notary.sh init-repo <dir> <server-url> <gun> <delegation.crt> [<ca.crt>]
#       uses the notary CLI with trust dir <dir>/trust: init, snapshot key to the server, delegations
#       targets/releases and targets/signpath (all paths) for the certificate, publish.
#       Passphrases come from NOTARY_{ROOT,TARGETS,SNAPSHOT,DELEGATION}_PASSPHRASE (defaults for throwaway keys).
set -euo pipefail

usage() { sed -n '2,12p' "$0" >&2; exit 2; }

wait_healthy() {
  local url="$1" curl_args=("${@:2}") i
  for i in $(seq 1 100); do
    if curl -fsS "${curl_args[@]}" "$url/_notary_server/health" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "notary-server did not become healthy at $url" >&2
  return 1
}

make_ca() {
  local dir="$1"
  openssl ecparam -name prime256v1 -genkey -noout -out "$dir/ca.key" 2>/dev/null
  openssl req -x509 -new -key "$dir/ca.key" -sha256 -days 30 -subj "/CN=notary-rig-ca" -out "$dir/ca.crt" 2>/dev/null
}

# make_cert <dir> <name>: P-256 cert for 127.0.0.1 signed by the rig CA.
make_cert() {
  local dir="$1" name="$2"
  openssl ecparam -name prime256v1 -genkey -noout -out "$dir/$name.key" 2>/dev/null
  openssl req -new -key "$dir/$name.key" -subj "/CN=127.0.0.1" -out "$dir/$name.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n' >"$dir/$name.ext"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 30 -sha256 -extfile "$dir/$name.ext" -out "$dir/$name.crt" 2>/dev/null
}

start_signer() {
  local dir="$1" grpc_port="$2"
  make_cert "$dir" signer
  cat >"$dir/signer.json" <<JSON
{"server":{"grpc_addr":"127.0.0.1:$grpc_port","tls_cert_file":"$dir/signer.crt","tls_key_file":"$dir/signer.key"},
 "storage":{"backend":"memory"},
 "logging":{"level":"info"}}
JSON
  notary-signer -config "$dir/signer.json" >"$dir/notary-signer.log" 2>&1 &
  echo $! >"$dir/notary-signer.pid"
  # The server only dials the signer on first use, so a signer that is not up yet shows as a
  # 500 on the first .key request rather than as a failed start.
  local i
  for i in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$grpc_port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "notary-signer did not listen on 127.0.0.1:$grpc_port" >&2
  cat "$dir/notary-signer.log" >&2
  return 1
}

cmd_start() {
  [ $# -ge 2 ] || usage
  local dir="$1" port="$2" tls="${3:-}"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  local tls_json="" scheme="http" curl_args=()
  make_ca "$dir"
  start_signer "$dir" $((port + 1))
  if [ "$tls" = "--tls" ]; then
    make_cert "$dir" server
    tls_json=",\"tls_cert_file\":\"$dir/server.crt\",\"tls_key_file\":\"$dir/server.key\""
    scheme="https"
    curl_args=(--cacert "$dir/ca.crt")
  fi
  cat >"$dir/server.json" <<JSON
{"server":{"http_addr":"127.0.0.1:$port"$tls_json},
 "trust_service":{"type":"remote","hostname":"127.0.0.1","port":"$((port + 1))","tls_ca_file":"$dir/ca.crt","key_algorithm":"ecdsa"},
 "storage":{"backend":"memory"},
 "logging":{"level":"info"}}
JSON
  notary-server -config "$dir/server.json" >"$dir/notary-server.log" 2>&1 &
  echo $! >"$dir/notary-server.pid"
  if ! wait_healthy "$scheme://127.0.0.1:$port" "${curl_args[@]}"; then
    cat "$dir/notary-server.log" "$dir/notary-signer.log" >&2
    cmd_stop "$dir"
    return 1
  fi
  echo "$scheme://127.0.0.1:$port"
}

cmd_stop() {
  [ $# -ge 1 ] || usage
  local name pidfile
  for name in notary-server notary-signer; do
    pidfile="$1/$name.pid"
    if [ -f "$pidfile" ]; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
      rm -f "$pidfile"
    fi
  done
}

cmd_init_repo() {
  [ $# -ge 4 ] || usage
  local dir="$1" url="$2" gun="$3" cert="$4" ca="${5:-}"
  : "${NOTARY_ROOT_PASSPHRASE:=rig-root-passphrase}" "${NOTARY_TARGETS_PASSPHRASE:=rig-targets-passphrase}"
  : "${NOTARY_SNAPSHOT_PASSPHRASE:=rig-snapshot-passphrase}" "${NOTARY_DELEGATION_PASSPHRASE:=rig-delegation-passphrase}"
  export NOTARY_ROOT_PASSPHRASE NOTARY_TARGETS_PASSPHRASE NOTARY_SNAPSHOT_PASSPHRASE NOTARY_DELEGATION_PASSPHRASE
  mkdir -p "$dir/trust"
  local n=(notary -s "$url" -d "$dir/trust")
  if [ -n "$ca" ]; then n+=(--tlscacert "$ca"); fi
  "${n[@]}" init "$gun" </dev/null
  "${n[@]}" key rotate "$gun" snapshot -r </dev/null
  "${n[@]}" publish "$gun" </dev/null
  "${n[@]}" delegation add "$gun" targets/releases "$cert" --all-paths </dev/null
  "${n[@]}" delegation add "$gun" targets/signpath "$cert" --all-paths </dev/null
  "${n[@]}" publish "$gun" </dev/null
}

[ $# -ge 1 ] || usage
sub="$1"; shift
case "$sub" in
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  init-repo) cmd_init_repo "$@" ;;
  *) usage ;;
esac
