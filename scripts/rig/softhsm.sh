#!/usr/bin/env bash
# SoftHSM2 tokens for tests and local experiments, kept entirely under a directory of the
# caller's choosing: the system token directory (/var/lib/softhsm) is shared and must stay untouched.
#
#   softhsm.sh init <dir> <label> <pin> <so-pin>
#       Writes <dir>/softhsm2.conf (tokens in <dir>/tokens), creates a token with that label and
#       prints the conf path. Use it as: export SOFTHSM2_CONF="$(softhsm.sh init ...)".
#       SoftHSM reads SOFTHSM2_CONF when the module is initialised (C_Initialize), so it must be
#       set before any process loads /usr/lib/softhsm/libsofthsm2.so.
set -euo pipefail

usage() {
  echo "usage: $0 init <dir> <label> <pin> <so-pin>" >&2
  exit 2
}

cmd_init() {
  [[ $# -eq 4 ]] || usage
  local dir=$1 label=$2 pin=$3 so_pin=$4
  mkdir -p "$dir/tokens"
  dir=$(cd "$dir" && pwd)
  local conf="$dir/softhsm2.conf"
  cat >"$conf" <<CONF
directories.tokendir = $dir/tokens
objectstore.backend = file
log.level = ERROR
CONF
  # softhsm2-util prints a success line on stdout; keep stdout for the conf path only.
  SOFTHSM2_CONF="$conf" softhsm2-util --init-token --free --label "$label" \
    --pin "$pin" --so-pin "$so_pin" >&2
  echo "$conf"
}

[[ $# -ge 1 ]] || usage
case "$1" in
  init) shift; cmd_init "$@" ;;
  *) usage ;;
esac
