#!/usr/bin/env bash
# Starts/stops a CNCF distribution registry (docker-registry) on loopback for tests.
#
#   registry.sh start <dir> <port> [--htpasswd user:pass] [--token <realm> <rootcertbundle>] [--tls] [--tls-dir <certdir>]
#   registry.sh stop <dir>
#   registry.sh tls-material <certdir>
#
# start writes <dir>/config.yml, keeps storage in <dir>/storage, the pid in <dir>/registry.pid and the
# server log in <dir>/registry.log. With --tls it also writes ca.crt (a test CA), server.crt/server.key
# (SAN IP:127.0.0.1, DNS:localhost) and ca-bundle.crt (system bundle + test CA, for SSL_CERT_FILE) into
# <dir>, or into <certdir> with --tls-dir. Existing certificates there are reused: .NET reads SSL_CERT_FILE
# only at process start, so a test run creates them first with `tls-material` and exports SSL_CERT_FILE.
# --token configures distribution's token auth (https://distribution.github.io/distribution/spec/auth/token/):
# clients are sent to <realm> for a JWT signed by a certificate in <rootcertbundle>, issued by
# "spd-test-token-service" for the service "spd-test-registry" (the test rig's token service).
# Starting an already running registry in the same <dir> is a no-op; stopping a stopped one too.
set -euo pipefail

die() { echo "registry.sh: $*" >&2; exit 1; }

usage() { die "usage: registry.sh start <dir> <port> [--htpasswd user:pass] [--token <realm> <rootcertbundle>] [--tls] [--tls-dir <certdir>] | registry.sh stop <dir> | registry.sh tls-material <certdir>"; }

running_pid() {
  local pidfile="$1/registry.pid"
  [[ -f "$pidfile" ]] || return 1
  local pid
  pid="$(cat "$pidfile")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && { echo "$pid"; return 0; }
  return 1
}

make_tls() {
  local dir="$1"
  [[ -f "$dir/server.crt" && -f "$dir/server.key" && -f "$dir/ca.crt" ]] && return 0
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
    -subj "/CN=SignPath.Docker.Build test CA" -keyout "$dir/ca.key" -out "$dir/ca.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=CA:FALSE" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" > "$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 30 -extfile "$dir/server.ext" -out "$dir/server.crt" 2>/dev/null
  cat /etc/ssl/certs/ca-certificates.crt "$dir/ca.crt" > "$dir/ca-bundle.crt"
}

start() {
  [[ $# -ge 2 ]] || usage
  local dir="$1" port="$2"; shift 2
  local htpasswd="" tls=0 certdir="" realm="" bundle=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --htpasswd) [[ $# -ge 2 ]] || usage; htpasswd="$2"; shift 2 ;;
      --token) [[ $# -ge 3 ]] || usage; realm="$2"; bundle="$3"; shift 3 ;;
      --tls) tls=1; shift ;;
      --tls-dir) [[ $# -ge 2 ]] || usage; certdir="$2"; tls=1; shift 2 ;;
      *) usage ;;
    esac
  done
  [[ "$port" =~ ^[0-9]+$ ]] || die "port '$port' is not a number"
  mkdir -p "$dir/storage"
  dir="$(cd "$dir" && pwd)"
  if running_pid "$dir" >/dev/null; then return 0; fi

  local scheme=http auth="" tlsconf=""
  if [[ -n "$htpasswd" ]]; then
    [[ "$htpasswd" == *:* ]] || die "--htpasswd expects user:pass"
    htpasswd -Bbn "${htpasswd%%:*}" "${htpasswd#*:}" > "$dir/htpasswd" 2>/dev/null || die "htpasswd failed"
    auth=$'auth:\n  htpasswd:\n    realm: signpath-test\n    path: '"$dir/htpasswd"
  fi
  if [[ -n "$realm" ]]; then
    [[ -f "$bundle" ]] || die "--token: root certificate bundle '$bundle' not found"
    auth=$'auth:\n  token:\n    realm: '"$realm"$'\n    service: spd-test-registry\n    issuer: spd-test-token-service\n    rootcertbundle: '"$(cd "$(dirname "$bundle")" && pwd)/$(basename "$bundle")"
  fi
  if [[ $tls -eq 1 ]]; then
    certdir="${certdir:-$dir}"
    mkdir -p "$certdir"
    certdir="$(cd "$certdir" && pwd)"
    make_tls "$certdir"
    scheme=https
    tlsconf=$'\n  tls:\n    certificate: '"$certdir/server.crt"$'\n    key: '"$certdir/server.key"
  fi
  cat > "$dir/config.yml" <<YML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
  secret: signpath-docker-build-test$tlsconf
$auth
YML

  # setsid so the registry outlives this script and is not hit by the caller's process-group signals.
  setsid docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 < /dev/null &
  echo $! > "$dir/registry.pid"

  local curlopts=(-s -o /dev/null -w '%{http_code}' --max-time 2)
  [[ $tls -eq 1 ]] && curlopts+=(--cacert "$certdir/ca.crt")
  for _ in $(seq 1 100); do
    local code
    code="$(curl "${curlopts[@]}" "$scheme://127.0.0.1:$port/v2/" || true)"
    if [[ "$code" == "200" || "$code" == "401" ]]; then return 0; fi
    if ! running_pid "$dir" >/dev/null; then
      cat "$dir/registry.log" >&2
      die "docker-registry exited during start (port $port in use?)"
    fi
    sleep 0.1
  done
  stop "$dir"
  die "docker-registry did not answer on $scheme://127.0.0.1:$port/v2/ within 10 s"
}

stop() {
  [[ $# -eq 1 ]] || usage
  local dir="$1" pid
  if pid="$(running_pid "$dir")"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/registry.pid"
}

[[ $# -ge 1 ]] || usage
cmd="$1"; shift
case "$cmd" in
  start) start "$@" ;;
  stop) stop "$@" ;;
  tls-material) [[ $# -eq 1 ]] || usage; mkdir -p "$1"; make_tls "$1" ;;
  *) usage ;;
esac
