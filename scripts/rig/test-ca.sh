#!/usr/bin/env bash
# Creates (once) a throwaway certificate authority for the TLS variants of the test servers and a
# CA bundle = the system bundle + that CA. Prints shell exports to eval:
#   SSL_CERT_FILE      read by OpenSSL (so by .NET's HttpClient and the .NET SDK's container push)
#   RIG_TEST_CA_DIR    where rig scripts find ca.crt / ca.key to issue server certificates
#   usage: eval "$(scripts/rig/test-ca.sh <dir>)"
set -euo pipefail
dir=$1
mkdir -p "$dir"
if [[ ! -f "$dir/ca.crt" ]]; then
  openssl ecparam -name prime256v1 -genkey -noout -out "$dir/ca.key" 2>/dev/null
  openssl req -x509 -new -key "$dir/ca.key" -sha256 -days 30 -subj "/CN=SignPath.Docker.Build test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$dir/ca.crt" 2>/dev/null
  chmod 600 "$dir/ca.key"
fi
system_bundle=/etc/ssl/certs/ca-certificates.crt
{ [[ -f $system_bundle ]] && cat "$system_bundle"; cat "$dir/ca.crt"; } > "$dir/ca-bundle.crt"
echo "export SSL_CERT_FILE='$dir/ca-bundle.crt'"
echo "export RIG_TEST_CA_DIR='$dir'"
