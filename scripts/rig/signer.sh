#!/usr/bin/env bash
# Starts or stops the LocalSigner (a SignPath-compatible signing service) on loopback.
#
#   signer.sh start <dir> <port> <token-env-or-value> [extra LocalSigner args]
#   signer.sh stop <dir>
#
# <token-env-or-value>: the name of a set environment variable holding the API token, or the token
# itself. It reaches the service through LOCALSIGNER_API_TOKEN, never its command line, so it does
# not show up in `ps`. <dir> holds the pid file, the log and the cosign key (cosign.key/cosign.pub,
# created on first start). Extra args, e.g. --approval-delay 5 --organization-id <guid>.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
project="$root/src/SignPath.Docker.LocalSigner"
dll="$project/bin/Release/net10.0/SignPath.Docker.LocalSigner.dll"

usage() {
  sed -n '4,5p' "${BASH_SOURCE[0]}" | sed 's/^# *//' >&2
  exit 2
}

is_running() {
  [[ -f "$1/signer.pid" ]] && kill -0 "$(cat "$1/signer.pid")" 2>/dev/null
}

# Builds only when the dll is missing or older than a source file, so repeated starts are cheap.
build_if_needed() {
  local log="$1/build.log"
  if [[ -f "$dll" ]] && [[ -z "$(find "$project" "$root/src/SignPath.Docker.Build.Core" \
      \( -path '*/bin' -o -path '*/obj' \) -prune -o \( -name '*.cs' -o -name '*.csproj' \) -newer "$dll" -print -quit)" ]]; then
    return
  fi
  echo "Building the LocalSigner (Release)..." >&2
  if ! dotnet build -c Release "$project" -nologo -v q >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
  fi
}

start() {
  [[ $# -ge 3 ]] || usage
  local dir port token_arg token
  dir=$(mkdir -p "$1" && cd "$1" && pwd)
  port="$2"
  token_arg="$3"
  shift 3
  if is_running "$dir"; then
    echo "LocalSigner already running (pid $(cat "$dir/signer.pid")); stop it first." >&2
    exit 1
  fi
  if [[ "$token_arg" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] && [[ -n "${!token_arg:-}" ]]; then
    token="${!token_arg}"
  else
    token="$token_arg"
  fi

  build_if_needed "$dir"
  LOCALSIGNER_API_TOKEN="$token" nohup dotnet "$dll" \
    --urls "http://127.0.0.1:$port" --contentRoot "$dir" --cosign-key "$dir/cosign.key" "$@" \
    >"$dir/signer.log" 2>&1 &
  echo $! >"$dir/signer.pid"

  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/_localsigner/health" >/dev/null 2>&1; then
      echo "LocalSigner running: http://127.0.0.1:$port/Api/ (pid $(cat "$dir/signer.pid"), public key $dir/cosign.pub, log $dir/signer.log)"
      return
    fi
    if ! is_running "$dir"; then
      echo "LocalSigner exited during startup:" >&2
      cat "$dir/signer.log" >&2
      rm -f "$dir/signer.pid"
      exit 1
    fi
    sleep 0.5
  done
  echo "LocalSigner did not become healthy within 60 s; log: $dir/signer.log" >&2
  stop "$dir"
  exit 1
}

stop() {
  [[ $# -ge 1 ]] || usage
  local dir="$1" pid
  [[ -f "$dir/signer.pid" ]] || return 0
  pid=$(cat "$dir/signer.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$dir/signer.pid"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) usage ;;
esac
